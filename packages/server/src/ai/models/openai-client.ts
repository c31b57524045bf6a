/**
 * The OpenAI-compatible HTTP protocol (OpenAI, Azure OpenAI, Ollama, vLLM): POST {base}/chat/completions
 * and POST {base}/embeddings over the global fetch, with a time-out per request, retries with backoff, and
 * every failure turned into a {@link ModelError} in Japanese for staff. Whole answers only, no streaming:
 * answers are checked against their sources before anyone sees them.
 *
 * Nothing here logs, and no error carries the key, the prompt or the reply: an endpoint's error body is never
 * read (OpenAI's 401 body quotes part of the key).
 */
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { EndpointConfig } from './model-config.ts';
import { ModelError, type CallLimits, type ChatCompletion, type ChatCompletionRequest } from './models.ts';

/** How a client calls its endpoint. */
export interface ClientOptions {
  /** Per request. */
  timeoutMs: number;
  retries: number;
  /** First backoff before jitter (default 500 ms; doubles each retry). */
  backoffMs?: number;
  /** Which headers carry the key (default {@link authHeaders}; tests inject Azure's rule for a loopback host). */
  authHeaders?: (url: URL, key: string | undefined) => Record<string, string>;
}

/** What one call came to, with the requests it took (retries included), for the usage log. */
export type CallResult<T> = { ok: true; value: T; attempts: number } | { ok: false; error: ModelError; attempts: number };

/** Vectors in the order of the texts, each of unit length, and the input tokens the endpoint counted. */
export interface Embeddings {
  vectors: Float32Array[];
  inputTokens: number;
}

const DEFAULT_BACKOFF_MS = 500;
/** The longest wait before a retry, Retry-After included; a server asking for longer is not retried. */
const MAX_RETRY_WAIT_MS = 20_000;
/** OpenAI accepts up to 2048 inputs a request; local servers do better with small batches. */
export const EMBEDDING_BATCH_SIZE = 64;
const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

/**
 * Azure OpenAI takes its key in `api-key`; everyone else in `Authorization: Bearer`; a local server
 * without a key gets neither.
 *
 * @example authHeaders(new URL('https://city.openai.azure.com/openai/deployments/gpt'), 'k') // { 'api-key': 'k' }
 */
export function authHeaders(url: URL, key: string | undefined): Record<string, string> {
  if (!key) return {};
  return AZURE_HOST.test(url.hostname) ? { 'api-key': key } : { authorization: `Bearer ${key}` };
}

/**
 * The request address: the path appended to the base's path, the base's query kept (Azure's api-version).
 *
 * @example endpointUrl('https://x.openai.azure.com/openai/deployments/gpt?api-version=2024-10-21', 'chat/completions').href
 * // 'https://x.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21'
 */
export function endpointUrl(base: string, path: 'chat/completions' | 'embeddings'): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  url.hash = '';
  return url;
}

const Usage = Type.Optional(Type.Object({ prompt_tokens: Type.Optional(Type.Number()), completion_tokens: Type.Optional(Type.Number()) }));
const ChatReply = Type.Object({
  model: Type.Optional(Type.String()),
  choices: Type.Array(Type.Object({ message: Type.Object({ content: Type.String() }) }), { minItems: 1 }),
  usage: Usage,
});
const EmbeddingsReply = Type.Object({
  data: Type.Array(Type.Object({ index: Type.Integer({ minimum: 0 }), embedding: Type.Array(Type.Number(), { minItems: 1 }) })),
  usage: Usage,
});

/** @example `const result = await new OpenAiClient({ url: 'http://127.0.0.1:11434/v1', model: 'qwen2.5' }, { timeoutMs: 30000, retries: 2 }).chat(request);` */
export class OpenAiClient {
  private readonly rule: (url: URL, key: string | undefined) => Record<string, string>;

  constructor(
    private readonly endpoint: EndpointConfig,
    private readonly options: ClientOptions,
  ) {
    this.rule = options.authHeaders ?? authHeaders;
  }

  async chat(request: ChatCompletionRequest): Promise<CallResult<ChatCompletion>> {
    const body = {
      model: this.endpoint.model,
      messages: request.messages,
      temperature: request.temperature ?? 0,
      max_tokens: request.maxTokens ?? 800,
      ...(request.json ? { response_format: { type: 'json_object' } } : {}),
    };
    const sent = await this.post('chat/completions', body, request.limits);
    if (!sent.ok) return sent;
    if (!Value.Check(ChatReply, sent.value)) return formatFailure('回答の文がありません', sent.attempts);
    const reply = sent.value;
    return {
      ok: true,
      attempts: sent.attempts,
      value: {
        text: reply.choices[0]?.message.content ?? '',
        model: reply.model ?? this.endpoint.model,
        inputTokens: tokens(reply.usage?.prompt_tokens),
        outputTokens: tokens(reply.usage?.completion_tokens),
      },
    };
  }

  /** Batches of {@link EMBEDDING_BATCH_SIZE}, one after another; the first failure ends the call. */
  async embed(texts: readonly string[], limits?: CallLimits): Promise<CallResult<Embeddings>> {
    const vectors: Float32Array[] = [];
    let attempts = 0;
    let inputTokens = 0;
    for (let start = 0; start < texts.length; start += EMBEDDING_BATCH_SIZE) {
      // Endpoints refuse an empty input with 400; a space embeds as "nothing".
      const batch = texts.slice(start, start + EMBEDDING_BATCH_SIZE).map((text) => (text.trim() === '' ? ' ' : text));
      const sent = await this.post('embeddings', { model: this.endpoint.model, input: batch }, limits);
      attempts += sent.attempts;
      if (!sent.ok) return { ...sent, attempts };
      const read = embeddingsOf(sent.value, batch.length, vectors[0]?.length);
      if (typeof read === 'string') return formatFailure(read, attempts);
      vectors.push(...read.vectors);
      inputTokens += read.inputTokens;
    }
    return { ok: true, value: { vectors, inputTokens }, attempts };
  }

  /** One JSON POST, sent again on failures worth retrying. */
  private async post(path: 'chat/completions' | 'embeddings', body: unknown, limits: CallLimits = {}): Promise<CallResult<unknown>> {
    const url = endpointUrl(this.endpoint.url, path);
    const timeoutMs = limits.timeoutMs ?? this.options.timeoutMs;
    const retries = limits.retries ?? this.options.retries;
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.rule(url, this.endpoint.key) },
      body: JSON.stringify(body),
      // A redirect would carry the key to another address: say so instead of following.
      redirect: 'manual' as const,
    };
    for (let attempts = 1; ; attempts++) {
      const outcome = await attempt(url, init, timeoutMs);
      if (outcome.ok) return { ok: true, value: outcome.value, attempts };
      // Never wait longer than the caller allowed one request (a citizen may be waiting), and never retry
      // sooner than the server asked: a longer Retry-After ends the call.
      const limit = Math.min(MAX_RETRY_WAIT_MS, timeoutMs);
      if (!outcome.retryable || attempts > retries || (outcome.retryAfterMs ?? 0) > limit) {
        return { ok: false, error: withAttempts(outcome.error, attempts), attempts };
      }
      const wait = outcome.retryAfterMs ?? Math.min(limit, backoff(this.options.backoffMs ?? DEFAULT_BACKOFF_MS, attempts));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

type Attempt = { ok: true; value: unknown } | { ok: false; error: ModelError; retryable: boolean; retryAfterMs?: number };

async function attempt(url: URL, init: RequestInit, timeoutMs: number): Promise<Attempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return httpFailure(response.status, response.headers.get('retry-after'));
    }
    const text = await response.text();
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, error: formatError('JSON ではありません'), retryable: false };
    }
  } catch (error) {
    if (signal.aborted) {
      return { ok: false, error: new ModelError('timeout', `応答が${seconds(timeoutMs)}秒以内に返りませんでした。`), retryable: true };
    }
    return { ok: false, error: new ModelError('network', `接続できませんでした（${networkReason(error)}）。URLとネットワークを確かめてください。`), retryable: true };
  }
}

function httpFailure(status: number, retryAfter: string | null): Attempt {
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(retryAfter) : undefined;
  return { ok: false, error: new ModelError('http', httpMessage(status), status), retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** What staff read for a refused request. */
export function httpMessage(status: number): string {
  const code = `（HTTP ${status}）`;
  if (status === 401 || status === 403) return `APIキーが正しくないか、権限がありません${code}。`;
  if (status === 404) return `モデル名かURLが正しくありません${code}。`;
  if (status === 429) return `利用の上限に達したか、混み合っています${code}。しばらくしてから、もう一度お試しください。`;
  if (status === 408) return `モデルのサーバーで時間切れになりました${code}。`;
  if (status >= 500) return `モデルのサーバーでエラーが起きました${code}。しばらくしてから、もう一度お試しください。`;
  if (status >= 300 && status < 400) return `URLが別の場所へ転送されています${code}。転送先のURLを設定してください。`;
  if (status === 400 || status === 422) return `リクエストが受け付けられませんでした${code}。モデル名と設定を確かめてください。`;
  return `モデルのサーバーがエラーを返しました${code}。`;
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date.
 *
 * @example parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with jitter: between half and all of base × 2^(attempt−1), so clients spread out. */
function backoff(baseMs: number, attempt: number): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
}

function withAttempts(error: ModelError, attempts: number): ModelError {
  return attempts > 1 ? new ModelError(error.kind, `${error.message}（${attempts}回試しました）`, error.status) : error;
}

function formatError(problem: string): ModelError {
  return new ModelError('format', `応答の形式が正しくありません（${problem}）。OpenAI 互換の API のURLか確かめてください。`);
}

function formatFailure(problem: string, attempts: number): CallResult<never> {
  return { ok: false, error: formatError(problem), attempts };
}

/** The reason of a failed fetch without addresses or text from elsewhere: the system's error code. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ?? 'ネットワークエラー';
}

function seconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(1)));
}

function tokens(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** The batch's vectors in input order, scaled to unit length; a problem in Japanese when the reply does not fit. */
function embeddingsOf(json: unknown, count: number, dimensions: number | undefined): { vectors: Float32Array[]; inputTokens: number } | string {
  if (!Value.Check(EmbeddingsReply, json)) return 'ベクトルがありません';
  if (json.data.length !== count) return `${count} 件の文に ${json.data.length} 件のベクトルが返りました`;
  const sorted = [...json.data].sort((a, b) => a.index - b.index);
  if (sorted.some((item, i) => item.index !== i)) return 'ベクトルの番号が正しくありません';
  const size = dimensions ?? sorted[0]?.embedding.length;
  if (sorted.some((item) => item.embedding.length !== size)) return 'ベクトルの次元がそろっていません';
  return { vectors: sorted.map((item) => unitVector(item.embedding)), inputTokens: tokens(json.usage?.prompt_tokens) };
}

/** The vector scaled to length 1 (a zero vector stays zero: it matches nothing). */
export function unitVector(values: readonly number[]): Float32Array {
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
  const vector = Float32Array.from(values);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}
