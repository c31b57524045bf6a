/**
 * Restoring a SQLite backup into a data directory: the backup is unpacked and checked beside the database,
 * and only a file that passed takes the database's name, in one rename. An existing database is replaced
 * only when asked (--force), and is then kept under a "before-restore" name rather than deleted.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { migrations } from '../store/sqlite/migrations.ts';
import { SQLITE_FILE_NAME } from '../store/sqlite/sqlite-store.ts';
import { commitFile, tempPathBeside } from './atomic-files.ts';
import { BackupError } from './backup-error.ts';
import { gunzipFile, isGzipFile } from './gzip-files.ts';
import { removeManifest, type BackupManifest } from './manifest.ts';
import { liveDatabaseFiles, verifySnapshot, withDatabase } from './sqlite-snapshot.ts';

export interface SqliteRestoreResult {
  manifest: BackupManifest;
  /** Where the database that was replaced now is (with --force), or undefined when there was none. */
  replacedDatabase: string | undefined;
}

/**
 * Restores `backupFile` (plain or gzip) as `dataDir`'s database. Stop the server on that directory first.
 *
 * @throws BackupError when a database is there and `force` is not set, or the backup fails its checks.
 * @example const { manifest } = await restoreSqlite('/backups/madoguchi-20261101-030000.sqlite.gz', './data', { force: false });
 */
export async function restoreSqlite(backupFile: string, dataDir: string, options: { force: boolean; now?: () => Date }): Promise<SqliteRestoreResult> {
  if (!existsSync(backupFile)) throw new BackupError(`バックアップファイルがありません（${backupFile}）。`);
  const databaseFile = path.resolve(dataDir, SQLITE_FILE_NAME);
  const existing = liveDatabaseFiles(databaseFile).filter((file) => existsSync(file));
  if (existing.length > 0 && !options.force) {
    throw new BackupError(
      `${path.dirname(databaseFile)} にはすでにデータベースがあります。置き換えるときは、サーバーを止めてから --force を付けて実行してください（今のデータベースは別名で残します）。`,
    );
  }
  await mkdir(path.dirname(databaseFile), { recursive: true });
  const temp = tempPathBeside(databaseFile, 'restore');
  try {
    if (await isGzipFile(backupFile)) await gunzipFile(backupFile, temp);
    else await copyFile(backupFile, temp);
    const manifest = verifySnapshot(temp);
    const latest = migrations.length;
    if (manifest.schemaVersion > latest) {
      throw new BackupError(
        `このバックアップは新しい版の Madoguchi（${manifest.madoguchiVersion}、スキーマ ${manifest.schemaVersion}）で作られています。Madoguchi を更新してから戻してください（この版はスキーマ ${latest} まで）。`,
      );
    }
    withDatabase(temp, {}, removeManifest);
    const replacedDatabase = existing.length > 0 ? await moveAside(existing, databaseFile, (options.now ?? (() => new Date()))()) : undefined;
    await commitFile(temp, databaseFile);
    return { manifest, replacedDatabase };
  } finally {
    for (const file of liveDatabaseFiles(temp)) await rm(file, { force: true });
  }
}

/*
 * The database's companions (-wal, -shm) go first: a WAL left beside the restored file would be replayed
 * into it. Renamed together they stay a pair, so the old database still opens under its new name.
 */
async function moveAside(existing: string[], databaseFile: string, at: Date): Promise<string> {
  const keptAs = `${databaseFile}.before-restore-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  const companionsFirst = [...existing].sort((a, b) => Number(a === databaseFile) - Number(b === databaseFile));
  for (const file of companionsFirst) await rename(file, `${keptAs}${file.slice(databaseFile.length)}`);
  return keptAs;
}
