/**
 * The model plug-ins a deployment may configure (issue 7, R27/R28/R9): one OpenAI-compatible
 * chat-completions endpoint and one OpenAI-compatible embeddings endpoint. Every feature that uses them
 * takes these interfaces and works, with less, when they are null.
 */
import type { ModelPurpose } from '../../store/authoring-records.ts';

/** One message of a chat-completions request. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * @example `{ purpose: 'answer', messages: [{ role: 'system', content: '…' }, { role: 'user', content: '…' }], maxTokens: 400, json: false }`
 */
export interface ChatCompletionRequest {
  purpose: ModelPurpose;
  messages: ChatMessage[];
  /** Upper bound of the reply's tokens (default 800). */
  maxTokens?: number;
  /** Ask for a JSON object (`response_format: { type: 'json_object' }`); the reply text is still a string. */
  json?: boolean;
  /** Default 0: the features want the most likely wording, not variety. */
  temperature?: number;
  /** Overrides the configured timeout and retries (a citizen waiting needs a short one). */
  limits?: CallLimits;
}

/** @example `{ timeoutMs: 8000, retries: 0 }` */
export interface CallLimits {
  timeoutMs?: number;
  retries?: number;
}

/** @example `{ text: '…', model: 'gpt-4o-mini', inputTokens: 812, outputTokens: 95 }` */
export interface ChatCompletion {
  text: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export interface ChatModel {
  /** The configured model name, as sent in requests. */
  readonly model: string;
  /** @throws ModelError after the timeout and retries. */
  complete(request: ChatCompletionRequest): Promise<ChatCompletion>;
}

export interface EmbeddingModel {
  readonly model: string;
  /**
   * One vector per text, in order, each scaled to unit length.
   *
   * @throws ModelError after the timeout and retries.
   */
  embed(purpose: ModelPurpose, texts: readonly string[], limits?: CallLimits): Promise<Float32Array[]>;
}

/**
 * What the console shows about one endpoint.
 *
 * @example `{ kind: 'chat', configured: true, model: 'gpt-4o-mini', endpoint: 'https://api.openai.com/v1', lastOkAt: '…', lastError: null, lastErrorAt: null }`
 */
export interface ModelStatus {
  kind: 'chat' | 'embeddings';
  configured: boolean;
  model: string | null;
  /** The base URL without credentials or query string, for staff to recognise. */
  endpoint: string | null;
  lastOkAt: string | null;
  /** Japanese, for staff: why the last failed call failed. */
  lastError: string | null;
  lastErrorAt: string | null;
  /** The configured price, for the console's estimated cost; absent when none was given. */
  price?: ModelPrice;
}

/** 円 per million tokens, as the provider's price list says. @example `{ input: 75, output: 300 }` */
export interface ModelPrice {
  input: number;
  /** 0 for embeddings, which have no output tokens. */
  output: number;
}

/** The configured models; a feature without its model degrades (see each feature). */
export interface ModelProviders {
  chat: ChatModel | null;
  embeddings: EmbeddingModel | null;
  status(): ModelStatus[];
}

/** Why a model call failed, after retries. `message` is Japanese, for staff. */
export class ModelError extends Error {
  constructor(
    readonly kind: 'timeout' | 'http' | 'network' | 'format' | 'not-configured',
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** No model configured: every feature runs without one. */
export const NO_MODELS: ModelProviders = {
  chat: null,
  embeddings: null,
  status: () => [
    { kind: 'chat', configured: false, model: null, endpoint: null, lastOkAt: null, lastError: null, lastErrorAt: null },
    { kind: 'embeddings', configured: false, model: null, endpoint: null, lastOkAt: null, lastError: null, lastErrorAt: null },
  ],
};
