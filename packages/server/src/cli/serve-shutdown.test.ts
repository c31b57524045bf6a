/**
 * Graceful shutdown of the real `madoguchi serve`: questions under way when SIGTERM arrives are answered, no new
 * connection is accepted meanwhile, the process exits 0, and the answered turns are in the database afterwards.
 * Each question is held in flight by `Expect: 100-continue`: the server has taken its headers (the request is
 * under way) and waits for a body the test sends only after the signal.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ChatReply } from '../chat/schema.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { japanDay } from '../time/japan-time.ts';
import { startServeProcess } from './serve-process.ts';

interface HeldRequest {
  /** Sends the body and resolves with the answer. */
  finish(): Promise<{ status: number; body: string }>;
}

/** A POST whose headers the server has accepted (100 Continue) and whose body is not sent yet. */
function holdPost(url: string, body: unknown): Promise<HeldRequest> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, expect: '100-continue' },
    });
    const answered = new Promise<{ status: number; body: string }>((done, fail) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', fail);
    });
    req.on('continue', () => resolve({ finish: () => (req.end(payload), answered) }));
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** True once a new TCP connection to the port is refused. */
async function refusesConnections(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const socket = connect(port, '127.0.0.1');
    // events.once rejects when the socket emits 'error' instead.
    const outcome = await once(socket, 'connect').then(() => 'accepted', () => 'refused');
    socket.destroy();
    if (outcome === 'refused') return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

test('SIGTERM: questions under way are answered, nothing new is accepted, exit 0, and their turns are logged', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-shutdown-'));
  try {
    const server = await startServeProcess(['--data-dir', dataDir], ['--chat-rate-limit', '0', '--no-file-sizes']);
    const questions = ['住民票の写しがほしい', '粗大ごみの出し方', '児童手当の申請'];
    const held = await Promise.all(questions.map((message, i) => holdPost(`${server.url}/api/v1/chat`, { message, sessionId: `shutdown-session-000${i}` })));

    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await server.waitForLog((line) => line.includes('shutting down'));
    assert.ok(await refusesConnections(Number(new URL(server.url).port)), 'no new connection once shutting down');

    const answers = await Promise.all(held.map((h) => h.finish()));
    for (const answer of answers) assert.equal(answer.status, 200, answer.body);
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);

    const store = openSqliteStore(dataDir);
    try {
      const now = Date.now();
      const days = { from: japanDay(new Date(now - 86_400_000)), to: japanDay(new Date(now + 86_400_000)) };
      const logged = (await store.listChatTurns('default', { days, limit: 100 })).turns.map((turn) => turn.id).sort();
      const answered = answers.map((answer) => (JSON.parse(answer.body) as ChatReply).messageId).sort();
      assert.deepEqual(logged, answered, 'every answered turn was written before the process exited');
    } finally {
      await store.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
