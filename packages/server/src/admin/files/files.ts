/**
 * Images and PDFs for answers (R10): the type is read from the bytes (file-type), never trusted from the
 * browser, and only what the answer renderer shows is accepted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { ApiError } from '../../http/api-error.ts';
import type { StoredFile, Store } from '../../store/store.ts';

/** What answers can show: images inline, PDFs as links. */
export const ACCEPTED_FILE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];

/** Large enough for a scanned form, small enough for a citizen's phone. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The public address of a stored file, beside the chat API (answers are shown on the city's pages). */
export function filePath(file: Pick<StoredFile, 'id' | 'name'>): string {
  return `/files/${file.id}/${encodeURIComponent(file.name)}`;
}

/**
 * @example await storeUpload(store, 'default', '様式.pdf', bytes, 'suzuki');
 */
export async function storeUpload(store: Store, siteId: string, name: string, bytes: Buffer, actor: string, now: Date = new Date()): Promise<StoredFile> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected === undefined || !ACCEPTED_FILE_TYPES.includes(detected.mime)) {
    throw new ApiError(415, 'FILE_TYPE_NOT_ACCEPTED', '画像（PNG・JPEG・GIF・WebP）か PDF のファイルを選んでください。ファイルの中身から種類を確かめています。');
  }
  const file: StoredFile = {
    siteId,
    id: randomBytes(12).toString('base64url'),
    name: safeName(name, detected.ext),
    type: detected.mime,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    uploadedBy: actor,
    uploadedAt: now.toISOString(),
  };
  await store.saveFile(file, bytes);
  return file;
}

/** The name as shown in the address: no path, no control characters, the real extension. */
function safeName(name: string, ext: string): string {
  const base = [...(name.split(/[\\/]/).pop() ?? '')].filter((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f' && !'"<>|?*:'.includes(c)).join('').trim();
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 100) || 'file';
  return `${stem}.${ext}`;
}
