/**
 * `madoguchi backup FILE` and `madoguchi restore FILE` (R41), and the scheduled backups of `serve`.
 * With DATABASE_URL set they use PostgreSQL's pg_dump and pg_restore; otherwise the SQLite file of the data
 * directory. Every site of the deployment is in one backup.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  backupInChildProcess,
  backupPostgres,
  backupSqlite,
  restorePostgres,
  restoreSqlite,
  startBackupSchedule,
  type BackupLog,
  type BackupManifest,
} from '../backup/index.ts';
import { SQLITE_FILE_NAME } from '../store/sqlite/index.ts';
import type { GlobalOptions } from './options.ts';

/** `serve`'s backup settings; no directory, no scheduled backups. */
export interface BackupScheduleSettings {
  backupDir: string | undefined;
  backupEvery: number;
  backupKeep: number;
}

export const DEFAULT_BACKUP_EVERY_HOURS = 24;
export const DEFAULT_BACKUP_KEEP = 7;
/** A week: weekly is the longest sensible interval, and it keeps the timer within what Node can wait. */
const MAX_BACKUP_EVERY_HOURS = 168;

/** `--backup-every`: hours, fractions allowed (0.5 is every half hour). */
export function backupHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_BACKUP_EVERY_HOURS) {
    throw new InvalidArgumentError(`0 より大きく ${MAX_BACKUP_EVERY_HOURS} 以下の時間数を指定してください（例: 24、0.5）`);
  }
  return hours;
}

/** `--backup-keep`: at least one backup is always kept. */
export function backupCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('1以上の整数を指定してください');
  return n;
}

export async function backupCommand(file: string, options: GlobalOptions): Promise<void> {
  const target = path.resolve(file);
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const archive = await backupPostgres(databaseUrl, target);
    console.log(`バックアップを作成しました（pg_dump）: ${file}（表 ${archive.tables.length} 個、${await sizeOf(target)}、読み戻して確認済み）`);
    return;
  }
  const manifest = await backupSqlite(databaseFileOf(options), target);
  console.log(`バックアップを作成しました: ${file}（${contentsOf(manifest)}、${await sizeOf(target)}、検査済み）`);
}

export async function restoreCommand(file: string, options: GlobalOptions & { force: boolean }): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const archive = await restorePostgres(path.resolve(file), databaseUrl, options);
    console.log(`バックアップを DATABASE_URL のデータベースに戻しました（表 ${archive.tables.length} 個）。サーバーを起動してください。`);
    return;
  }
  const { manifest, replacedDatabase } = await restoreSqlite(path.resolve(file), options.dataDir, options);
  console.log(`${formatTime(manifest.createdAt)} のバックアップを ${path.resolve(options.dataDir)} に戻しました（${contentsOf(manifest)}）。`);
  if (replacedDatabase) console.log(`置き換える前のデータベースは ${replacedDatabase} に残しています。`);
  console.log('サーバーを起動してください。');
}

/**
 * Starts `serve`'s scheduled backups when a directory is set; each one is `madoguchi backup` with the same
 * data directory and environment.
 */
export function startScheduledBackups(options: GlobalOptions & BackupScheduleSettings, log: BackupLog): { stop(): void } | undefined {
  if (!options.backupDir) return undefined;
  return startBackupSchedule({
    dir: path.resolve(options.backupDir),
    everyHours: options.backupEvery,
    keep: options.backupKeep,
    kind: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
    makeBackup: backupInChildProcess(['--data-dir', path.resolve(options.dataDir)]),
    log,
  });
}

function databaseFileOf(options: GlobalOptions): string {
  return path.resolve(options.dataDir, SQLITE_FILE_NAME);
}

function contentsOf(manifest: BackupManifest): string {
  const rows = (table: string): string => (manifest.rows[table] ?? 0).toLocaleString('ja-JP');
  return `QA ${rows('qas')} 件、QA の変更履歴 ${rows('qa_revisions')} 件、ファイル ${rows('files')} 件、会話ログ ${rows('chat_turns')} 件`;
}

async function sizeOf(file: string): Promise<string> {
  return `${((await stat(file)).size / 1024 / 1024).toFixed(1)} MB`;
}

const JAPAN_TIME = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'medium' });

function formatTime(iso: string): string {
  return JAPAN_TIME.format(new Date(iso));
}
