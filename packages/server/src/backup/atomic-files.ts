/**
 * Files that appear whole or not at all: written under a hidden temporary name in the same directory
 * (so a rename cannot cross file systems), flushed to disk, then renamed over the final name.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * A hidden name beside `file` for its unfinished version.
 *
 * @example tempPathBeside('/backups/a.sqlite.gz', 'gzip'); // '/backups/.a.sqlite.gz.gzip-9f2c4e1a.tmp'
 */
export function tempPathBeside(file: string, label: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${label}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Flushes `temp` to disk, renames it to `file` (replacing any old one in one step) and flushes the directory
 * entry. The file is readable by its owner only: it holds staff password hashes and the chat log.
 */
export async function commitFile(temp: string, file: string): Promise<void> {
  await chmod(temp, 0o600);
  await syncPath(temp, 'r+');
  await rename(temp, file);
  await syncPath(path.dirname(file), 'r');
}

async function syncPath(target: string, flags: string): Promise<void> {
  const handle = await open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
