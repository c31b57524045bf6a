/**
 * What a screen shows for the view in its address, loaded from the API again whenever the view changes. A
 * newer view cancels the older load, so a slow answer never replaces a newer one; what arrived is announced
 * to screen readers. LoadedView shows the error, the loading sign or the data.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api.ts';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from './announcer.tsx';
import { Loading, Message } from './ui.tsx';

export interface Loaded<T> {
  /** null while loading (with keepWhileLoading, only the first time), or when the load failed. */
  data: T | null;
  error: string;
  /** Shows the screen's own failures (a download) where load errors are shown. */
  setError: (message: string) => void;
}

interface LoadOptions<T> {
  /** The sentence read out when the data arrives; '' reads nothing. */
  announcement: (data: T) => string;
  /** Keep showing the previous data while the next loads (paging), instead of a loading sign. */
  keepWhileLoading?: boolean;
}

/**
 * Loads again when `view` changes (by identity: a memoised view or a string).
 *
 * @example const { data, error } = useLoaded((api, signal) => api.monthlyReport(month, signal), month, { announcement: () => '表示しました。' });
 */
export function useLoaded<T>(load: (api: AdminApi, signal: AbortSignal) => Promise<T>, view: unknown, { announcement, keepWhileLoading = false }: LoadOptions<T>): Loaded<T> {
  const { api } = useApp();
  const announce = useAnnounce();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    if (!keepWhileLoading) setData(null);
    setError('');
    load(api, controller.signal).then(
      (reply) => {
        setData(reply);
        const sentence = announcement(reply);
        if (sentence) announce(sentence);
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(caught));
      },
    );
    return () => controller.abort();
  }, [api, view]);

  return { data, error, setError };
}

interface LoadedViewProps<T> {
  loaded: Loaded<T>;
  /** What the loading sign says (「集計しています…」). */
  loadingLabel?: string;
  children: (data: T) => ComponentChildren;
}

/** @example <LoadedView loaded={loaded} loadingLabel="集計しています…">{(data) => <Statistics data={data} />}</LoadedView> */
export function LoadedView<T>({ loaded: { data, error }, loadingLabel, children }: LoadedViewProps<T>) {
  return (
    <>
      <Message kind="error">{error}</Message>
      {data !== null ? children(data) : error ? null : <Loading label={loadingLabel} />}
    </>
  );
}
