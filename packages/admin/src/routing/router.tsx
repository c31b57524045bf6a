/**
 * Client-side routing with the History API: the current address as a hook, `navigate`, a `Link` that
 * stays in the page, and a guard that asks before leaving a form with unsaved changes (in the console and
 * when closing the tab).
 */
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  pathname: string;
  search: string;
}

const listeners = new Set<() => void>();
/** Returns a question to ask before leaving, or null when nothing would be lost. */
const guards = new Set<() => string | null>();
let shown = `${window.location.pathname}${window.location.search}`;

function readLocation(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

function notify(): void {
  shown = `${window.location.pathname}${window.location.search}`;
  for (const listener of listeners) listener();
}

/** True when every guard lets the staff member go (asking them where something would be lost). */
function mayLeave(): boolean {
  for (const guard of guards) {
    const question = guard();
    if (question !== null && !window.confirm(question)) return false;
  }
  return true;
}

window.addEventListener('popstate', () => {
  const target = `${window.location.pathname}${window.location.search}`;
  if (target === shown) return;
  if (!mayLeave()) {
    // Back/forward already changed the address: put the form's address back.
    window.history.pushState(null, '', shown);
    return;
  }
  notify();
});

window.addEventListener('beforeunload', (event) => {
  for (const guard of guards) {
    if (guard() !== null) {
      event.preventDefault();
      event.returnValue = '';
      return;
    }
  }
});

/**
 * Goes to a console address. Returns false when the staff member chose to stay on an unsaved form.
 *
 * @example navigate('/admin/qas/1001')
 */
export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): boolean {
  if (to === `${window.location.pathname}${window.location.search}`) return true;
  if (!options.force && !mayLeave()) return false;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
  return true;
}

/** The current address; re-renders on every change. */
export function useLocation(): Location {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const update = () => setLocation(readLocation());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/**
 * While `dirty`, leaving (another screen, reload, closing the tab) asks first.
 *
 * @example useLeaveGuard(isDirty, '保存していない変更があります。このページを離れますか？')
 */
export function useLeaveGuard(dirty: boolean, question = '保存していない変更があります。変更を捨てて移動しますか？'): void {
  useEffect(() => {
    if (!dirty) return;
    const guard = () => question;
    guards.add(guard);
    return () => {
      guards.delete(guard);
    };
  }, [dirty, question]);
}

type AnchorProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An ordinary link (middle-click and ctrl-click open a tab) that changes screens without reloading. */
export function Link({ href, onClick, ...rest }: AnchorProps) {
  return (
    <a
      href={href}
      onClick={(event) => {
        if (typeof onClick === 'function') onClick(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
