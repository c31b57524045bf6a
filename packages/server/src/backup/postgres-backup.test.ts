/**
 * Backup and restore on a real PostgreSQL server with pg_dump and pg_restore, in throwaway databases (a
 * restore replaces whole schemas, so it never runs in the shared test database): the restored database holds
 * the same QAs, history and file bytes; a database with data is replaced only with force; what is not a
 * Madoguchi archive is refused; a DATABASE_URL that names a schema backs up that schema alone.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from 'pg';
import { runMadoguchi } from '../cli/test-support.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import { openPostgresStore } from '../store/postgres/index.ts';
import { TEST_DATABASE_URL } from '../store/postgres/test-database.ts';
import type { Store } from '../store/store.ts';
import { BackupError } from './backup-error.ts';
import { backupPostgres, restorePostgres } from './postgres-backup.ts';

const SITE = 'default';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let dir: string;
/** One connection to the test database for creating and dropping the throwaway ones. */
const admin = new Client({ connectionString: TEST_DATABASE_URL });
const databases: string[] = [];

/** A new, empty database on the test server, dropped after the tests; its URL, with `params` added. */
async function throwawayDatabase(params: Record<string, string> = {}): Promise<string> {
  const name = `madoguchi_backup_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

async function withStore<T>(url: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openPostgresStore(url);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** What a backup must carry over: QAs, their history, files with their bytes. */
const contentsOf = (url: string) =>
  withStore(url, async (store) => {
    const qas = await store.listQas(SITE);
    return {
      qas,
      revisions: await Promise.all(qas.map((qa) => store.listRevisions(SITE, qa.id))),
      published: await store.listPublishedQas(SITE),
      file: (await store.getFile(SITE, 'f1'))?.data.toString('base64'),
    };
  });

async function fill(url: string): Promise<void> {
  await withStore(url, async (store) => {
    await store.importQas(SITE, [qaContent('1'), qaContent('2')], { actor: 'suzuki', mode: 'merge' });
    await store.saveQa(SITE, qaContent('1', { answer: '新しい回答' }), { actor: 'sato', expectedVersion: 1 });
    await store.publish(SITE, 'sato');
    await store.saveFile({ siteId: SITE, id: 'f1', name: '申請書.pdf', type: 'application/pdf', size: PDF.length, sha256: 'x', uploadedBy: 'sato', uploadedAt: '2026-11-01T00:00:00.000Z' }, PDF);
  });
}

let source: string;
let archive: string;
before(async () => {
  await admin.connect();
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-pg-backup-'));
  source = await throwawayDatabase();
  await fill(source);
  // Through the command, as an operator runs it: DATABASE_URL chooses pg_dump.
  archive = path.join(dir, 'madoguchi.pgdump');
  const result = await runMadoguchi(['backup', archive], '', { ...process.env, DATABASE_URL: source });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /バックアップを作成しました（pg_dump）: .*（表 \d+ 個、/);
});
after(async () => {
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

const rejectsWith = (pattern: RegExp) => (error: unknown) => error instanceof BackupError && pattern.test(error.message);

test('a pg_dump backup restored into an empty database holds the same QAs, history and file bytes', async () => {
  const target = await throwawayDatabase();
  const restored = await restorePostgres(archive, target, { force: false });
  assert.ok(restored.tables.includes('qas') && restored.tables.includes('files'));
  const [expected, actual] = await Promise.all([contentsOf(source), contentsOf(target)]);
  assert.equal(actual.qas.length, 2);
  assert.equal(actual.file, PDF.toString('base64'));
  assert.deepEqual(actual, expected);
});

test('a database that has Madoguchi data is replaced only with force, in one transaction', async () => {
  const target = await throwawayDatabase();
  await withStore(target, (store) => store.saveQa(SITE, qaContent('99'), { actor: 'sato', expectedVersion: null }));
  await assert.rejects(restorePostgres(archive, target, { force: false }), rejectsWith(/すでに Madoguchi のデータがあります.*--force/));
  assert.deepEqual((await contentsOf(target)).qas.map((qa) => qa.id), ['99']);
  await restorePostgres(archive, target, { force: true });
  assert.deepEqual(await contentsOf(target), await contentsOf(source));
});

test('a file that is not a Madoguchi archive is refused and nothing changes', async () => {
  const target = await throwawayDatabase();
  const notArchive = path.join(dir, 'not-an-archive.pgdump');
  await writeFile(notArchive, 'これはバックアップではありません');
  await assert.rejects(restorePostgres(notArchive, target, { force: false }), rejectsWith(/pg_dump（カスタム形式）のバックアップとして読めません/));
  await assert.rejects(restorePostgres(path.join(dir, 'missing.pgdump'), target, { force: false }), rejectsWith(/バックアップファイルがありません/));
});

test('with a schema in DATABASE_URL, only that schema is backed up and restored', async () => {
  const inSchema = { options: '-c search_path=madoguchi' };
  const shared = await throwawayDatabase(inSchema);
  // A database shared with another system: the DBA made Madoguchi's schema; the other system has its table.
  const client = new Client({ connectionString: shared });
  await client.connect();
  await client.query('CREATE SCHEMA madoguchi; CREATE TABLE public.other_system (x int)');
  await client.end();
  await withStore(shared, (store) => store.saveQa(SITE, qaContent('7'), { actor: 'sato', expectedVersion: null }));
  const file = path.join(dir, 'schema.pgdump');
  const { tables } = await backupPostgres(shared, file);
  assert.ok(tables.includes('qas'));
  assert.ok(!tables.includes('other_system'), 'another system\'s table is not in the backup');

  const target = await throwawayDatabase(inSchema);
  await restorePostgres(file, target, { force: false });
  assert.deepEqual((await contentsOf(target)).qas.map((qa) => qa.id), ['7']);
});
