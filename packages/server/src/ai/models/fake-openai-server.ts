/**
 * Test support: a local OpenAI-compatible server on 127.0.0.1, speaking the real request and response formats of
 * POST /v1/chat/completions and POST /v1/embeddings (usage included), so the model plug-ins are tested over real HTTP
 * without any outside service. Tests script its replies and failures, and read the requests it received.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted failure: an HTTP error (optionally with Retry-After), or no answer for a while. */
export type FakeFailure = { status: number; body?: unknown; retryAfterSeconds?: number } | { hangMs: number };

/** The JSON body of a chat.completions request as received. */
export interface FakeChatRequest {
  model?: string;
  messages?: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
  response_format?: { type: string };
  [field: string]: unknown;
}

export interface FakeOpenAiOptions {
  /** The assistant's reply text, or a failure. Default: 「はい。」. */
  chat?: (body: FakeChatRequest) => string | FakeFailure | Promise<string | FakeFailure>;
  /** The vector for one input (the server does not normalise it). Default: {@link bigramVector}. */
  embed?: (input: string) => number[];
  /** A failure for an embeddings request instead of vectors, when it returns one. */
  embedFailure?: (inputs: string[]) => FakeFailure | undefined;
  /** When set, requests without `Authorization: Bearer <key>` or `api-key: <key>` get 401. */
  apiKey?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions?api-version=2024-10-21`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeOpenAi {
  /** The base URL clients are configured with: `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DIMENSIONS = 256;

/**
 * A deterministic stand-in for an embedding: character bigrams hashed into 256 dimensions. Texts sharing
 * characters come out similar, which is enough to exercise fusion and caching (not a real semantic model).
 *
 * @example `bigramVector('住民票の写し').length // 256`
 */
export function bigramVector(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  const chars = [...text.normalize('NFKC').replace(/\s+/g, '')];
  for (let i = 0; i < chars.length; i++) {
    const gram = chars[i]! + (chars[i + 1] ?? '');
    const slot = createHash('sha1').update(gram).digest().readUInt16BE(0) % DIMENSIONS;
    vector[slot]! += 1;
  }
  return vector;
}

/** Rough token count, as the real API reports one: about one token per character for Japanese. */
function tokens(text: string): number {
  return [...text].length;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers });
  response.end(json);
}

function errorBody(status: number, message: string): unknown {
  return { error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', param: null, code: null } };
}

async function fail(response: ServerResponse, failure: FakeFailure): Promise<void> {
  if ('hangMs' in failure) {
    await new Promise((resolve) => setTimeout(resolve, failure.hangMs));
    if (!response.destroyed) send(response, 500, errorBody(500, 'hung'));
    return;
  }
  const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
  send(response, failure.status, failure.body ?? errorBody(failure.status, `fake failure ${failure.status}`), headers);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

function authorised(headers: IncomingHttpHeaders, key: string | undefined): boolean {
  if (key === undefined) return true;
  return headers.authorization === `Bearer ${key}` || headers['api-key'] === key;
}

/**
 * @example
 * const fake = await startFakeOpenAi({ chat: () => '住民票は市民課で取れます。[1]' });
 * // configure the client with fake.url, then: fake.requests[0].body.messages
 * await fake.close();
 */
export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  let created = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = await readJson(request);
    } catch {
      send(response, 400, errorBody(400, 'We could not parse the JSON body of your request.'));
      return;
    }
    const path = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
    if (!authorised(request.headers, options.apiKey)) {
      send(response, 401, errorBody(401, 'Incorrect API key provided.'));
      return;
    }
    const route = new URL(path, 'http://fake').pathname.replace(/\/+$/, '');
    if (request.method === 'POST' && route.endsWith('/chat/completions')) {
      const chat = body as FakeChatRequest;
      const reply = options.chat ? await options.chat(chat) : 'はい。';
      if (typeof reply !== 'string') return fail(response, reply);
      const prompt = (chat.messages ?? []).map((m) => m.content).join('\n');
      created += 1;
      send(response, 200, {
        id: `chatcmpl-fake${created}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: chat.model ?? 'fake-model',
        choices: [{ index: 0, message: { role: 'assistant', content: reply, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: tokens(prompt), completion_tokens: tokens(reply), total_tokens: tokens(prompt) + tokens(reply) },
      });
      return;
    }
    if (request.method === 'POST' && route.endsWith('/embeddings')) {
      const { input, model } = body as { input?: string | string[]; model?: string };
      const inputs = typeof input === 'string' ? [input] : (input ?? []);
      const failure = options.embedFailure?.(inputs);
      if (failure) return fail(response, failure);
      const embed = options.embed ?? bigramVector;
      const used = inputs.reduce((sum, text) => sum + tokens(text), 0);
      send(response, 200, {
        object: 'list',
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
        model: model ?? 'fake-embedding',
        usage: { prompt_tokens: used, total_tokens: used },
      });
      return;
    }
    send(response, 404, errorBody(404, `Unknown request URL: ${request.method} ${path}.`));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, errorBody(500, String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
