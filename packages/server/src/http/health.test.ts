/**
 * Liveness and readiness on a real server: both say yes while all is well; when the database stops answering
 * (here: its connection is closed under the running server), readiness says 503 with a reason while liveness,
 * which touches no database, and the citizen chat, which answers from memory, carry on.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('/healthz and /readyz say ok while the database answers', async () => {
  const live = await fetch(`${server.url}/healthz`);
  assert.equal(live.status, 200);
  const { qas } = (await live.json()) as { qas: number };
  assert.ok(qas > 400, 'the starter pack is in the index');
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: 'ok', qas, database: 'ok' });
});

test('without a database, /readyz is 503 with a reason; /healthz and the chat still answer', async () => {
  await server.store.close();
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 503);
  const body = (await ready.json()) as { status: string; database: string; reason: string };
  assert.equal(body.status, 'unavailable');
  assert.equal(body.database, 'unreachable');
  assert.match(body.reason, /データベース/);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  const chat = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: '住民票の写しがほしい' }) });
  assert.equal(chat.status, 200);
});
