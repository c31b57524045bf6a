/**
 * The OpenAI-compatible client over real HTTP on 127.0.0.1: the fake OpenAI server for the protocol,
 * retries and failures; a raw server of this file for replies the fake never sends (broken JSON, vectors out
 * of order).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import { startFakeOpenAi, type FakeChatRequest, type FakeFailure } from './fake-openai-server.ts';
import type { ChatCompletionRequest } from './models.ts';
import { authHeaders, EMBEDDING_BATCH_SIZE, endpointUrl, OpenAiClient, parseRetryAfter, unitVector, type ClientOptions } from './openai-client.ts';

const FAST: ClientOptions = { timeoutMs: 5000, retries: 2, backoffMs: 5 };
const ASK: ChatCompletionRequest = { purpose: 'draft', messages: [{ role: 'system', content: '規則' }, { role: 'user', content: '住民票' }] };

async function fake(t: TestContext, options: Parameters<typeof startFakeOpenAi>[0] = {}) {
  const server = await startFakeOpenAi(options);
  t.after(() => server.close());
  return server;
}

/** A server answering every request with `respond`, for replies the fake does not make. */
async function rawServer(t: TestContext, respond: (body: string, response: ServerResponse) => void): Promise<string> {
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => respond(body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe('addresses and keys', () => {
  test('the path is appended to the base path and the query (Azure api-version) is kept', () => {
    assert.equal(endpointUrl('https://api.openai.com/v1', 'chat/completions').href, 'https://api.openai.com/v1/chat/completions');
    assert.equal(endpointUrl('http://127.0.0.1:11434/v1/', 'embeddings').href, 'http://127.0.0.1:11434/v1/embeddings');
    assert.equal(
      endpointUrl('https://city.openai.azure.com/openai/deployments/gpt-4o-mini?api-version=2024-10-21', 'chat/completions').href,
      'https://city.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21',
    );
  });

  test('Azure hosts take api-key, others Bearer, and no key sends no header', () => {
    for (const host of ['city.openai.azure.com', 'city.cognitiveservices.azure.com', 'city.services.ai.azure.com', 'CITY.OPENAI.AZURE.COM']) {
      assert.deepEqual(authHeaders(new URL(`https://${host}/openai`), 'k1'), { 'api-key': 'k1' }, host);
    }
    for (const host of ['api.openai.com', 'openai.azure.com.example.jp', '127.0.0.1:8000']) {
      assert.deepEqual(authHeaders(new URL(`https://${host}/v1`), 'k1'), { authorization: 'Bearer k1' }, host);
    }
    assert.deepEqual(authHeaders(new URL('https://api.openai.com/v1'), undefined), {});
    assert.deepEqual(authHeaders(new URL('https://city.openai.azure.com/v1'), ''), {});
  });

  test('Retry-After in seconds or as a date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('0.5'), 500);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('2026-10-21T07:28:00Z')), 10_000);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  test('vectors are scaled to unit length; a zero vector stays zero', () => {
    assert.deepEqual([...unitVector([3, 4])], [Math.fround(0.6), Math.fround(0.8)]);
    assert.deepEqual([...unitVector([0, 0])], [0, 0]);
  });
});

describe('chat completions', () => {
  test('sends the request in the OpenAI format with a Bearer key and reads the reply and its usage', async (t) => {
    const server = await fake(t, { apiKey: 'sk-secret', chat: () => '住民票は市民課で取れます。' });
    const client = new OpenAiClient({ url: `${server.url}?api-version=2024-10-21`, model: 'gpt-test', key: 'sk-secret' }, FAST);
    const result = await client.chat({ ...ASK, json: true, maxTokens: 300 });
    assert.deepEqual(result, { ok: true, attempts: 1, value: { text: '住民票は市民課で取れます。', model: 'gpt-test', inputTokens: 6, outputTokens: 13 } });
    const [request] = server.requests;
    assert.equal(request?.path, '/v1/chat/completions?api-version=2024-10-21');
    assert.equal(request?.headers.authorization, 'Bearer sk-secret');
    assert.equal(request?.headers['api-key'], undefined);
    assert.deepEqual(request?.body, { model: 'gpt-test', messages: ASK.messages, temperature: 0, max_tokens: 300, response_format: { type: 'json_object' } });
  });

  test('defaults: temperature 0, 800 tokens, no response_format; no key sends no auth header', async (t) => {
    const server = await fake(t);
    const result = await new OpenAiClient({ url: server.url, model: 'local' }, FAST).chat(ASK);
    assert.equal(result.ok, true);
    const body = server.requests[0]?.body as FakeChatRequest;
    assert.deepEqual([body.temperature, body.max_tokens, 'response_format' in body], [0, 800, false]);
    assert.equal(server.requests[0]?.headers.authorization, undefined);
    assert.equal(server.requests[0]?.headers['api-key'], undefined);
  });

  test('an Azure host gets the key in api-key (the rule injected for a loopback address)', async (t) => {
    const server = await fake(t, { apiKey: 'azure-key' });
    const azureRule = (_url: URL, key: string | undefined) => authHeaders(new URL('https://city.openai.azure.com/'), key);
    const result = await new OpenAiClient({ url: server.url, model: 'gpt', key: 'azure-key' }, { ...FAST, authHeaders: azureRule }).chat(ASK);
    assert.equal(result.ok, true);
    assert.equal(server.requests[0]?.headers['api-key'], 'azure-key');
    assert.equal(server.requests[0]?.headers.authorization, undefined);
  });

  test('429 with Retry-After is waited out, then succeeds on the second request', async (t) => {
    const replies: (string | FakeFailure)[] = [{ status: 429, retryAfterSeconds: 1 }, 'はい。'];
    const server = await fake(t, { chat: () => replies.shift() ?? 'はい。' });
    const result = await new OpenAiClient({ url: server.url, model: 'gpt' }, FAST).chat(ASK);
    assert.deepEqual([result.ok, result.attempts, server.requests.length], [true, 2, 2]);
  });

  test('a Retry-After longer than the time-out is not waited for', async (t) => {
    const server = await fake(t, { chat: () => ({ status: 429, retryAfterSeconds: 60 }) });
    const result = await new OpenAiClient({ url: server.url, model: 'gpt' }, FAST).chat(ASK);
    assert.equal(result.ok, false);
    assert.equal(result.attempts, 1);
    assert.equal(result.ok ? '' : result.error.message, '利用の上限に達したか、混み合っています（HTTP 429）。しばらくしてから、もう一度お試しください。');
  });

  test('500 three times: retried twice, then a ModelError saying so', async (t) => {
    const server = await fake(t, { chat: () => ({ status: 500 }) });
    const result = await new OpenAiClient({ url: server.url, model: 'gpt' }, FAST).chat(ASK);
    assert.equal(result.ok, false);
    assert.equal(server.requests.length, 3);
    if (result.ok) return;
    assert.deepEqual([result.attempts, result.error.kind, result.error.status], [3, 'http', 500]);
    assert.equal(result.error.message, 'モデルのサーバーでエラーが起きました（HTTP 500）。しばらくしてから、もう一度お試しください。（3回試しました）');
  });

  test('401 is not retried, and the message names neither the key nor the endpoint\'s text', async (t) => {
    const server = await fake(t, { apiKey: 'right-key' });
    const result = await new OpenAiClient({ url: server.url, model: 'gpt', key: 'wrong-key' }, FAST).chat(ASK);
    assert.equal(server.requests.length, 1);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.attempts, result.error.kind, result.error.status], [1, 'http', 401]);
    assert.equal(result.error.message, 'APIキーが正しくないか、権限がありません（HTTP 401）。');
  });

  test('404: the model name or the URL is wrong', async (t) => {
    const url = await rawServer(t, (_body, response) => response.writeHead(404).end('{"error":{"message":"The model `gpt` does not exist"}}'));
    const result = await new OpenAiClient({ url, model: 'gpt' }, FAST).chat(ASK);
    assert.equal(result.ok ? '' : result.error.message, 'モデル名かURLが正しくありません（HTTP 404）。');
  });

  test('a server that does not answer in time: a time-out ModelError in seconds', async (t) => {
    const server = await fake(t, { chat: () => ({ hangMs: 3000 }) });
    const result = await new OpenAiClient({ url: server.url, model: 'gpt' }, FAST).chat({ ...ASK, limits: { timeoutMs: 200, retries: 0 } });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.attempts, result.error.kind], [1, 'timeout']);
    assert.equal(result.error.message, '応答が0.2秒以内に返りませんでした。');
  });

  test('nobody listening: a network ModelError with the system\'s code, retried', async (t) => {
    const server = await fake(t);
    const url = server.url;
    await server.close();
    const result = await new OpenAiClient({ url, model: 'gpt' }, { ...FAST, retries: 1 }).chat(ASK);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.attempts, result.error.kind], [2, 'network']);
    assert.equal(result.error.message, '接続できませんでした（ECONNREFUSED）。URLとネットワークを確かめてください。（2回試しました）');
  });

  test('a reply that is not JSON, or JSON without a message, is a format error and not retried', async (t) => {
    let requests = 0;
    const broken = await rawServer(t, (_body, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [');
    });
    const notJson = await new OpenAiClient({ url: broken, model: 'gpt' }, FAST).chat(ASK);
    assert.deepEqual([notJson.ok, notJson.attempts, requests], [false, 1, 1]);
    assert.equal(notJson.ok ? '' : notJson.error.message, '応答の形式が正しくありません（JSON ではありません）。OpenAI 互換の API のURLか確かめてください。');

    const empty = await rawServer(t, (_body, response) => response.writeHead(200).end(JSON.stringify({ choices: [{ message: { content: null } }] })));
    const noText = await new OpenAiClient({ url: empty, model: 'gpt' }, FAST).chat(ASK);
    assert.deepEqual([noText.ok, noText.ok ? '' : noText.error.kind], [false, 'format']);
  });

  test('a reply without usage counts zero tokens', async (t) => {
    const url = await rawServer(t, (_body, response) => response.writeHead(200).end(JSON.stringify({ choices: [{ message: { content: 'はい' } }] })));
    const result = await new OpenAiClient({ url, model: 'gpt' }, FAST).chat(ASK);
    assert.deepEqual(result, { ok: true, attempts: 1, value: { text: 'はい', model: 'gpt', inputTokens: 0, outputTokens: 0 } });
  });

  test('a redirect is not followed (it would carry the key elsewhere)', async (t) => {
    const url = await rawServer(t, (_body, response) => response.writeHead(301, { location: 'http://127.0.0.1:9/v1/chat/completions' }).end());
    const result = await new OpenAiClient({ url, model: 'gpt', key: 'k' }, FAST).chat(ASK);
    assert.equal(result.ok ? '' : result.error.message, 'URLが別の場所へ転送されています（HTTP 301）。転送先のURLを設定してください。');
  });
});

describe('embeddings', () => {
  test('batches of 64, vectors in input order and of unit length, tokens summed', async (t) => {
    const server = await fake(t, { embed: (text) => [Number(text.slice(1)), 1, 0] });
    const texts = Array.from({ length: 150 }, (_, i) => `t${i}`);
    const result = await new OpenAiClient({ url: server.url, model: 'emb', key: 'k' }, FAST).embed(texts);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    const batches = server.requests.map((r) => (r.body as { input: string[] }).input.length);
    assert.deepEqual(batches, [EMBEDDING_BATCH_SIZE, EMBEDDING_BATCH_SIZE, 22]);
    assert.equal(server.requests[0]?.path, '/v1/embeddings');
    assert.deepEqual((server.requests[0]?.body as { model: string }).model, 'emb');
    assert.equal(result.value.vectors.length, 150);
    for (const [i, vector] of result.value.vectors.entries()) {
      assert.ok(vector instanceof Float32Array);
      const norm = Math.hypot(...vector);
      assert.ok(Math.abs(norm - 1) < 1e-6, `vector ${i} has length ${norm}`);
      assert.ok(Math.abs((vector[0] ?? 0) / (vector[1] ?? 1) - i) < 1e-3, `vector ${i} is the ${i}th text's`);
    }
    assert.equal(result.value.inputTokens, texts.join('').length);
    assert.equal(result.attempts, 3);
  });

  test('vectors returned out of order are put back in input order by index', async (t) => {
    const url = await rawServer(t, (body, response) => {
      const { input } = JSON.parse(body) as { input: string[] };
      const data = input.map((text, index) => ({ index, embedding: [text.length, 1] })).reverse();
      response.writeHead(200).end(JSON.stringify({ data, usage: { prompt_tokens: 7 } }));
    });
    const result = await new OpenAiClient({ url, model: 'emb' }, FAST).embed(['a', 'bb', 'ccc']);
    assert.ok(result.ok);
    assert.deepEqual(result.value.vectors.map((v) => Math.round((v[0] ?? 0) / (v[1] ?? 1))), [1, 2, 3]);
    assert.equal(result.value.inputTokens, 7);
  });

  test('a reply with too few vectors is a format error', async (t) => {
    const url = await rawServer(t, (_body, response) => response.writeHead(200).end(JSON.stringify({ data: [{ index: 0, embedding: [1] }] })));
    const result = await new OpenAiClient({ url, model: 'emb' }, FAST).embed(['a', 'b']);
    assert.equal(result.ok ? '' : result.error.message, '応答の形式が正しくありません（2 件の文に 1 件のベクトルが返りました）。OpenAI 互換の API のURLか確かめてください。');
  });

  test('a failing batch ends the call, with the requests of every batch counted', async (t) => {
    const server = await fake(t, { embedFailure: (inputs) => (inputs[0] === 't64' ? { status: 400 } : undefined) });
    const texts = Array.from({ length: 100 }, (_, i) => `t${i}`);
    const result = await new OpenAiClient({ url: server.url, model: 'emb' }, FAST).embed(texts);
    assert.equal(result.ok, false);
    assert.equal(result.attempts, 2);
    assert.equal(result.ok ? '' : result.error.message, 'リクエストが受け付けられませんでした（HTTP 400）。モデル名と設定を確かめてください。');
  });
});
