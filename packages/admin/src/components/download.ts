/**
 * Hands a downloaded file to the browser's save dialog (an object URL, no new window).
 */
import type { Download } from '../api/client.ts';

/** @example saveDownload(await api.auditCsv(filter)) */
export function saveDownload({ blob, filename }: Download): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
