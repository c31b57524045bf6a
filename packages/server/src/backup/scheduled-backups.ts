/**
 * Backups on a timer inside `madoguchi serve` (R41), kept to the newest N. Each backup is the
 * `madoguchi backup` command in a child process: the copy never holds up answers in the server's event
 * loop, and it is exactly what an operator runs by hand. Old backups are deleted only after a new one passed
 * its checks; a failure is logged and retried at the next time, never taking the server down.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupsToDelete, nextBackupDue, scheduledBackupName, type BackupKind } from './rotation.ts';

/** The `madoguchi` command of this checkout. */
const MADOGUCHI_BIN = fileURLToPath(new URL('../../bin/madoguchi.js', import.meta.url));

/** The slice of the server's logger (pino) the schedule writes to. */
export interface BackupLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface BackupScheduleOptions {
  dir: string;
  everyHours: number;
  /** How many scheduled backups to keep (at least one). */
  keep: number;
  kind: BackupKind;
  /** Writes one verified backup to the file, or rejects; see {@link backupInChildProcess}. */
  makeBackup: (file: string) => Promise<void>;
  log: BackupLog;
  now?: () => Date;
}

/**
 * Starts the schedule: the first backup when the newest one in `dir` is `everyHours` old (at once when there
 * is none), then every `everyHours`. `stop` cancels what is not started; a backup under way finishes in
 * its own process.
 *
 * @example
 * const schedule = startBackupSchedule({ dir: '/var/backups/madoguchi', everyHours: 24, keep: 7, kind: 'sqlite',
 *   makeBackup: backupInChildProcess(['--data-dir', './data']), log: app.log });
 */
export function startBackupSchedule(options: BackupScheduleOptions): { stop(): void } {
  const now = options.now ?? (() => new Date());
  const everyMs = options.everyHours * 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const backUp = async (at: Date): Promise<void> => {
    const file = path.join(options.dir, scheduledBackupName(at, options.kind));
    try {
      await mkdir(options.dir, { recursive: true });
      await options.makeBackup(file);
      // Never the one just written, even if the clock was set back and its name looks older.
      const deleted = backupsToDelete(await readdir(options.dir), options.keep).filter((name) => name !== path.basename(file));
      for (const name of deleted) await rm(path.join(options.dir, name), { force: true });
      options.log.info({ file, deleted }, 'scheduled backup written');
    } catch (error) {
      options.log.error({ err: error, file }, 'scheduled backup failed');
    }
  };
  const runAfter = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      const started = now();
      // Counted from the start of this one, failed or not: a failing backup is retried at the next time, not in a loop.
      void backUp(started).then(() => runAfter(started.getTime() + everyMs - now().getTime()));
    }, Math.max(0, delayMs)).unref();
  };

  void readdir(options.dir)
    .catch(() => [])
    .then((names) => runAfter(nextBackupDue(names, everyMs, now()).getTime() - now().getTime()));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * `makeBackup` as the `madoguchi backup FILE` command with the given global arguments, in a child process
 * with this process's environment (so DATABASE_URL chooses pg_dump there too).
 *
 * @example backupInChildProcess(['--data-dir', '/srv/madoguchi/data'])
 */
export function backupInChildProcess(globalArgs: readonly string[]): (file: string) => Promise<void> {
  return (file) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [MADOGUCHI_BIN, ...globalArgs, 'backup', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`madoguchi backup ended with ${signal ?? `exit code ${code}`}: ${stderr.trim()}`));
      });
    });
}
