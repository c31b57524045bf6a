/**
 * `madoguchi models check` as an IT department runs it: a real process against the fake OpenAI server on
 * 127.0.0.1, the keys in the environment, and with nothing configured.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeOpenAi, type FakeOpenAi } from '../ai/models/fake-openai-server.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { runMadoguchi } from './test-support.ts';

let dir: string;
let fake: FakeOpenAi;

/** The test's own environment without any model setting or database of the developer's. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MADOGUCHI_') && name !== 'DATABASE_URL'));
  return { ...env, ...extra };
}

function check(args: string[], env: Record<string, string> = {}) {
  return runMadoguchi(['models', 'check', '--data-dir', dir, ...args], '', environment(env));
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-models-cli-'));
  fake = await startFakeOpenAi({ apiKey: 'sk-from-env' });
});
after(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

test('nothing configured: says so for each model and exits 0', async () => {
  const run = await check([]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^チャットモデル: 設定されていません（--chat-model-url と --chat-model/m);
  assert.match(run.stdout, /^埋め込みモデル: 設定されていません（--embedding-model-url と --embedding-model/m);
});

test('both configured from flags and environment: each asked once, both work, the calls logged as checks', async () => {
  const run = await check(['--chat-model-url', fake.url, '--embedding-model', 'emb-test'], {
    MADOGUCHI_CHAT_MODEL: 'gpt-test',
    MADOGUCHI_CHAT_MODEL_KEY: 'sk-from-env',
    MADOGUCHI_EMBEDDING_MODEL_URL: fake.url,
    MADOGUCHI_EMBEDDING_MODEL_KEY: 'sk-from-env',
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`^チャットモデル（gpt-test、${fake.url}）: 使えます。応答がありました（\\d+\\.\\d秒）。$`, 'm'));
  assert.match(run.stdout, new RegExp(`^埋め込みモデル（emb-test、${fake.url}）: 使えます。`, 'm'));
  assert.deepEqual(fake.requests.map((r) => r.path).sort(), ['/v1/chat/completions', '/v1/embeddings']);
  assert.ok(fake.requests.every((r) => r.headers.authorization === 'Bearer sk-from-env'));
  const store = openSqliteStore(dir);
  try {
    const rows = await store.listModelUsage('default', 10);
    assert.deepEqual(rows.map((r) => [r.kind, r.purpose, r.outcome]).sort(), [['chat', 'check', 'ok'], ['embeddings', 'check', 'ok']]);
  } finally {
    await store.close();
  }
});

test('a wrong key: the Japanese reason, never the key, and exit 1', async () => {
  const run = await check(['--chat-model-url', fake.url, '--chat-model', 'gpt-test'], { MADOGUCHI_CHAT_MODEL_KEY: 'sk-wrong-secret' });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^チャットモデル（gpt-test、.*）: 使えません。APIキーが正しくないか、権限がありません（HTTP 401）。$/m);
  assert.match(run.stdout, /^埋め込みモデル: 設定されていません/m);
  assert.ok(!`${run.stdout}${run.stderr}`.includes('sk-wrong-secret'));
});

test('a URL without a model name stops with a clear message', async () => {
  const run = await check([], { MADOGUCHI_EMBEDDING_MODEL_URL: fake.url });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /エラー: 埋め込みモデルのURL（--embedding-model-url）だけが指定されています。--embedding-model でモデル名も指定してください。/);
});
