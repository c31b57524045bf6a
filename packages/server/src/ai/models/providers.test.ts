/**
 * The configured models end to end: the fake OpenAI server on 127.0.0.1, usage rows in a real SQLite store,
 * the statuses the console shows, and the connection check.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore } from '../../store/sqlite/index.ts';
import type { Store } from '../../store/store.ts';
import { startFakeOpenAi, type FakeFailure, type FakeOpenAi } from './fake-openai-server.ts';
import { checkModels } from './model-check.ts';
import type { ModelConfig } from './model-config.ts';
import { ModelError, NO_MODELS } from './models.ts';
import { createModelProviders, type ConfiguredModels } from './providers.ts';

const SITE = 'default';
const NOW = new Date('2026-11-30T15:30:00Z');
const PROMPT = '住民票の写しはどこで取れますか（秘密の質問文）';

let dir: string;
let store: Store;
let server: FakeOpenAi;
/** What the fake's chat answers next; 「はい。」 when empty. */
const script: (string | FakeFailure)[] = [];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-models-'));
  store = openSqliteStore(dir);
  server = await startFakeOpenAi({ apiKey: 'sk-right', chat: () => script.shift() ?? 'はい。' });
});
after(async () => {
  await server.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function config(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    chat: { url: `${server.url}?api-version=2024-10-21`, model: 'gpt-test', key: 'sk-right', price: { input: 75, output: 300 } },
    embeddings: { url: server.url, model: 'emb-test', key: 'sk-right' },
    timeoutMs: 5000,
    retries: 2,
    ...overrides,
  };
}

/** Every providers object made, so a test can wait for the usage rows the calls did not wait for. */
const made: ConfiguredModels[] = [];

function providers(target: Store = store, overrides: Partial<ModelConfig> = {}, onUsageError?: (error: unknown) => void): ConfiguredModels {
  const models = createModelProviders(config(overrides), target, SITE, { now: () => NOW, client: { backoffMs: 5 }, ...(onUsageError ? { onUsageError } : {}) });
  made.push(models);
  return models;
}

async function usageSettled(): Promise<void> {
  await Promise.all(made.map((models) => models.usageSettled()));
}

async function latestUsage() {
  await usageSettled();
  const [row] = await store.listModelUsage(SITE, 1);
  assert.ok(row);
  return row;
}

describe('chat', () => {
  test('a successful call returns the reply, logs its tokens and marks the endpoint as working', async () => {
    const models = providers();
    const reply = await models.chat?.complete({ purpose: 'draft', messages: [{ role: 'user', content: PROMPT }] });
    assert.equal(reply?.text, 'はい。');
    const row = await latestUsage();
    assert.deepEqual({ ...row, latencyMs: 0 }, {
      at: NOW.toISOString(),
      day: '2026-12-01',
      kind: 'chat',
      model: 'gpt-test',
      purpose: 'draft',
      outcome: 'ok',
      attempts: 1,
      inputTokens: [...PROMPT].length,
      outputTokens: 3,
      latencyMs: 0,
      error: null,
    });
    assert.deepEqual(models.status()[0], {
      kind: 'chat',
      configured: true,
      model: 'gpt-test',
      endpoint: server.url,
      lastOkAt: NOW.toISOString(),
      lastError: null,
      lastErrorAt: null,
      price: { input: 75, output: 300 },
    });
  });

  test('a call retried after 429 is one row with two attempts', async () => {
    script.push({ status: 429, retryAfterSeconds: 1 }, 'はい。');
    await providers().chat?.complete({ purpose: 'answer', messages: [{ role: 'user', content: 'a' }] });
    const row = await latestUsage();
    assert.deepEqual([row.purpose, row.outcome, row.attempts], ['answer', 'ok', 2]);
  });

  test('a failed call throws the ModelError, logs the status code only, and the status keeps the message', async () => {
    const models = providers(store, { chat: { url: server.url, model: 'gpt-test', key: 'sk-wrong' } });
    await assert.rejects(models.chat?.complete({ purpose: 'suggestion', messages: [{ role: 'user', content: PROMPT }] }) ?? Promise.resolve(), (error: unknown) => {
      assert.ok(error instanceof ModelError);
      assert.equal(error.status, 401);
      return true;
    });
    const row = await latestUsage();
    assert.deepEqual([row.purpose, row.outcome, row.attempts, row.inputTokens, row.error], ['suggestion', 'error', 1, 0, 'HTTP 401']);
    const [status] = models.status();
    assert.equal(status?.lastError, 'APIキーが正しくないか、権限がありません（HTTP 401）。');
    assert.equal(status?.lastErrorAt, NOW.toISOString());
    assert.equal(status?.lastOkAt, null);
  });

  test('a time-out is logged as such', async () => {
    script.push({ hangMs: 2000 });
    const models = providers();
    await assert.rejects(models.chat?.complete({ purpose: 'answer', messages: [{ role: 'user', content: 'a' }], limits: { timeoutMs: 100, retries: 0 } }) ?? Promise.resolve(), ModelError);
    const row = await latestUsage();
    assert.deepEqual([row.outcome, row.error], ['timeout', 'timeout']);
    assert.equal(models.status()[0]?.lastError, '応答が0.1秒以内に返りませんでした。');
  });

  test('a store that cannot record does not fail the call; the error goes to onUsageError', async () => {
    const closedDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-models-closed-'));
    const closed = openSqliteStore(closedDir);
    await closed.close();
    const errors: unknown[] = [];
    try {
      const reply = await providers(closed, {}, (error) => errors.push(error)).chat?.complete({ purpose: 'draft', messages: [{ role: 'user', content: 'a' }] });
      assert.equal(reply?.text, 'はい。');
      await usageSettled();
      assert.equal(errors.length, 1);
    } finally {
      await rm(closedDir, { recursive: true, force: true });
    }
  });
});

test('the caller never waits for the usage row: a store that does not answer leaves the call as fast', async () => {
  let written: () => void = () => undefined;
  const hanging = { recordModelUsage: () => new Promise<void>((resolve) => (written = resolve)) } as unknown as Store;
  const models = providers(hanging);
  const reply = await models.chat?.complete({ purpose: 'answer', messages: [{ role: 'user', content: 'a' }] });
  assert.equal(reply?.text, 'はい。', 'answered while the row is still being written');
  let settled = false;
  const waiting = models.usageSettled().then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false, 'usageSettled waits for the row');
  written();
  await waiting;
  assert.equal(settled, true);
});

describe('embeddings', () => {
  test('vectors of unit length, one usage row with the input tokens', async () => {
    const vectors = await providers().embeddings?.embed('embedding', ['住民票', '戸籍謄本の請求']);
    assert.equal(vectors?.length, 2);
    assert.ok(vectors?.every((v) => Math.abs(Math.hypot(...v) - 1) < 1e-6));
    const row = await latestUsage();
    assert.deepEqual([row.kind, row.model, row.purpose, row.inputTokens, row.outputTokens], ['embeddings', 'emb-test', 'embedding', 10, 0]);
  });

  test('no texts: no request and no row', async () => {
    const before = server.requests.length;
    await usageSettled();
    const rows = (await store.listModelUsage(SITE, 1000)).length;
    assert.deepEqual(await providers().embeddings?.embed('embedding', []), []);
    assert.equal(server.requests.length, before);
    await usageSettled();
    assert.equal((await store.listModelUsage(SITE, 1000)).length, rows);
  });

  test('usage rows never hold the prompt or the key', async () => {
    await usageSettled();
    const rows = JSON.stringify(await store.listModelUsage(SITE, 1000));
    assert.ok(!rows.includes('秘密の質問文') && !rows.includes('sk-'), rows);
  });
});

describe('status and check', () => {
  test('nothing configured reads as NO_MODELS does', () => {
    const models = providers(store, { chat: null, embeddings: null });
    assert.deepEqual([models.chat, models.embeddings], [null, null]);
    assert.deepEqual(models.status(), NO_MODELS.status());
  });

  test('the check asks each configured endpoint once and says what it found', async () => {
    const models = providers(store, { embeddings: { url: server.url, model: 'emb-test', key: 'sk-wrong' } });
    script.push({ status: 503 });
    const results = await checkModels(models);
    assert.deepEqual(
      results.map((r) => [r.kind, r.configured, r.ok, r.message]),
      [
        ['chat', true, false, 'モデルのサーバーでエラーが起きました（HTTP 503）。しばらくしてから、もう一度お試しください。'],
        ['embeddings', true, false, 'APIキーが正しくないか、権限がありません（HTTP 401）。'],
      ],
    );
    const ok = await checkModels(providers());
    assert.deepEqual(ok.map((r) => r.ok), [true, true]);
    assert.match(ok[0]?.message ?? '', /^応答がありました（\d+\.\d秒）。$/);
    await usageSettled();
    const rows = await store.listModelUsage(SITE, 4);
    assert.deepEqual(rows.map((r) => r.purpose), ['check', 'check', 'check', 'check']);
    assert.deepEqual(await checkModels(NO_MODELS), [
      { kind: 'chat', configured: false, ok: false, message: '設定されていません。' },
      { kind: 'embeddings', configured: false, ok: false, message: '設定されていません。' },
    ]);
  });
});
