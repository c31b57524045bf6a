/**
 * Scheduled backups: their names, which ones rotation deletes, when the next one is due, and the schedule
 * itself (a failed backup deletes nothing and does not stop the next).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { backupsToDelete, nextBackupDue, scheduledBackupName, scheduledBackupTime } from './rotation.ts';
import { startBackupSchedule } from './scheduled-backups.ts';

const HOUR = 3_600_000;

test('names carry the time in Japan, read back exactly; other names are not backups', () => {
  const at = new Date('2026-10-31T18:04:05.678Z');
  assert.equal(scheduledBackupName(at, 'sqlite'), 'madoguchi-20261101-030405.sqlite.gz');
  assert.equal(scheduledBackupName(at, 'postgres'), 'madoguchi-20261101-030405.pgdump');
  assert.equal(scheduledBackupTime('madoguchi-20261101-030405.sqlite.gz')?.toISOString(), '2026-10-31T18:04:05.000Z');
  for (const other of ['madoguchi-20261101-030405.sqlite', 'madoguchi-20261101-030405.sqlite.gz.tmp', '.madoguchi-20261101-030405.sqlite.gz.gzip-1a2b3c4d.tmp', 'notes.txt', 'madoguchi-2026110-030405.pgdump']) {
    assert.equal(scheduledBackupTime(other), undefined, other);
  }
});

test('rotation deletes the oldest beyond N, and nothing that is not a scheduled backup', () => {
  const names = [
    'madoguchi-20261103-030000.sqlite.gz',
    'notes.txt',
    'madoguchi-20261101-030000.sqlite.gz',
    'madoguchi-20261104-030000.pgdump',
    'manual.sqlite.gz',
    'madoguchi-20261102-030000.sqlite.gz',
    '.madoguchi-20261105-030000.sqlite.gz.gzip-1a2b3c4d.tmp',
  ];
  assert.deepEqual(backupsToDelete(names, 2), ['madoguchi-20261102-030000.sqlite.gz', 'madoguchi-20261101-030000.sqlite.gz']);
  assert.deepEqual(backupsToDelete(names, 4), []);
  assert.deepEqual(backupsToDelete(names, 10), []);
  // The newest is never deleted, whatever N says.
  assert.deepEqual(backupsToDelete(names, 0), backupsToDelete(names, 1));
  assert.equal(backupsToDelete(names, 1).length, 3);
});

test('the next backup is due N hours after the newest one, or now when none is there or it is overdue', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  assert.equal(nextBackupDue([], 24 * HOUR, now).toISOString(), now.toISOString());
  assert.equal(nextBackupDue(['notes.txt'], 24 * HOUR, now).toISOString(), now.toISOString());
  // 2026-11-01 15:00 in Japan is 06:00 UTC.
  const names = ['madoguchi-20261031-150000.sqlite.gz', 'madoguchi-20261101-150000.sqlite.gz'];
  assert.equal(nextBackupDue(names, 24 * HOUR, now).toISOString(), '2026-11-02T06:00:00.000Z');
  assert.equal(nextBackupDue(names, 3 * HOUR, now).toISOString(), now.toISOString());
});

test('the schedule keeps the newest N; a failed backup is logged, deletes nothing, and the next one still runs', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-rotation-'));
  await writeFile(path.join(dir, 'notes.txt'), 'not a backup');
  // A clock an hour ahead at every reading, with backups every hour: each is due at once.
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const errors: object[] = [];
  const seenBefore: string[][] = [];
  const kept = 2;
  let calls = 0;
  // The schedule's timers do not keep a process alive (the server's port does); this test's must.
  const keepAlive = setInterval(() => undefined, 1000);
  await new Promise<void>((done) => {
    const schedule = startBackupSchedule({
      dir,
      everyHours: 1,
      keep: kept,
      kind: 'sqlite',
      now: () => new Date((clock += HOUR)),
      log: {
        // Written after the rotation that follows a backup: the sixth call's is the last.
        info: () => {
          if (calls < 6) return;
          clearInterval(keepAlive);
          done();
        },
        error: (details) => void errors.push(details),
      },
      makeBackup: async (file) => {
        seenBefore.push((await readdir(dir)).sort());
        if (++calls === 4) throw new Error('disk full');
        await writeFile(file, `backup ${calls}`);
        if (calls === 6) schedule.stop();
      },
    });
  });
  const backups = (names: string[]): string[] => names.filter((name) => scheduledBackupTime(name));
  assert.deepEqual(seenBefore.map((names) => backups(names).length), [0, 1, 2, 2, 2, 2]);
  assert.equal(errors.length, 1);
  assert.match(String((errors[0] as { err: Error }).err), /disk full/);
  const left = (await readdir(dir)).sort();
  assert.deepEqual(left.filter((name) => !scheduledBackupTime(name)), ['notes.txt']);
  assert.equal(backups(left).length, kept);
  // The two newest: the last two written (calls 5 and 6).
  const contents = await Promise.all(backups(left).map((name) => readFile(path.join(dir, name), 'utf8')));
  assert.deepEqual(contents, ['backup 5', 'backup 6']);
  await rm(dir, { recursive: true, force: true });
});
