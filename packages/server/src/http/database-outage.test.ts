/**
 * The database becomes unwritable while citizens chat (another connection holds SQLite's write lock, as a long
 * backup or a stuck process would): every question is still answered from the in-memory index, the turns wait
 * in the log's queue, and once the lock is released they are all written. Nothing crashes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { ChatReply } from '../chat/schema.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { japanDay } from '../time/japan-time.ts';
import { startTestServer, TEST_SITE, type TestServer } from './test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const QUESTIONS = ['住民票の写しがほしい', '粗大ごみの出し方', '引っ越しの手続き', '児童手当の申請', 'マイナンバーカードを作りたい'];

async function ask(message: string, sessionId: string): Promise<ChatReply> {
  const response = await fetch(`${server.url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, sessionId }),
  });
  assert.equal(response.status, 200, `answered while the database is locked: ${message}`);
  return (await response.json()) as ChatReply;
}

test('citizens are answered while the database is locked, and the log is written once it is free', async () => {
  const sessionId = 'outage-session-0001';
  assert.ok(server.store instanceof SqliteStore, 'this test locks a SQLite file');
  const other = new Database(server.store.file);
  other.exec('BEGIN EXCLUSIVE');
  const replies: ChatReply[] = [];
  try {
    for (const question of QUESTIONS) replies.push(await ask(question, sessionId));
    assert.ok(replies.some((reply) => reply.decision === 'answer'), 'the index still answers');
    // The queued turns cannot be written yet; the write is reported, not thrown.
    await server.app.chat.flushLog();
    assert.equal(server.app.chat.logBacklog.queued, QUESTIONS.length);
    const ready = await fetch(`${server.url}/healthz`);
    assert.equal(ready.status, 200, 'the process stays alive');
  } finally {
    other.exec('COMMIT');
    other.close();
  }
  await server.app.chat.flushLog();
  assert.deepEqual(server.app.chat.logBacklog, { queued: 0, dropped: 0 });
  const now = Date.now();
  const days = { from: japanDay(new Date(now - 86_400_000)), to: japanDay(new Date(now + 86_400_000)) };
  const logged = await server.store.listChatTurns(TEST_SITE, { days, limit: 100 });
  assert.deepEqual(
    logged.turns.map((turn) => turn.id).sort(),
    replies.map((reply) => reply.messageId).sort(),
    'every turn asked during the outage is in the log',
  );
});
