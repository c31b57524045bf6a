/**
 * Online backups of the SQLite database while the server answers and staff edit. SQLite's backup API copies
 * the file under one read transaction; in WAL mode that blocks neither readers nor writers, and what it
 * copies is one committed state. Uploaded files live in the database (table `files`), so they come along.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { currentVersion } from '../store/sqlite/migrate.ts';
import { commitFile, tempPathBeside } from './atomic-files.ts';
import { BackupError } from './backup-error.ts';
import { assertGzipOf, gzipFile } from './gzip-files.ts';
import { countRows, readManifest, stampManifest, type BackupManifest } from './manifest.ts';

/*
 * Pages per backup step. SQLite restarts a stepped backup whenever another connection writes between steps,
 * which under steady chat logging could go on for ever; one step for the whole file is a single read
 * transaction instead. It blocks this process's event loop for the copy, which is why the server runs
 * scheduled backups as a separate `madoguchi backup` process.
 */
const WHOLE_FILE = 0x7fffffff;

/**
 * Copies the live database at `databaseFile` to `target` (gzip-compressed when the name ends in .gz),
 * stamps a manifest into the copy and verifies it before it takes the final name: `target` is either the
 * old file or a complete, checked backup, never half of one.
 *
 * @throws BackupError when there is no database or the copy fails its checks.
 * @example const manifest = await backupSqlite('./data/madoguchi.sqlite', '/backups/madoguchi.sqlite.gz');
 */
export async function backupSqlite(databaseFile: string, target: string, now: () => Date = () => new Date()): Promise<BackupManifest> {
  if (!existsSync(databaseFile)) throw new BackupError(`データベースがありません（${databaseFile}）。--data-dir を確かめてください。`);
  if (liveDatabaseFiles(databaseFile).includes(path.resolve(target))) {
    throw new BackupError('バックアップの保存先に、使用中のデータベースそのものは指定できません。別のファイル名を指定してください。');
  }
  await mkdir(path.dirname(target), { recursive: true });
  const snapshot = tempPathBeside(target, 'snapshot');
  const compressed = target.endsWith('.gz') ? tempPathBeside(target, 'gzip') : undefined;
  try {
    await copyDatabase(databaseFile, snapshot);
    const manifest = withDatabase(snapshot, {}, (db) => {
      // The copy keeps the source's WAL flag; a self-contained file is easier to move and to open read-only.
      db.pragma('journal_mode = DELETE');
      return stampManifest(db, now());
    });
    verifySnapshot(snapshot);
    if (compressed) {
      await gzipFile(snapshot, compressed);
      await assertGzipOf(compressed, snapshot);
      await commitFile(compressed, target);
    } else {
      await commitFile(snapshot, target);
    }
    return manifest;
  } finally {
    for (const file of liveDatabaseFiles(snapshot)) await rm(file, { force: true });
    if (compressed) await rm(compressed, { force: true });
  }
}

/** The database file and the files SQLite keeps beside it while it is open. */
export function liveDatabaseFiles(databaseFile: string): string[] {
  const file = path.resolve(databaseFile);
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

async function copyDatabase(databaseFile: string, snapshot: string): Promise<void> {
  const source = new Database(databaseFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(snapshot, { progress: () => WHOLE_FILE });
  } finally {
    source.close();
  }
}

/**
 * Opens a backup read-only and checks it: SQLite's integrity check, a Madoguchi manifest, and every table
 * holding the rows and the schema version the manifest recorded.
 *
 * @throws BackupError naming what failed.
 * @example verifySnapshot('/tmp/restore.sqlite').rows.qas; // 429
 */
export function verifySnapshot(file: string): BackupManifest {
  return withDatabase(file, { readonly: true }, (db) => {
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems.length !== 1 || problems[0]?.integrity_check !== 'ok') {
      const detail = problems.slice(0, 3).map((p) => p.integrity_check).join(' / ');
      throw new BackupError(`バックアップのデータベースが壊れています（integrity_check: ${detail}）。別のバックアップファイルを使ってください。`);
    }
    const manifest = readManifest(db);
    const rows = countRows(db);
    const differing = [...new Set([...Object.keys(rows), ...Object.keys(manifest.rows)])].filter((table) => rows[table] !== manifest.rows[table]);
    if (differing.length > 0 || currentVersion(db) !== manifest.schemaVersion) {
      throw new BackupError(`バックアップの中身が記録と一致しません（${differing.join('、') || 'スキーマの版'}）。別のバックアップファイルを使ってください。`);
    }
    return manifest;
  });
}

/**
 * Runs `use` on the database file and closes it, turning "not a database" and corruption into a BackupError.
 */
export function withDatabase<T>(file: string, options: Database.Options, use: (db: Database.Database) => T): T {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { ...options, fileMustExist: true });
    return use(db);
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(error.code)) {
      throw new BackupError('バックアップファイルが壊れているか、SQLite のデータベースではありません。別のバックアップファイルを使ってください。');
    }
    throw error;
  } finally {
    db?.close();
  }
}
