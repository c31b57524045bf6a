/**
 * The database is for the service account only, whatever the umask: a data directory of 0700 and database,
 * -wal and -shm files of 0600, also when an older install left them wider.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CITY_FACTS_SETTING } from '../../qa/placeholders.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from './index.ts';

let dir: string;
let umask: number;
before(async () => {
  // The common default, under which new files would be 0644 and directories 0755.
  umask = process.umask(0o022);
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-modes-'));
});
after(async () => {
  process.umask(umask);
  await rm(dir, { recursive: true, force: true });
});

async function modeOf(file: string): Promise<number> {
  return (await stat(file)).mode & 0o777;
}

async function modesOf(dataDir: string): Promise<number[]> {
  const db = path.join(dataDir, SQLITE_FILE_NAME);
  return Promise.all([dataDir, db, `${db}-wal`, `${db}-shm`].map(modeOf));
}

test('a new data directory is 0700 and the database with its -wal and -shm 0600', async () => {
  const dataDir = path.join(dir, 'new', 'data');
  const store = openSqliteStore(dataDir);
  try {
    await store.setSetting('default', CITY_FACTS_SETTING, { 市名: 'まどぐち市' }, 'test');
    assert.deepEqual(await modesOf(dataDir), [0o700, 0o600, 0o600, 0o600]);
  } finally {
    await store.close();
  }
});

test('a directory and files left wider by an older install are tightened when the store opens', async () => {
  const dataDir = path.join(dir, 'old');
  await mkdir(dataDir, { mode: 0o755 });
  const first = openSqliteStore(dataDir);
  await first.setSetting('default', CITY_FACTS_SETTING, { 市名: 'まどぐち市' }, 'test');
  const db = path.join(dataDir, SQLITE_FILE_NAME);
  await Promise.all([chmod(dataDir, 0o755), chmod(db, 0o644), chmod(`${db}-wal`, 0o644), chmod(`${db}-shm`, 0o644)]);
  const second = openSqliteStore(dataDir);
  try {
    assert.deepEqual(await modesOf(dataDir), [0o700, 0o600, 0o600, 0o600]);
  } finally {
    await Promise.all([second.close(), first.close()]);
  }
});
