/**
 * Backup and restore of the SQLite database as files: a round trip gives back every row of every table,
 * uploaded files included, and a restore refuses what it should, in Japanese, without touching the data.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { qaContent } from '../qa/test-fixtures.ts';
import { migrations } from '../store/sqlite/migrations.ts';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from '../store/sqlite/index.ts';
import { BackupError } from './backup-error.ts';
import { backupSqlite } from './sqlite-snapshot.ts';
import { restoreSqlite } from './sqlite-restore.ts';
import { databaseRows } from './test-support.ts';

const SITE = 'default';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let dir: string;
let source: SqliteStore;
let n = 0;
const fresh = (name: string): string => path.join(dir, `${name}-${++n}`);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-backup-'));
  source = openSqliteStore(path.join(dir, 'source'));
  await source.importQas(SITE, [qaContent('1'), qaContent('2'), qaContent('3', { status: 'draft' })], { actor: 'suzuki', mode: 'merge' });
  await source.saveQa(SITE, qaContent('1', { answer: '新しい回答' }), { actor: 'sato', expectedVersion: 1 });
  await source.publish(SITE, 'sato');
  await source.saveFile({ siteId: SITE, id: 'f1', name: '申請書.pdf', type: 'application/pdf', size: PDF.length, sha256: 'x', uploadedBy: 'sato', uploadedAt: '2026-11-01T00:00:00.000Z' }, PDF);
  await source.setSetting(SITE, 'cityFacts', { 市名: 'まどぐち市' }, 'sato');
});
after(async () => {
  await source.close();
  await rm(dir, { recursive: true, force: true });
});

const rejectsWith = (pattern: RegExp) => (error: unknown) => error instanceof BackupError && pattern.test(error.message);

describe('a backup restored into an empty data directory', () => {
  for (const name of ['madoguchi.sqlite.gz', 'madoguchi.sqlite']) {
    test(`has every row of every table, uploaded files' bytes included (${name})`, async () => {
      const file = path.join(fresh('backups'), name);
      const manifest = await backupSqlite(source.file, file);
      assert.equal(manifest.schemaVersion, migrations.length);
      assert.deepEqual([manifest.rows.qas, manifest.rows.qa_revisions, manifest.rows.files], [3, 4, 1]);
      assert.equal((await readFile(file)).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b])), name.endsWith('.gz'));
      // Only the finished file is left in the directory: no temporary names; only its owner may read it.
      assert.deepEqual(await readdir(path.dirname(file)), [name]);
      assert.equal((await stat(file)).mode & 0o777, 0o600);

      const target = fresh('restored');
      const restored = await restoreSqlite(file, target, { force: false });
      assert.deepEqual(restored, { manifest, replacedDatabase: undefined });
      assert.deepEqual(databaseRows(path.join(target, SQLITE_FILE_NAME)), databaseRows(source.file));

      const store = openSqliteStore(target);
      assert.ok((await store.getFile(SITE, 'f1'))?.data.equals(PDF));
      assert.equal((await store.listPublishedQas(SITE)).length, 2);
      await store.close();
    });
  }

  test('a data directory that does not exist yet is made', async () => {
    const file = path.join(fresh('backups'), 'b.sqlite.gz');
    await backupSqlite(source.file, file);
    const target = path.join(fresh('new'), 'nested', 'data');
    await restoreSqlite(file, target, { force: false });
    assert.equal(databaseRows(path.join(target, SQLITE_FILE_NAME)).qas?.length, 3);
  });
});

describe('restoring over an existing database', () => {
  /** A backup of the source, and another data directory whose database (left open) holds QA 99. */
  const backupAndOtherDatabase = async (): Promise<{ file: string; target: string; other: SqliteStore }> => {
    const file = path.join(fresh('backups'), 'b.sqlite.gz');
    await backupSqlite(source.file, file);
    const target = fresh('existing');
    const other = openSqliteStore(target);
    await other.saveQa(SITE, qaContent('99'), { actor: 'sato', expectedVersion: null });
    return { file, target, other };
  };

  test('is refused without force, and the database is left as it was', async () => {
    const { file, target, other } = await backupAndOtherDatabase();
    await other.close();
    const before = databaseRows(path.join(target, SQLITE_FILE_NAME));
    await assert.rejects(restoreSqlite(file, target, { force: false }), rejectsWith(/すでにデータベースがあります.*--force/));
    assert.deepEqual(databaseRows(path.join(target, SQLITE_FILE_NAME)), before);
    assert.deepEqual((await readdir(target)).filter((name) => name.startsWith('.')), []);
  });

  test('with force replaces it, and keeps the old database (with its WAL) under a dated name', async () => {
    // Still open, so its last change is only in the WAL: the pair must move together.
    const { file, target, other } = await backupAndOtherDatabase();
    const { replacedDatabase } = await restoreSqlite(file, target, { force: true, now: () => new Date('2026-11-01T03:00:00Z') });
    assert.equal(replacedDatabase, path.join(target, `${SQLITE_FILE_NAME}.before-restore-20261101T030000Z`));
    assert.deepEqual(databaseRows(path.join(target, SQLITE_FILE_NAME)), databaseRows(source.file));
    // Read before the other connection closes (and checkpoints): QA 99 is there only if its WAL moved too.
    const kept = new Database(replacedDatabase, { readonly: true });
    assert.deepEqual(kept.prepare('SELECT id FROM qas').pluck().all(), ['99']);
    kept.close();
    await other.close();
  });
});

describe('a backup that cannot be trusted is refused before anything changes', () => {
  const attempt = async (damage: (file: string) => Promise<void>, name = 'b.sqlite'): Promise<{ target: string; error: unknown }> => {
    const file = path.join(fresh('backups'), name);
    await backupSqlite(source.file, file);
    await damage(file);
    const target = fresh('target');
    const error = await restoreSqlite(file, target, { force: false }).then(() => undefined, (e: unknown) => e);
    return { target, error };
  };
  const assertUntouched = async (target: string): Promise<void> => assert.deepEqual(await readdir(target), []);

  test('a cut-short compressed file', async () => {
    const { target, error } = await attempt(async (file) => truncate(file, 2000), 'b.sqlite.gz');
    assert.ok(rejectsWith(/途中で切れているか、壊れています/)(error), String(error));
    await assertUntouched(target);
  });

  test('a cut-short database file', async () => {
    const { target, error } = await attempt(async (file) => truncate(file, 3 * 4096));
    assert.ok(rejectsWith(/壊れて/)(error), String(error));
    await assertUntouched(target);
  });

  test('a file that is not a database', async () => {
    const { target, error } = await attempt((file) => writeFile(file, 'これはバックアップではありません'));
    assert.ok(rejectsWith(/SQLite のデータベースではありません/)(error), String(error));
    await assertUntouched(target);
  });

  test('a database without a manifest (a copied live file)', async () => {
    const { target, error } = await attempt((file) => copyFile(source.file, file));
    assert.ok(rejectsWith(/madoguchi backup で作ったバックアップではありません/)(error), String(error));
    await assertUntouched(target);
  });

  test('rows missing against the manifest', async () => {
    const { target, error } = await attempt(async (file) => editDatabase(file, "DELETE FROM qas WHERE id = '2'"));
    assert.ok(rejectsWith(/記録と一致しません（qas）/)(error), String(error));
    await assertUntouched(target);
  });

  test('a backup from a newer Madoguchi', async () => {
    const future = migrations.length + 1;
    const { target, error } = await attempt(async (file) =>
      editDatabase(
        file,
        `INSERT INTO schema_migrations VALUES (${future}, 'future', '2030-01-01T00:00:00Z');
         UPDATE madoguchi_backup SET manifest = json_set(manifest, '$.schemaVersion', ${future}, '$.rows.schema_migrations', ${migrations.length + 1})`,
      ),
    );
    assert.ok(rejectsWith(new RegExp(`新しい版の Madoguchi.*スキーマ ${future}.*Madoguchi を更新して`))(error), String(error));
    await assertUntouched(target);
  });
});

describe('making a backup', () => {
  test('refuses to write over the live database and says where the database is missing', async () => {
    await assert.rejects(backupSqlite(source.file, source.file), rejectsWith(/使用中のデータベースそのもの/));
    await assert.rejects(backupSqlite(source.file, `${source.file}-wal`), rejectsWith(/使用中のデータベースそのもの/));
    await assert.rejects(backupSqlite(path.join(dir, 'nowhere', SQLITE_FILE_NAME), fresh('b')), rejectsWith(/データベースがありません.*--data-dir/));
  });

  test('replaces an older backup of the same name only with a complete one', async () => {
    const file = path.join(fresh('backups'), 'latest.sqlite.gz');
    await mkdir(path.dirname(file));
    await writeFile(file, 'old backup');
    await assert.rejects(backupSqlite(path.join(dir, 'nowhere', SQLITE_FILE_NAME), file), BackupError);
    assert.equal(await readFile(file, 'utf8'), 'old backup');
    await backupSqlite(source.file, file);
    const target = fresh('restored');
    await restoreSqlite(file, target, { force: false });
    assert.equal(databaseRows(path.join(target, SQLITE_FILE_NAME)).qas?.length, 3);
  });
});

function editDatabase(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}
