/**
 * Compressed backups: gzip a file, gunzip one, recognise one by its first bytes (not its name), and check
 * that a compressed file gives back exactly the bytes it was made from.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupError } from './backup-error.ts';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** True when the file starts like a gzip stream. */
export async function isGzipFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(GZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

export async function gzipFile(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createGzip({ level: 6 }), createWriteStream(to, { flags: 'wx' }));
}

/** @throws BackupError when the compressed data is cut short or damaged. */
export async function gunzipFile(from: string, to: string): Promise<void> {
  await readGzip(() => pipeline(createReadStream(from), createGunzip(), createWriteStream(to, { flags: 'wx' })));
}

/** @throws BackupError unless `compressed` decompresses to exactly the bytes of `plain`. */
export async function assertGzipOf(compressed: string, plain: string): Promise<void> {
  const [unpacked, original] = await Promise.all([readGzip(() => sha256Of(compressed, createGunzip())), sha256Of(plain)]);
  if (unpacked !== original) throw new BackupError('圧縮したバックアップを読み戻すと元と一致しませんでした。ディスクの空きと状態を確かめてください。');
}

async function sha256Of(file: string, transform?: Transform): Promise<string> {
  const hash = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done();
    },
  });
  await (transform ? pipeline(createReadStream(file), transform, sink) : pipeline(createReadStream(file), sink));
  return hash.digest('hex');
}

// zlib's errors ("unexpected end of file", "incorrect header check") become one message staff can act on.
async function readGzip<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')) {
      throw new BackupError('圧縮されたバックアップが途中で切れているか、壊れています。別のバックアップファイルを使ってください。');
    }
    throw error;
  }
}
