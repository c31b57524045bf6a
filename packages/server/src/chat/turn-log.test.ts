/**
 * The background chat log on a real SQLite file: batches in order, a locked database delays the log without
 * losing turns, a queue that outgrows its bound drops the oldest and says how many, and a turn stored twice is
 * dropped alone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ChatTurn } from '../store/store.ts';
import { TurnLog } from './turn-log.ts';

const SITE = 'default';
let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'madoguchi-turn-log-'));
  store = openSqliteStore(dir, { busyTimeoutMs: 0 });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
function turn(): ChatTurn {
  seq += 1;
  return {
    id: `turn-${seq}`, sessionId: 'session-0123456789', at: `2026-11-30T01:00:${String(seq % 60).padStart(2, '0')}.000Z`, day: '2026-11-30', hour: 10,
    channel: 'widget', page: null, lang: 'ja', via: 'typed', question: `質問 ${seq}`, decision: 'none', qaId: null, category: null, shown: [], latencyMs: 1,
  };
}

const logged = async () => (await store.listChatTurns(SITE, { days: { from: '2026-11-30', to: '2026-11-30' }, limit: 100 })).turns.map((t) => t.id).reverse();

/** Holds the database's write lock from another connection, as a long backup or another process would. */
function lockDatabase(): () => void {
  const other = new Database(store.file);
  other.exec('BEGIN EXCLUSIVE');
  return () => {
    other.exec('COMMIT');
    other.close();
  };
}

test('writes queued turns in order on flush, and on its own after the delay', async () => {
  const log = new TurnLog(store, SITE, { flushDelayMs: 5 });
  const turns = [turn(), turn(), turn()];
  for (const t of turns) log.add(t);
  assert.deepEqual(await logged(), [], 'adding returns before anything is written');
  await log.flush();
  assert.deepEqual(await logged(), turns.map((t) => t.id));
  const later = turn();
  log.add(later);
  // Written by its own timer, with no flush: polled for, as a busy machine may run the timer late; a turn
  // never written fails after 10 s.
  const deadline = Date.now() + 10_000;
  while ((await logged()).at(-1) !== later.id && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual((await logged()).at(-1), later.id);
});

test('a locked database delays the log and reports the error; nothing is lost', async () => {
  const errors: unknown[] = [];
  const log = new TurnLog(store, SITE, { onError: (error) => errors.push(error) });
  const unlock = lockDatabase();
  const waiting = turn();
  log.add(waiting);
  await log.flush();
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /locked|busy/i);
  unlock();
  await log.flush();
  assert.deepEqual(await logged(), [waiting.id]);
  assert.equal(log.dropped, 0);
});

test('a queue over its bound drops the oldest turns and counts them', async () => {
  const log = new TurnLog(store, SITE, { maxQueued: 2, onError: () => undefined });
  const unlock = lockDatabase();
  const turns = [turn(), turn(), turn()];
  for (const t of turns) log.add(t);
  await log.flush();
  unlock();
  await log.flush();
  assert.equal(log.dropped, 1);
  assert.deepEqual(await logged(), [turns[1]!.id, turns[2]!.id]);
});

// A write whose commit reached the database while its connection was lost is retried with the turns queued
// since: the stored turn is a duplicate, and only it may be dropped (cli/database-down.test.ts lost three so).
test('a turn already stored is dropped alone; the turns queued with it are written', async () => {
  const errors: unknown[] = [];
  const log = new TurnLog(store, SITE, { onError: (error) => errors.push(error) });
  const stored = turn();
  await store.recordChatTurns(SITE, [stored]);
  const later = [turn(), turn(), turn()];
  for (const t of [stored, ...later]) log.add(t);
  await log.flush();
  assert.deepEqual(await logged(), [stored.id, ...later.map((t) => t.id)]);
  assert.equal(log.dropped, 1);
  assert.equal(log.queued, 0);
  assert.match(String(errors[0]), /UNIQUE|PRIMARY KEY|duplicate/i);
});
