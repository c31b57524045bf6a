import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SchemaTooNewError, VersionConflictError } from './errors.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from './sqlite/sqlite-store.ts';
import { migrate } from './sqlite/migrate.ts';
import { migrations, type Migration } from './sqlite/migrations.ts';
import { assertCitizenTextMasked, storeUnmaskedCitizenText } from './remask-fixture.ts';
import { content, storeContract } from './store-contract.ts';

const root = mkdtempSync(join(tmpdir(), 'madoguchi-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `db-${++n}`, 'nested');

storeContract('sqlite', async () => {
  const dir = freshDir();
  const store = openSqliteStore(dir);
  return { store, dispose: () => store.close() };
});

describe('SQLite store', () => {
  it('creates the data directory and madoguchi.sqlite, in WAL mode with foreign keys on', async () => {
    const dir = freshDir();
    const store = openSqliteStore(dir);
    assert.equal(store.file, join(dir, SQLITE_FILE_NAME));
    assert.ok(existsSync(store.file));
    await store.close();
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('keeps data across close and reopen, with migrations applied once', async () => {
    const dir = freshDir();
    const first = openSqliteStore(dir);
    await first.saveQa('default', content('1'), { actor: 'suzuki', expectedVersion: null });
    await first.close();
    const second = openSqliteStore(dir);
    assert.equal(second.schemaVersion, migrations.length);
    assert.equal((await second.getQa('default', '1'))?.question, '質問 1');
    await second.close();
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    assert.deepEqual(rows, migrations.map((m) => ({ version: m.version })));
  });

  it('applies a later step on reopen, exactly once', () => {
    const dir = freshDir();
    openSqliteStore(dir).close();
    const extra: Migration[] = [
      ...migrations,
      { version: migrations.length + 1, name: 'test step', sql: "CREATE TABLE probe (x TEXT); INSERT INTO probe VALUES ('once');" },
    ];
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    const now = (): string => '2026-04-01T00:00:00.000Z';
    assert.deepEqual(migrate(db, extra, now), { from: migrations.length, to: migrations.length + 1, applied: [migrations.length + 1] });
    assert.deepEqual(migrate(db, extra, now).applied, []);
    assert.deepEqual(db.prepare('SELECT x FROM probe').all(), [{ x: 'once' }]);
    db.close();
  });

  it('masks citizen text stored before the masking improved (step 9)', async () => {
    const dir = freshDir();
    const old = openSqliteStore(dir, { migrations: migrations.slice(0, 8) });
    await storeUnmaskedCitizenText(old);
    await old.close();
    const store = openSqliteStore(dir);
    const reviewed = async () => {
      const db = new Database(store.file, { readonly: true });
      const rows = db.prepare<[], { question: string }>('SELECT question FROM chat_question_reviews ORDER BY question').all();
      db.close();
      return rows.map((row) => row.question);
    };
    await assertCitizenTextMasked(store, reviewed);
    await store.close();
  });

  it('carries a version 5 chat log over to turns and counts (step 6)', async () => {
    const dir = freshDir();
    openSqliteStore(dir, { migrations: migrations.slice(0, 5) }).close();
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    const insert = db.prepare(
      `INSERT INTO chat_messages (site_id, id, session_id, at, lang, via, question, decision, qa_id, candidate_ids, top_score) VALUES (?, ?, 's1', ?, 'ja', 'typed', ?, ?, ?, ?, ?)`,
    );
    insert.run('default', 'm1', '2026-11-29T15:30:00.000Z', '住民票がほしい', 'answer', '1001', '[]', 12.5);
    insert.run('default', 'm2', '2026-11-29T15:31:00.000Z', 'ごみ', 'candidates', null, '["1002","1003"]', 3);
    db.prepare(`INSERT INTO chat_feedback (site_id, message_id, resolved, comment, at) VALUES ('default', 'm1', 0, '違う', '2026-11-29T15:30:30.000Z')`).run();
    db.close();

    const store = openSqliteStore(dir);
    try {
      const days = { from: '2026-11-30', to: '2026-11-30' };
      const { turns } = await store.listChatTurns('default', { days, limit: 10 });
      assert.deepEqual(
        turns.map((t) => [t.id, t.day, t.hour, t.channel, t.shown, t.firstInSession, t.resolved, t.comment]),
        [
          ['m2', '2026-11-30', 0, 'api', [{ qaId: '1002', score: null }, { qaId: '1003', score: null }], false, null, null],
          ['m1', '2026-11-30', 0, 'api', [{ qaId: '1001', score: 12.5 }], true, false, '違う'],
        ],
      );
      const [day] = await store.chatCounts('default', 'day', days);
      assert.deepEqual([day?.turns, day?.answered, day?.candidates, day?.notResolved, day?.sessions], [2, 1, 1, 1, 1]);
      assert.deepEqual(await store.mostAnsweredQas('default', '2026-11-01', 5), [{ qaId: '1001', count: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('rolls back a failing step: no half schema, no record', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x TEXT)' },
      { version: 2, name: 'breaks halfway', sql: 'CREATE TABLE b (x TEXT); INSERT INTO nowhere VALUES (1);' },
    ];
    assert.throws(() => migrate(db, broken, () => 'now'), /nowhere/);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    assert.deepEqual(tables.map((t) => t.name), ['a', 'schema_migrations']);
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').all(), [{ version: 1 }]);
    db.close();
  });

  it('refuses a step list with gaps', () => {
    const db = new Database(':memory:');
    assert.throws(() => migrate(db, [{ version: 2, name: 'x', sql: '' }], () => 'now'), /without gaps/);
    db.close();
  });

  it('refuses to open a database whose schema is newer than the code, with a clear message', async () => {
    const dir = freshDir();
    await openSqliteStore(dir).close();
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'later')").run();
    db.close();
    assert.throws(
      () => openSqliteStore(dir),
      (e: unknown) => {
        assert.ok(e instanceof SchemaTooNewError);
        assert.equal(e.code, 'STORE_SCHEMA_TOO_NEW');
        assert.equal(e.databaseVersion, 99);
        assert.match(e.message, /スキーマ版 99/);
        assert.match(e.message, /更新/);
        return true;
      },
    );
  });

  it('detects a conflict between two processes sharing the file', async () => {
    const dir = freshDir();
    const one = openSqliteStore(dir);
    const two = openSqliteStore(dir);
    await one.saveQa('default', content('1'), { actor: 'suzuki', expectedVersion: null });
    const seenByTwo = await two.getQa('default', '1');
    await one.saveQa('default', content('1', { answer: '鈴木' }), { actor: 'suzuki', expectedVersion: 1 });
    await assert.rejects(two.saveQa('default', content('1', { answer: '佐藤' }), { actor: 'sato', expectedVersion: seenByTwo!.version }), VersionConflictError);
    assert.equal((await two.getQa('default', '1'))?.answer, '鈴木');
    await one.close();
    await two.close();
  });

  it('imports 20,000 QAs in one transaction in reasonable time', async () => {
    const store = openSqliteStore(freshDir());
    const many = Array.from({ length: 20_000 }, (_, i) => content(String(i + 1)));
    const started = Date.now();
    assert.deepEqual(await store.importQas('default', many, { actor: 'suzuki', mode: 'replace' }), {
      created: 20_000,
      updated: 0,
      unchanged: 0,
      deleted: 0,
    });
    assert.equal((await store.importQas('default', many, { actor: 'suzuki', mode: 'merge' })).unchanged, 20_000);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    await store.close();
  });

  it('a failure inside an import leaves nothing behind (crash mid-transaction)', async () => {
    const dir = freshDir();
    const store = openSqliteStore(dir);
    await store.importQas('default', [content('1')], { actor: 'suzuki', mode: 'merge' });
    // A value SQLite's CHECK rejects only at the 3rd write simulates a failure halfway through.
    const bad = { ...content('3'), status: 'broken' as 'draft' };
    await assert.rejects(store.importQas('default', [content('1', { answer: 'x' }), content('2'), bad], { actor: 'suzuki', mode: 'replace' }));
    assert.deepEqual((await store.listQas('default')).map((q) => [q.id, q.answer]), [['1', '回答 1']]);
    assert.equal((await store.listRevisions('default', '2')).length, 0);
    await store.close();
  });
});
