/**
 * A button that fetches a file and hands it to the browser's save dialog, busy while it downloads. A
 * failure is passed to the screen, which shows it with its other errors.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Download } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { saveDownload } from './download.ts';
import { Button } from './ui.tsx';

interface DownloadButtonProps {
  download: () => Promise<Download>;
  /** Called with '' when a download starts and with the message when it fails. */
  onError: (message: string) => void;
  children: ComponentChildren;
  small?: boolean;
}

/** @example <DownloadButton download={() => api.statisticsXlsx(query)} onError={setError}>Excelでダウンロード</DownloadButton> */
export function DownloadButton({ download, onError, children, small }: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      busy={busy}
      class={small ? 'button-small' : undefined}
      onClick={async () => {
        setBusy(true);
        onError('');
        try {
          saveDownload(await download());
        } catch (caught) {
          onError(errorMessage(caught));
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
    </Button>
  );
}
