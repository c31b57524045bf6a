/**
 * Screen-reader announcements: one polite and one assertive live region for the whole console, kept in the
 * page from the start (regions added later are often not read).
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';

export type Announce = (message: string, urgency?: 'polite' | 'assertive') => void;

const AnnounceContext = createContext<Announce>(() => undefined);

export function AnnouncerProvider({ children }: { children: ComponentChildren }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const announce = useCallback<Announce>((message, urgency = 'polite') => {
    const set = urgency === 'assertive' ? setAssertive : setPolite;
    // Clearing first makes the same sentence twice be read twice.
    set('');
    window.setTimeout(() => set(message), 50);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {polite}
      </div>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true">
        {assertive}
      </div>
    </AnnounceContext.Provider>
  );
}

/** @example const announce = useAnnounce(); announce('保存しました。'); */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
