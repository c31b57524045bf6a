/**
 * The configured models as the features use them: each call goes through the OpenAI-compatible client, is
 * logged for cost (model-usage-log.ts), and updates the endpoint's status the console shows.
 */
import type { ModelKind, ModelPurpose } from '../../store/authoring-records.ts';
import type { Store } from '../../store/store.ts';
import { endpointLabel, type EndpointConfig, type ModelConfig } from './model-config.ts';
import { usageLog, type ModelCall } from './model-usage-log.ts';
import type { CallLimits, ChatCompletion, ChatCompletionRequest, ChatModel, EmbeddingModel, ModelProviders, ModelStatus } from './models.ts';
import { OpenAiClient, type CallResult, type ClientOptions } from './openai-client.ts';

export interface ProviderOptions {
  /** The clock of logged calls and statuses (tests). */
  now?: () => Date;
  /** A usage row the store could not write (default: a line on stderr). */
  onUsageError?: (error: unknown) => void;
  /** Client details tests change: the first backoff, the key header rule. */
  client?: Pick<ClientOptions, 'backoffMs' | 'authHeaders'>;
}

/** The providers, and the usage rows still being written (calls do not wait for them). */
export interface ConfiguredModels extends ModelProviders {
  /** Resolves when every usage row started so far is written or has failed: await it before closing the store. */
  usageSettled(): Promise<void>;
}

/**
 * @example
 * const models = createModelProviders(modelConfig(options), store, 'default', { onUsageError: (e) => log.warn({ err: e }, 'model usage not recorded') });
 * if (models.chat) await models.chat.complete({ purpose: 'draft', messages });
 * await models.usageSettled(); // before store.close()
 */
export function createModelProviders(config: ModelConfig, store: Store, siteId: string, options: ProviderOptions = {}): ConfiguredModels {
  const now = options.now ?? (() => new Date());
  const usage = usageLog(store, siteId, options.onUsageError ?? reportUsageError);
  const record = (call: ModelCall) => usage.record(call);
  const chat = config.chat ? new Endpoint('chat', config.chat, config, options, now, record) : null;
  const embeddings = config.embeddings ? new Endpoint('embeddings', config.embeddings, config, options, now, record) : null;
  return {
    chat: chat && {
      model: chat.model,
      complete: (request: ChatCompletionRequest): Promise<ChatCompletion> => chat.call(request.purpose, (client) => client.chat(request), (reply) => reply),
    } satisfies ChatModel,
    embeddings: embeddings && {
      model: embeddings.model,
      embed: async (purpose: ModelPurpose, texts: readonly string[], limits?: CallLimits): Promise<Float32Array[]> => {
        if (texts.length === 0) return [];
        const reply = await embeddings.call(purpose, (client) => client.embed(texts, limits), ({ inputTokens }) => ({ inputTokens, outputTokens: 0 }));
        return reply.vectors;
      },
    } satisfies EmbeddingModel,
    status: () => [chat?.status() ?? unconfigured('chat'), embeddings?.status() ?? unconfigured('embeddings')],
    usageSettled: () => usage.settled(),
  };
}

function reportUsageError(error: unknown): void {
  console.error(`モデルの利用記録を保存できませんでした: ${error instanceof Error ? error.message : String(error)}`);
}

function unconfigured(kind: ModelKind): ModelStatus {
  return { kind, configured: false, model: null, endpoint: null, lastOkAt: null, lastError: null, lastErrorAt: null };
}

/** One configured endpoint: its client, and what its last calls came to. */
class Endpoint {
  readonly model: string;
  private readonly client: OpenAiClient;
  private lastOkAt: string | null = null;
  private lastError: string | null = null;
  private lastErrorAt: string | null = null;

  constructor(
    private readonly kind: ModelKind,
    private readonly config: EndpointConfig,
    limits: Pick<ModelConfig, 'timeoutMs' | 'retries'>,
    options: ProviderOptions,
    private readonly now: () => Date,
    private readonly record: (call: ModelCall) => void,
  ) {
    this.model = config.model;
    this.client = new OpenAiClient(config, { timeoutMs: limits.timeoutMs, retries: limits.retries, ...options.client });
  }

  /** Runs a call, logs it (without waiting for the row), remembers its outcome; the value, or the ModelError thrown. */
  async call<T>(purpose: ModelPurpose, send: (client: OpenAiClient) => Promise<CallResult<T>>, tokensOf: (value: T) => { inputTokens: number; outputTokens: number }): Promise<T> {
    const at = this.now();
    const started = performance.now();
    const result = await send(this.client);
    const latencyMs = performance.now() - started;
    const finished = this.now().toISOString();
    const spent = result.ok ? tokensOf(result.value) : { inputTokens: 0, outputTokens: 0 };
    this.record({
      kind: this.kind,
      model: this.model,
      purpose,
      at,
      attempts: result.attempts,
      inputTokens: spent.inputTokens,
      outputTokens: spent.outputTokens,
      latencyMs,
      error: result.ok ? null : result.error,
    });
    if (!result.ok) {
      this.lastError = result.error.message;
      this.lastErrorAt = finished;
      throw result.error;
    }
    this.lastOkAt = finished;
    return result.value;
  }

  status(): ModelStatus {
    return {
      kind: this.kind,
      configured: true,
      model: this.model,
      endpoint: endpointLabel(this.config.url),
      lastOkAt: this.lastOkAt,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      ...(this.config.price ? { price: this.config.price } : {}),
    };
  }
}
