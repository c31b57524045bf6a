/**
 * What a deployment configures about its models, and reading it from the command line's option values and
 * the environment (keys come only from the environment: command lines are visible to every user of the
 * machine). Pure: the CLI hands the values in; mistakes are Japanese messages for the IT department.
 */
import type { ModelPrice } from './models.ts';

/** One OpenAI-compatible endpoint: the base URL the request paths are appended to, and the model name sent. */
export interface EndpointConfig {
  /** e.g. https://api.openai.com/v1, or Azure's …/openai/deployments/NAME?api-version=… (the query is kept). */
  url: string;
  model: string;
  /** Absent for a local server (Ollama, vLLM) that wants no key. */
  key?: string;
  /** 円 per million tokens, for the estimated cost in the console; embeddings have only input tokens. */
  price?: ModelPrice;
}

/** @example `{ chat: { url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', key: 'sk-…' }, embeddings: null, timeoutMs: 30000, retries: 2 }` */
export interface ModelConfig {
  chat: EndpointConfig | null;
  embeddings: EndpointConfig | null;
  /** How long one request may take before it counts as failed. */
  timeoutMs: number;
  /** How many times a failed request is sent again (network errors, time-outs, 408, 409, 429, 5xx). */
  retries: number;
}

export const DEFAULT_MODEL_TIMEOUT_SECONDS = 30;
export const DEFAULT_MODEL_RETRIES = 2;
const MAX_TIMEOUT_SECONDS = 600;
const MAX_RETRIES = 10;

/** Nothing configured: every feature runs without a model. */
export const NO_MODEL_CONFIG: ModelConfig = { chat: null, embeddings: null, timeoutMs: DEFAULT_MODEL_TIMEOUT_SECONDS * 1000, retries: DEFAULT_MODEL_RETRIES };

/** A configuration mistake, said in Japanese; the CLI prints it and stops. */
export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

/** The option values as the CLI parsed them (strings as typed; prices and numbers already checked). */
export interface ModelOptionValues {
  chatModelUrl?: string;
  chatModel?: string;
  chatModelPrice?: ModelPrice;
  embeddingModelUrl?: string;
  embeddingModel?: string;
  embeddingModelPrice?: ModelPrice;
  /** Seconds. */
  modelTimeout?: number;
  modelRetries?: number;
}

/** The environment variables that hold the keys. */
export const CHAT_MODEL_KEY_ENV = 'MADOGUCHI_CHAT_MODEL_KEY';
export const EMBEDDING_MODEL_KEY_ENV = 'MADOGUCHI_EMBEDDING_MODEL_KEY';

/**
 * The configuration from option values and the environment's keys. A URL without a model name, or a model
 * name without a URL, is a mistake rather than "not configured": the IT department meant to turn it on.
 *
 * @throws ModelConfigError with a Japanese message.
 * @example `modelConfig({ chatModelUrl: 'https://api.openai.com/v1', chatModel: 'gpt-4o-mini' }, process.env)`
 */
export function modelConfig(values: ModelOptionValues, env: NodeJS.ProcessEnv = process.env): ModelConfig {
  const timeoutSeconds = values.modelTimeout ?? DEFAULT_MODEL_TIMEOUT_SECONDS;
  const retries = values.modelRetries ?? DEFAULT_MODEL_RETRIES;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) throw new ModelConfigError(timeoutProblem(String(timeoutSeconds)));
  if (!(Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)) throw new ModelConfigError(retriesProblem(String(retries)));
  return {
    chat: endpoint('チャットモデル', '--chat-model-url', '--chat-model', values.chatModelUrl, values.chatModel, env[CHAT_MODEL_KEY_ENV], values.chatModelPrice),
    embeddings: endpoint(
      '埋め込みモデル',
      '--embedding-model-url',
      '--embedding-model',
      values.embeddingModelUrl,
      values.embeddingModel,
      env[EMBEDDING_MODEL_KEY_ENV],
      values.embeddingModelPrice,
    ),
    timeoutMs: Math.round(timeoutSeconds * 1000),
    retries,
  };
}

function endpoint(
  label: string,
  urlFlag: string,
  modelFlag: string,
  url: string | undefined,
  model: string | undefined,
  key: string | undefined,
  price: ModelPrice | undefined,
): EndpointConfig | null {
  const givenUrl = url?.trim() ?? '';
  const givenModel = model?.trim() ?? '';
  if (givenUrl === '' && givenModel === '') return null;
  if (givenUrl === '') throw new ModelConfigError(`${label}の名前（${modelFlag}）だけが指定されています。${urlFlag} で接続先のURLも指定してください。`);
  if (givenModel === '') throw new ModelConfigError(`${label}のURL（${urlFlag}）だけが指定されています。${modelFlag} でモデル名も指定してください。`);
  checkEndpointUrl(label, urlFlag, givenUrl);
  const givenKey = key?.trim();
  return { url: givenUrl, model: givenModel, ...(givenKey ? { key: givenKey } : {}), ...(price ? { price } : {}) };
}

function checkEndpointUrl(label: string, flag: string, url: string): void {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ModelConfigError(`${label}のURL（${flag}）は http:// か https:// で始まるURLにしてください。`);
  }
  // A key in the URL would be shown in the console and logs; keys belong in the environment.
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ModelConfigError(`${label}のURL（${flag}）にユーザー名やパスワードを含めないでください。キーは環境変数で渡します。`);
  }
}

/**
 * A chat price "input,output" in 円 per million tokens, or an embeddings price "input".
 *
 * @example parsePrice('75,300', 'chat') // { input: 75, output: 300 }
 * @returns the price, or a Japanese problem.
 */
export function parsePrice(value: string, kind: 'chat' | 'embeddings'): ModelPrice | string {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => (part === '' ? Number.NaN : Number(part)));
  const valid = numbers.every((n) => Number.isFinite(n) && n >= 0);
  if (kind === 'chat') {
    if (parts.length !== 2 || !valid) return `チャットモデルの料金は「入力,出力」の形で、100万トークンあたりの円を指定してください（例: 75,300）。いまは「${value}」です。`;
    return { input: numbers[0] ?? 0, output: numbers[1] ?? 0 };
  }
  if (parts.length !== 1 || !valid) return `埋め込みモデルの料金は、100万トークンあたりの円を1つの数で指定してください（例: 3）。いまは「${value}」です。`;
  return { input: numbers[0] ?? 0, output: 0 };
}

/** @returns seconds, or a Japanese problem. @example parseTimeoutSeconds('8') // 8 */
export function parseTimeoutSeconds(value: string): number | string {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n > 0 && n <= MAX_TIMEOUT_SECONDS ? n : timeoutProblem(value);
}

/** @returns the count, or a Japanese problem. @example parseRetries('0') // 0 */
export function parseRetries(value: string): number | string {
  const n = Number(value);
  return value.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_RETRIES ? n : retriesProblem(value);
}

function timeoutProblem(value: string): string {
  return `モデルの待ち時間は 0 より大きく ${MAX_TIMEOUT_SECONDS} 以下の秒数で指定してください（いまは「${value}」）。`;
}

function retriesProblem(value: string): string {
  return `モデルへの再試行の回数は 0 から ${MAX_RETRIES} までの整数で指定してください（いまは「${value}」）。`;
}

/**
 * The endpoint as staff may see it: scheme, host and path, without credentials or query (Azure's
 * api-version is in the query; a key could be too).
 *
 * @example endpointLabel('https://x.openai.azure.com/openai/deployments/gpt?api-version=2024-10-21') // 'https://x.openai.azure.com/openai/deployments/gpt'
 */
export function endpointLabel(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
