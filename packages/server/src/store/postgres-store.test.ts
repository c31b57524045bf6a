import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { BIN, freePort } from '../cli/test-support.ts';
import { SchemaTooNewError, StoreInputError, VersionConflictError } from './errors.ts';
import { createPool } from './postgres/database.ts';
import { migrate } from './postgres/migrate.ts';
import { migrations, type Migration } from './postgres/migrations.ts';
import { openPostgresStore, type PostgresStore } from './postgres/postgres-store.ts';
import { createTestSchema, TEST_DATABASE_URL } from './postgres/test-database.ts';
import { assertCitizenTextMasked, storeUnmaskedCitizenText } from './remask-fixture.ts';
import { content, storeContract } from './store-contract.ts';
import type { ChatTurn, StoreChange } from './store.ts';

storeContract('postgres', async () => {
  const schema = await createTestSchema();
  const store = await openPostgresStore(TEST_DATABASE_URL, { schema: schema.name, poolSize: 4 });
  return {
    store,
    dispose: async () => {
      await store.close();
      await schema.drop();
    },
  };
});

/** A fresh schema, a way to query it directly, and stores opened on it as if by separate instances. */
function withSchema(): { open(): Promise<PostgresStore>; rows<T>(sql: string): Promise<T[]>; name(): string; url(): string } {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  const opened: PostgresStore[] = [];
  before(async () => {
    schema = await createTestSchema();
  });
  after(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await schema.drop();
  });
  return {
    async open() {
      const store = await openPostgresStore(TEST_DATABASE_URL, { schema: schema.name, poolSize: 2 });
      opened.push(store);
      return store;
    },
    async rows<T>(sql: string): Promise<T[]> {
      const client = new Client({ connectionString: schema.url });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    },
    name: () => schema.name,
    url: () => schema.url,
  };
}

/** A second schema in the same database, opened and dropped by the test itself. */
function withOtherSchema(): { open(): Promise<PostgresStore>; close(): Promise<void> } {
  let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  let store: PostgresStore | undefined;
  return {
    async open() {
      schema = await createTestSchema();
      store = await openPostgresStore(TEST_DATABASE_URL, { schema: schema.name, poolSize: 1 });
      return store;
    },
    async close() {
      await store?.close();
      await schema?.drop();
    },
  };
}

/** Polls until `done` (announcements arrive on another connection, moments after the commit). */
async function waitFor(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PostgreSQL store: migrations', () => {
  const db = withSchema();

  it('applies each step once when several instances start together, and records it', async () => {
    const stores = await Promise.all([db.open(), db.open(), db.open()]);
    assert.deepEqual(
      stores.map((s) => s.schemaVersion),
      stores.map(() => migrations.length),
    );
    assert.deepEqual(await db.rows('SELECT version FROM schema_migrations ORDER BY version'), migrations.map((m) => ({ version: m.version })));
  });

  it('applies a later step on reopen, exactly once', async () => {
    const extra: Migration[] = [...migrations, { version: migrations.length + 1, name: 'test step', sql: "CREATE TABLE probe (x text); INSERT INTO probe VALUES ('once');" }];
    const pool = createPool(TEST_DATABASE_URL, { schema: db.name() });
    try {
      const now = (): string => '2026-04-01T00:00:00.000Z';
      assert.deepEqual(await migrate(pool, extra, now), { from: migrations.length, to: migrations.length + 1, applied: [migrations.length + 1] });
      assert.deepEqual((await migrate(pool, extra, now)).applied, []);
    } finally {
      await pool.end();
    }
    assert.deepEqual(await db.rows('SELECT x FROM probe'), [{ x: 'once' }]);
  });

  it('refuses to open a schema newer than the code, with a clear message', async () => {
    await db.rows("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'later')");
    await assert.rejects(db.open(), (e: unknown) => {
      assert.ok(e instanceof SchemaTooNewError);
      assert.equal(e.databaseVersion, 99);
      assert.match(e.message, /スキーマ版 99/);
      return true;
    });
  });
});

describe('PostgreSQL store: citizen text masked again (step 4)', () => {
  const db = withSchema();

  it('masks citizen text stored before the masking improved', async () => {
    const old = await openPostgresStore(TEST_DATABASE_URL, { schema: db.name(), migrations: migrations.slice(0, 3), poolSize: 2 });
    await storeUnmaskedCitizenText(old);
    await old.close();
    const reviewed = async () => (await db.rows<{ question: string }>('SELECT question FROM chat_question_reviews ORDER BY question')).map((row) => row.question);
    await assertCitizenTextMasked(await db.open(), reviewed);
  });
});

describe('PostgreSQL store: failures', () => {
  const db = withSchema();

  it('rolls back a failing step: no half schema, no record', async () => {
    const pool = createPool(TEST_DATABASE_URL, { schema: db.name() });
    try {
      const broken: Migration[] = [
        { version: 1, name: 'ok', sql: 'CREATE TABLE a (x text)' },
        { version: 2, name: 'breaks halfway', sql: 'CREATE TABLE b (x text); INSERT INTO nowhere VALUES (1);' },
      ];
      await assert.rejects(migrate(pool, broken, () => 'now'), /nowhere/);
      await assert.rejects(migrate(pool, [{ version: 2, name: 'x', sql: '' }], () => 'now'), /without gaps/);
    } finally {
      await pool.end();
    }
    const tables = await db.rows<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${db.name()}' ORDER BY 1`);
    assert.deepEqual(tables.map((t) => t.name), ['a', 'schema_migrations']);
    assert.deepEqual(await db.rows('SELECT version FROM schema_migrations'), [{ version: 1 }]);
  });
});

describe('PostgreSQL store: several instances on one database', () => {
  const db = withSchema();
  let one: PostgresStore;
  let two: PostgresStore;
  before(async () => {
    [one, two] = await Promise.all([db.open(), db.open()]);
  });

  it('lets one of two instances saving the same version win, and numbers their publications in turn', async () => {
    await one.saveQa('default', content('1'), { actor: 'suzuki', expectedVersion: null });
    const results = await Promise.allSettled([
      one.saveQa('default', content('1', { answer: '鈴木' }), { actor: 'suzuki', expectedVersion: 1 }),
      two.saveQa('default', content('1', { answer: '佐藤' }), { actor: 'sato', expectedVersion: 1 }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError));
    await Promise.all([one.publish('default', 'suzuki'), two.publish('default', 'sato')]);
    assert.deepEqual(await db.rows('SELECT seq FROM publications ORDER BY seq'), [{ seq: 1 }, { seq: 2 }]);
    assert.equal((await two.listPublishedQas('default')).length, 1);
  });

  it('announces committed changes to every instance, once per transaction, and only within its own schema', async () => {
    const heard: StoreChange[] = [];
    const stop = await two.listenForChanges((change) => heard.push(change), () => undefined);
    const elsewhere = withOtherSchema();
    try {
      const other = await elsewhere.open();
      await other.saveQa('default', content('9'), { actor: 'yamada', expectedVersion: null });
      await one.importQas('city-b', [content('21'), content('22'), content('23')], { actor: 'suzuki', mode: 'merge' });
      await one.publish('city-b', 'suzuki');
      await one.setSetting('city-b', 'cityFacts', { 市名: 'みどり市' }, 'suzuki');
      await waitFor(() => heard.length >= 3);
      assert.deepEqual(heard, [
        { siteId: 'city-b', scope: 'working' },
        { siteId: 'city-b', scope: 'published' },
        { siteId: 'city-b', scope: 'all' },
      ]);
    } finally {
      await stop();
      await elsewhere.close();
    }
  });

  it('counts rate-limit hits for all instances together, per window', async () => {
    const key = `test ${Date.now()}`;
    const counts = [];
    for (const store of [one, two, one, two]) counts.push((await store.countHit(key, 60_000)).count);
    assert.deepEqual(counts, [1, 2, 3, 4]);
    const { resetInMs } = await two.countHit(key, 60_000);
    assert.ok(resetInMs > 0 && resetInMs <= 60_000, String(resetInMs));
    assert.equal((await one.countHit(`${key} other`, 60_000)).count, 1);
  });

  it('counts a session once when two instances log its turns at the same moment', async () => {
    const turn = (id: string, at: string): ChatTurn => ({
      id, sessionId: 'session-shared000000', at, day: '2026-11-30', hour: 10, channel: 'widget', page: null, lang: 'ja', via: 'typed',
      question: '住民票', decision: 'answer', qaId: '1', category: null, shown: [{ qaId: '1', score: 1 }], latencyMs: 1,
    });
    await Promise.all([
      one.recordChatTurns('default', [turn('a1', '2026-11-30T01:00:00.000Z'), turn('a2', '2026-11-30T01:00:02.000Z')]),
      two.recordChatTurns('default', [turn('b1', '2026-11-30T01:00:01.000Z'), turn('b2', '2026-11-30T01:00:03.000Z')]),
    ]);
    const [day] = await one.chatCounts('default', 'day', { from: '2026-11-30', to: '2026-11-30' });
    assert.deepEqual([day?.turns, day?.sessions], [4, 1]);
    assert.equal((await two.listChatTurns('default', { days: { from: '2026-11-30', to: '2026-11-30' }, limit: 10 })).turns.filter((t) => t.firstInSession).length, 1);
  });

  it('logs and counts a page address longer than an index entry may be', async () => {
    const page = `https://www.city.example.jp/${'%E3%81%82'.repeat(2000)}`;
    await one.recordChatTurns('default', [
      {
        id: 'long-page', sessionId: 'session-longpage0000', at: '2026-12-01T01:00:00.000Z', day: '2026-12-01', hour: 10, channel: 'widget', page,
        lang: 'ja', via: 'typed', question: 'ごみ', decision: 'none', qaId: null, category: null, shown: [], latencyMs: 1,
      },
    ]);
    assert.deepEqual((await two.chatCounts('default', 'page', { from: '2026-12-01', to: '2026-12-01' })).map((r) => [r.value, r.turns]), [[page, 1]]);
  });

  it('logs a citizen\'s NUL character as U+FFFD, and refuses one in staff text as bad input', async () => {
    await one.recordChatTurns('default', [
      {
        id: 'nul', sessionId: 'session-nul000000000', at: '2026-12-02T01:00:00.000Z', day: '2026-12-02', hour: 10, channel: 'api', page: null,
        lang: 'ja', via: 'typed', question: 'ご\u0000み', decision: 'none', qaId: null, category: null, shown: [], latencyMs: 1,
      },
    ]);
    assert.deepEqual((await two.listChatTurns('default', { days: { from: '2026-12-02', to: '2026-12-02' }, limit: 1 })).turns.map((t) => t.question), ['ご\uFFFDみ']);
    await assert.rejects(one.saveQa('default', content('nul', { answer: 'a\u0000b' }), { actor: 'suzuki', expectedVersion: null }), StoreInputError);
    await assert.rejects(one.replaceSynonymEntries('default', ['a\u0000, b'], 'suzuki'), StoreInputError);
  });

  it('imports 20,000 QAs in one transaction, and a failure in the middle leaves nothing behind', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => content(`bulk-${i + 1}`));
    assert.deepEqual(await one.importQas('bulk', many, { actor: 'suzuki', mode: 'replace' }), { created: 20_000, updated: 0, unchanged: 0, deleted: 0 });
    assert.equal((await two.importQas('bulk', many, { actor: 'suzuki', mode: 'merge' })).unchanged, 20_000);
    // A status the table's CHECK refuses fails the update of 1 and 3, after 'new' was inserted.
    const bad = { ...content('bulk-3'), status: 'broken' as 'draft' };
    await assert.rejects(one.importQas('bulk', [content('bulk-1', { answer: 'x' }), content('new'), bad], { actor: 'suzuki', mode: 'replace' }));
    assert.equal(await two.countQas('bulk'), 20_000);
    assert.equal((await two.getQa('bulk', 'bulk-1'))?.answer, '回答 bulk-1');
    assert.equal((await two.listRevisions('bulk', 'new')).length, 0);
  });
});

describe('madoguchi serve on PostgreSQL', () => {
  const db = withSchema();

  it('seeds the starter pack into DATABASE_URL and answers a chat over HTTP', async () => {
    const port = await freePort();
    const unusedDataDir = path.join(tmpdir(), `madoguchi-unused-${process.pid}-${port}`);
    const env = { ...process.env, DATABASE_URL: db.url() };
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data-dir', unusedDataDir], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    try {
      let reply: { decision: string; answer: { qaId: string } | null } | undefined;
      for (let attempt = 0; attempt < 150 && !reply && child.exitCode === null; attempt++) {
        await new Promise((r) => setTimeout(r, 200));
        reply = await fetch(`http://127.0.0.1:${port}/api/v1/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: '住民票の写しを取りたい' }),
        })
          .then((r) => (r.ok ? (r.json() as Promise<typeof reply>) : undefined))
          .catch(() => undefined);
      }
      assert.equal(reply?.decision, 'answer', stderr);
      assert.match(stderr, /スターターパックの QA \d+ 件を登録しました（PostgreSQL [^）@]+）/);
      const [published] = await db.rows<{ n: number }>('SELECT COUNT(*)::int AS n FROM published_qas');
      assert.ok((published?.n ?? 0) >= 400, `starter pack published in PostgreSQL (${published?.n})`);
      assert.equal(existsSync(unusedDataDir), false, 'no SQLite file was made');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  });
});
