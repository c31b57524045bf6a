/**
 * Names and rotation of scheduled backups. Names carry the time in Japan, so they sort by age and staff read
 * them as they are: madoguchi-20261101-030000.sqlite.gz. Only files with such names are ever deleted.
 */
import { japanDay, japanHour } from '../time/japan-time.ts';

/** SQLite backups are gzip-compressed database files; PostgreSQL ones pg_dump's custom format. */
export type BackupKind = 'sqlite' | 'postgres';

const EXTENSION: Readonly<Record<BackupKind, string>> = { sqlite: '.sqlite.gz', postgres: '.pgdump' };
const NAME_PATTERN = /^madoguchi-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.(?:sqlite\.gz|pgdump)$/;

/** @example scheduledBackupName(new Date('2026-10-31T18:00:00Z'), 'sqlite'); // 'madoguchi-20261101-030000.sqlite.gz' */
export function scheduledBackupName(at: Date, kind: BackupKind): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  // Japan's offset is whole hours: minutes and seconds are the same as UTC's.
  return `madoguchi-${japanDay(at).replaceAll('-', '')}-${two(japanHour(at))}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}${EXTENSION[kind]}`;
}

/** When a scheduled backup was made, from its name; undefined for any other file. */
export function scheduledBackupTime(name: string): Date | undefined {
  const m = NAME_PATTERN.exec(name);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+09:00`) : undefined;
}

/**
 * The scheduled backups beyond the newest `keep`, oldest last; other files in the directory are never listed.
 *
 * @example backupsToDelete(['madoguchi-20261101-030000.sqlite.gz', 'madoguchi-20261102-030000.sqlite.gz', 'notes.txt'], 1); // ['madoguchi-20261101-030000.sqlite.gz']
 */
export function backupsToDelete(names: readonly string[], keep: number): string[] {
  return newestFirst(names).slice(Math.max(1, keep));
}

/**
 * When the next backup is due: `every` after the newest one in the directory, or now when there is none or
 * it is overdue, so a restart neither skips a backup nor makes an extra one.
 */
export function nextBackupDue(names: readonly string[], everyMs: number, now: Date): Date {
  const newest = newestFirst(names)[0];
  const due = newest === undefined ? 0 : (scheduledBackupTime(newest)?.getTime() ?? 0) + everyMs;
  return new Date(Math.max(due, now.getTime()));
}

function newestFirst(names: readonly string[]): string[] {
  return names
    .flatMap((name) => {
      const time = scheduledBackupTime(name)?.getTime();
      return time === undefined ? [] : [{ name, time }];
    })
    .sort((a, b) => b.time - a.time)
    .map((backup) => backup.name);
}
