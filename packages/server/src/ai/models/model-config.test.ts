import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointLabel, modelConfig, ModelConfigError, parsePrice, parseRetries, parseTimeoutSeconds } from './model-config.ts';

test('nothing given: no models, default time-out and retries', () => {
  assert.deepEqual(modelConfig({}, {}), { chat: null, embeddings: null, timeoutMs: 30_000, retries: 2 });
});

test('each endpoint from its URL and model name, the key only from the environment', () => {
  const config = modelConfig(
    {
      chatModelUrl: 'https://api.openai.com/v1',
      chatModel: 'gpt-4o-mini',
      chatModelPrice: { input: 23, output: 90 },
      embeddingModelUrl: 'http://127.0.0.1:11434/v1',
      embeddingModel: 'bge-m3',
      modelTimeout: 8.5,
      modelRetries: 0,
    },
    { MADOGUCHI_CHAT_MODEL_KEY: 'sk-abc', MADOGUCHI_EMBEDDING_MODEL_KEY: '' },
  );
  assert.deepEqual(config, {
    chat: { url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', key: 'sk-abc', price: { input: 23, output: 90 } },
    embeddings: { url: 'http://127.0.0.1:11434/v1', model: 'bge-m3' },
    timeoutMs: 8500,
    retries: 0,
  });
});

test('a URL without a model name, or the other way round, stops start-up with a Japanese message', () => {
  assert.throws(() => modelConfig({ chatModelUrl: 'https://api.openai.com/v1' }, {}), (error: unknown) => {
    assert.ok(error instanceof ModelConfigError);
    assert.equal(error.message, 'チャットモデルのURL（--chat-model-url）だけが指定されています。--chat-model でモデル名も指定してください。');
    return true;
  });
  assert.throws(() => modelConfig({ embeddingModel: 'bge-m3' }, {}), /埋め込みモデルの名前（--embedding-model）だけが指定されています。--embedding-model-url で接続先のURLも指定してください。/);
});

test('the URL must be http(s) and must not hold credentials', () => {
  for (const url of ['ftp://example.jp/v1', 'api.openai.com/v1', 'file:///etc/passwd']) {
    assert.throws(() => modelConfig({ chatModelUrl: url, chatModel: 'm' }, {}), /http:\/\/ か https:\/\/ で始まるURLにしてください/, url);
  }
  assert.throws(() => modelConfig({ chatModelUrl: 'https://user:sk-abc@api.example.jp/v1', chatModel: 'm' }, {}), /ユーザー名やパスワードを含めないでください/);
});

test('prices, time-outs and retries as typed', () => {
  assert.deepEqual(parsePrice('75,300', 'chat'), { input: 75, output: 300 });
  assert.deepEqual(parsePrice(' 2.5 ', 'embeddings'), { input: 2.5, output: 0 });
  assert.match(String(parsePrice('75', 'chat')), /「入力,出力」の形で/);
  assert.match(String(parsePrice('1,2', 'embeddings')), /1つの数で指定してください/);
  assert.match(String(parsePrice('-1,2', 'chat')), /いまは「-1,2」です/);
  assert.equal(parseTimeoutSeconds('8'), 8);
  assert.match(String(parseTimeoutSeconds('0')), /0 より大きく 600 以下の秒数/);
  assert.equal(parseRetries('0'), 0);
  assert.match(String(parseRetries('1.5')), /0 から 10 までの整数/);
});

test('the endpoint staff see has no query and no trailing slash', () => {
  assert.equal(endpointLabel('https://city.openai.azure.com/openai/deployments/gpt/?api-version=2024-10-21'), 'https://city.openai.azure.com/openai/deployments/gpt');
  assert.equal(endpointLabel('http://127.0.0.1:11434/v1'), 'http://127.0.0.1:11434/v1');
});
