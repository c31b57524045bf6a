/**
 * PostgreSQL going away under a running `madoguchi serve` (R42). The server reaches the database through a
 * TCP relay the test can cut, as a failed database host or a broken network would: citizens keep getting
 * answers from the in-memory index, nothing crashes, and the chat turns asked meanwhile are written once the
 * database is back.
 */
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, it } from 'node:test';
import { Client } from 'pg';
import { createTestSchema, TEST_DATABASE_URL } from '../store/postgres/test-database.ts';
import { startServeProcess, type ServeProcess } from './serve-process.ts';

/** Forwards a local port to the PostgreSQL server until cut; restoring listens on the same port again. */
class Relay {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Every connection dropped, new ones refused. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

const target = new URL(TEST_DATABASE_URL);
const relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let server: ServeProcess;

before(async () => {
  schema = await createTestSchema();
  await relay.open();
  const url = new URL(schema.url);
  url.port = String(relay.port);
  server = await startServeProcess([], ['--chat-rate-limit', '10', '--no-file-sizes'], { ...process.env, DATABASE_URL: url.href });
});

after(async () => {
  await server?.stop();
  await relay.cut();
  await schema?.drop();
});

async function ask(message: string): Promise<{ status: number; decision?: string }> {
  const response = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  const body = (await response.json()) as { decision?: string };
  return { status: response.status, decision: body.decision };
}

async function loggedQuestions(): Promise<string[]> {
  const client = new Client({ connectionString: schema.url });
  await client.connect();
  try {
    return (await client.query<{ question: string }>('SELECT question FROM chat_turns ORDER BY at')).rows.map((row) => row.question);
  } finally {
    await client.end();
  }
}

it('answers from memory while the database is unreachable, and logs the turns once it is back', async () => {
  assert.deepEqual(await ask('住民票の写しを取りたい'), { status: 200, decision: 'answer' });
  assert.equal((await fetch(`${server.url}/api/v1/menu`)).status, 200);
  assert.equal((await fetch(`${server.url}/chat`)).status, 200);

  await relay.cut();
  const duringOutage = ['粗大ごみの料金と処理券', 'パスポートを申請したい', '住民票の写しを取りたい'];
  for (const question of duringOutage) assert.deepEqual(await ask(question), { status: 200, decision: 'answer' }, question);
  assert.equal((await fetch(`${server.url}/api/v1/menu`)).status, 200, 'the chat still opens, with the menu it last showed');
  assert.equal((await fetch(`${server.url}/chat`)).status, 200, 'so does the full-page chat');
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'alive');
  assert.equal(server.child.exitCode, null, 'still running');

  await relay.open();
  const expected = ['住民票の写しを取りたい', ...duringOutage];
  let logged: string[] = [];
  for (let attempt = 0; attempt < 150 && logged.length < expected.length; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    logged = await loggedQuestions();
  }
  assert.deepEqual(logged, expected);
  assert.deepEqual(await ask('住民票の写しを取りたい'), { status: 200, decision: 'answer' });
});
