/**
 * Writes chat turns to the store in the background, in batches, so a citizen's answer never waits for the
 * log and a failing log never fails the answer (R23). Turns wait in a bounded queue; when the store keeps
 * failing and the queue is full, the oldest are dropped and counted rather than memory growing without end.
 */
import type { ChatTurn, Store } from '../store/store.ts';

interface TurnLogOptions {
  /** How long a turn may wait before its batch is written (default 50 ms). */
  flushDelayMs?: number;
  /** Turns kept while the store fails (default 10,000). */
  maxQueued?: number;
  /** Called when writing a batch fails; the batch stays queued and is retried. */
  onError?: (error: unknown) => void;
}

const DEFAULT_FLUSH_DELAY_MS = 50;
const DEFAULT_MAX_QUEUED = 10_000;
const RETRY_DELAY_MS = 1_000;
/** Turns written in one transaction. */
const BATCH_SIZE = 500;

/**
 * @example
 * const log = new TurnLog(store, 'default');
 * log.add(turn);          // returns at once
 * await log.flush();      // before reading the turn back (feedback, tests, shutdown)
 */
export class TurnLog {
  #queue: ChatTurn[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dropped = 0;

  constructor(
    private readonly store: Store,
    private readonly siteId: string,
    private readonly options: TurnLogOptions = {},
  ) {}

  /** Turns dropped because the store failed for longer than the queue holds. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Turns waiting to be written (grows while the store is unreachable). */
  get queued(): number {
    return this.#queue.length;
  }

  add(turn: ChatTurn): void {
    this.#queue.push(turn);
    const overflow = this.#queue.length - (this.options.maxQueued ?? DEFAULT_MAX_QUEUED);
    if (overflow > 0) {
      this.#queue.splice(0, overflow);
      this.#dropped += overflow;
    }
    this.#timer ??= setTimeout(() => void this.flush(), this.options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS);
  }

  /** Writes everything queued so far; resolves when done or when the store failed (reported to onError). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // One writer at a time keeps the turns of a session in order.
    while (this.#writing) await this.#writing;
    if (this.#queue.length === 0) return;
    this.#writing = this.#writeQueued();
    try {
      await this.#writing;
    } finally {
      this.#writing = undefined;
    }
  }

  async #writeQueued(): Promise<void> {
    // After a duplicate, turns go one at a time until the queue is empty, so only the duplicate is dropped.
    let batchSize = BATCH_SIZE;
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, batchSize);
      try {
        await this.store.recordChatTurns(this.siteId, batch);
      } catch (error) {
        this.options.onError?.(error);
        if (!isDuplicate(error)) {
          this.#timer ??= setTimeout(() => void this.flush(), RETRY_DELAY_MS).unref();
          return;
        }
        // A duplicate id fails for ever: a write whose commit arrived while its connection was lost (so it was
        // retried), or a turn sent twice. Alone, it is dropped; in a batch, the batch is written turn by turn.
        if (batch.length === 1) this.#discard(1);
        batchSize = 1;
        continue;
      }
      this.#queue.splice(0, batch.length);
    }
  }

  #discard(count: number): void {
    this.#queue.splice(0, count);
    this.#dropped += count;
  }
}

function isDuplicate(error: unknown): boolean {
  return error instanceof Error && /UNIQUE|PRIMARY KEY|duplicate key/i.test(error.message);
}
