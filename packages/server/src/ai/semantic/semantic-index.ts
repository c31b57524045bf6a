/**
 * The embeddings of one search index's QAs, kept in step with it: after each rebuild of the SearchService,
 * only texts never embedded before are sent to the model (vectors are cached in the store by model and
 * text), and until the refresh ends the previous vectors keep serving. Questions are embedded with a short
 * time-out and no retry; any failure leaves the chat to the engine alone, and after a few in a row questions
 * are not sent for a while, so an endpoint that is down does not add its time-out to every reply.
 */
import { topSimilar, type SemanticMatch } from '@madoguchi/engine';
import { redactPersonalData } from '../../chat/redact.ts';
import type { SearchService } from '../../search/search-service.ts';
import type { Store } from '../../store/store.ts';
import { ModelError, type EmbeddingModel } from '../models/models.ts';
import { EMBEDDING_BATCH_SIZE } from '../models/openai-client.ts';
import { embeddingKey, embeddingQuestion, embeddingText } from './embedding-text.ts';

/** A citizen is waiting: the question's embedding gets this long, once. */
export const QUESTION_TIMEOUT_MS = 2_000;
/** After a refresh left QAs without vectors (the endpoint failed), a question starts another after this long. */
const RETRY_AFTER_MS = 5 * 60_000;
/** Question embeddings failing this many times in a row pause them for {@link QUESTION_COOL_DOWN_MS}. */
export const QUESTION_FAILURES_BEFORE_COOL_DOWN = 3;
/** After it, one question tries the endpoint again (and a failure pauses again). */
export const QUESTION_COOL_DOWN_MS = 60_000;
/** Keys read from the store per call. */
const READ_CHUNK = 500;
/** Recent questions' vectors kept in memory (never stored: citizens' questions are not kept with them). */
const RECENT_QUESTIONS = 500;

export interface SemanticIndexOptions {
  /** Told of every failure; the chat goes on with the engine alone. */
  onError?: (error: unknown, during: 'refresh' | 'question') => void;
  /** Told when question embeddings pause after failing {@link QUESTION_FAILURES_BEFORE_COOL_DOWN} times in a row. */
  onCoolDown?: (pauseMs: number) => void;
  /** The clock of retries and cool-downs (tests). */
  now?: () => number;
}

/** What the console shows. @example `{ model: 'text-embedding-3-small', qas: 412, vectors: 412, refreshing: false, refreshFailures: 0, questionFailures: 1, questionsSkipped: 0, lastError: '応答が2秒以内に返りませんでした。' }` */
export interface SemanticIndexStatus {
  model: string;
  /** QAs in the search index. */
  qas: number;
  /** QAs with a vector (fewer while a refresh runs, or after the endpoint failed). */
  vectors: number;
  refreshing: boolean;
  refreshFailures: number;
  questionFailures: number;
  /** Questions answered by the engine alone without asking the endpoint, during cool-downs after failures. */
  questionsSkipped: number;
  /** Japanese, for staff. */
  lastError: string | null;
}

/**
 * @example
 * const index = new SemanticIndex(store, search, models.embeddings);
 * await index.refresh();
 * const similar = await index.rank('引っ越してきました', { top: 10 }); // null: use the engine alone
 */
export class SemanticIndex {
  /** QA id → vector, for the QAs of the last finished refresh. */
  #vectors = new Map<string, Float32Array>();
  /** Cache key → vector of the same QAs, so a refresh reuses them without reading the store. */
  #byKey = new Map<string, Float32Array>();
  #qaCount = 0;
  #missing = 0;
  #lastAttempt = 0;
  #dirty = false;
  #running: Promise<void> | undefined;
  #closed = false;
  #refreshFailures = 0;
  #questionFailures = 0;
  #failuresInARow = 0;
  #coolDownUntil = 0;
  #questionsSkipped = 0;
  #lastError: string | null = null;
  readonly #recent = new Map<string, Float32Array>();
  readonly #stopListening: () => void;

  constructor(
    private readonly store: Store,
    readonly search: SearchService,
    private readonly model: EmbeddingModel,
    private readonly options: SemanticIndexOptions = {},
  ) {
    this.#stopListening = search.onRebuilt(() => void this.refresh());
  }

  /**
   * Brings the vectors in step with the search index's QAs. Calls during a refresh share one more refresh
   * after it, so every QA indexed before the call is covered when the promise resolves. Never rejects.
   */
  refresh(): Promise<void> {
    this.#dirty = true;
    this.#running ??= this.#refreshWhileDirty();
    return this.#running;
  }

  /** Resolves when every refresh asked for so far has finished. */
  async ready(): Promise<void> {
    await this.#running;
  }

  /** Stops following the search index; a refresh under way stops after its current batch. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopListening();
    await this.#running;
  }

  status(): SemanticIndexStatus {
    return {
      model: this.model.model,
      qas: this.#qaCount,
      vectors: this.#vectors.size,
      refreshing: this.#running !== undefined,
      refreshFailures: this.#refreshFailures,
      questionFailures: this.#questionFailures,
      questionsSkipped: this.#questionsSkipped,
      lastError: this.#lastError,
    };
  }

  /**
   * The QAs most similar to a citizen's question, best first; null when there is nothing to compare with
   * or the model did not answer in time (the caller uses the engine alone). Personal data is masked before
   * the question leaves the server.
   */
  async rank(question: string, options: { top: number; timeoutMs?: number }): Promise<SemanticMatch[] | null> {
    if (this.#missing > 0 && this.#running === undefined && this.#now() - this.#lastAttempt >= RETRY_AFTER_MS) void this.refresh();
    if (this.#vectors.size === 0) return null;
    const text = embeddingQuestion(redactPersonalData(question));
    let vector = this.#recent.get(text);
    if (vector === undefined) {
      if (this.#now() < this.#coolDownUntil) {
        this.#questionsSkipped += 1;
        return null;
      }
      try {
        [vector] = await this.model.embed('embedding', [text], { timeoutMs: options.timeoutMs ?? QUESTION_TIMEOUT_MS, retries: 0 });
      } catch (error) {
        this.#questionFailed(error);
        return null;
      }
      this.#failuresInARow = 0;
      if (vector === undefined) return null;
      this.#remember(text, vector);
    }
    return this.similarTo(vector, options.top);
  }

  /** The QAs most similar to a vector (from {@link embedTexts}), best first. */
  similarTo(vector: Float32Array, top: number): SemanticMatch[] {
    return topSimilar(vector, this.#vectors, top);
  }

  /**
   * Vectors for texts staff wrote (一括テスト questions): cached in the store like the QAs', embedded in
   * batches with the configured time-out and retries.
   *
   * @throws ModelError when the endpoint fails.
   */
  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const keyed = texts.map((text) => embeddingKey(this.model.model, embeddingQuestion(text)));
    const found = await this.#cached(new Map(texts.map((text, i) => [keyed[i]!, embeddingQuestion(text)])));
    return keyed.map((key) => found.get(key)!);
  }

  async #refreshWhileDirty(): Promise<void> {
    try {
      while (this.#dirty && !this.#closed) {
        this.#dirty = false;
        await this.#refreshOnce();
      }
    } finally {
      this.#running = undefined;
    }
  }

  async #refreshOnce(): Promise<void> {
    this.#lastAttempt = this.#now();
    const facts = this.search.facts;
    const keys = new Map<string, string>();
    const texts = new Map<string, string>();
    for (const qa of this.search.qas()) {
      const text = embeddingText(qa, facts);
      const key = embeddingKey(this.model.model, text);
      keys.set(qa.id, key);
      texts.set(key, text);
    }
    let found: Map<string, Float32Array>;
    try {
      found = await this.#cached(texts, { partial: true });
    } catch (error) {
      // The store did not answer: the previous vectors keep serving.
      this.#refreshFailures += 1;
      this.#failed(error, 'refresh');
      return;
    }
    const vectors = new Map<string, Float32Array>();
    for (const [id, key] of keys) {
      const vector = found.get(key);
      if (vector) vectors.set(id, vector);
    }
    this.#vectors = vectors;
    this.#byKey = found;
    this.#qaCount = keys.size;
    this.#missing = keys.size - vectors.size;
  }

  /**
   * Vectors for these texts (cache key → text): from memory, then the store, then the model in batches,
   * each batch written back as it arrives. With `partial`, a failing model ends the embedding and what was
   * found is returned (the failure counted); without, it throws.
   */
  async #cached(texts: ReadonlyMap<string, string>, { partial = false } = {}): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    const unread: string[] = [];
    for (const key of texts.keys()) {
      const known = this.#byKey.get(key);
      if (known) found.set(key, known);
      else unread.push(key);
    }
    for (let start = 0; start < unread.length; start += READ_CHUNK) {
      for (const [key, vector] of await this.store.readEmbeddings(this.model.model, unread.slice(start, start + READ_CHUNK))) found.set(key, vector);
    }
    const missing = unread.filter((key) => !found.has(key));
    for (let start = 0; start < missing.length && !this.#closed; start += EMBEDDING_BATCH_SIZE) {
      const batch = missing.slice(start, start + EMBEDDING_BATCH_SIZE);
      let vectors: Float32Array[];
      try {
        vectors = await this.model.embed('embedding', batch.map((key) => texts.get(key)!));
      } catch (error) {
        if (!partial) throw error;
        this.#refreshFailures += 1;
        this.#failed(error, 'refresh');
        break;
      }
      const entries = new Map(batch.map((key, i) => [key, vectors[i]!]));
      await this.store.writeEmbeddings(this.model.model, entries);
      for (const [key, vector] of entries) found.set(key, vector);
    }
    return found;
  }

  #questionFailed(error: unknown): void {
    this.#questionFailures += 1;
    this.#failuresInARow += 1;
    this.#failed(error, 'question');
    if (this.#failuresInARow >= QUESTION_FAILURES_BEFORE_COOL_DOWN) {
      this.#coolDownUntil = this.#now() + QUESTION_COOL_DOWN_MS;
      this.options.onCoolDown?.(QUESTION_COOL_DOWN_MS);
    }
  }

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  #remember(text: string, vector: Float32Array): void {
    this.#recent.set(text, vector);
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.#recent.size > RECENT_QUESTIONS) this.#recent.delete(this.#recent.keys().next().value!);
  }

  #failed(error: unknown, during: 'refresh' | 'question'): void {
    // Model errors are already Japanese for staff; anything else came from the store.
    this.#lastError = error instanceof ModelError ? error.message : '埋め込みをデータベースに読み書きできませんでした。';
    this.options.onError?.(error, during);
  }
}
