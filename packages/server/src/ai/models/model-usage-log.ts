/**
 * The cost and reliability log: one {@link ModelUsage} row per model call (retries included), written to the
 * store for the console's usage table. Never holds prompt or reply text; a store that fails to record
 * never fails the model call.
 */
import type { ModelKind, ModelPurpose, ModelUsage } from '../../store/authoring-records.ts';
import type { Store } from '../../store/store.ts';
import { japanDay } from '../../time/japan-time.ts';
import type { ModelError } from './models.ts';

/** One finished call to an endpoint, as the providers saw it. */
export interface ModelCall {
  kind: ModelKind;
  /** The configured model name (what a price is given for), not the versioned name a reply may carry. */
  model: string;
  purpose: ModelPurpose;
  /** When the call started. */
  at: Date;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  /** Null when the call succeeded. */
  error: ModelError | null;
}

/**
 * The row a call is logged as: the outcome and a short failure (status code or kind), never a message that
 * might quote the request.
 *
 * @example usageOf(call).error // 'HTTP 429'
 */
export function usageOf(call: ModelCall): ModelUsage {
  const { error } = call;
  return {
    at: call.at.toISOString(),
    day: japanDay(call.at),
    kind: call.kind,
    model: call.model,
    purpose: call.purpose,
    outcome: error === null ? 'ok' : error.kind === 'timeout' ? 'timeout' : 'error',
    attempts: call.attempts,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    latencyMs: Math.round(call.latencyMs),
    error: error === null ? null : error.status !== null ? `HTTP ${error.status}` : error.kind,
  };
}

/** Writes usage rows without making the calls wait for them. */
export interface UsageLog {
  /** Starts writing the row and returns at once; a failed write goes to `onError`. */
  record(call: ModelCall): void;
  /** Resolves when every row started so far is written (or has failed): before the store is closed. */
  settled(): Promise<void>;
}

/**
 * Records each call for the site. The row is written after the model has answered, and a citizen may be
 * waiting for that answer: the call never waits for the store (a slow database would slow the chat).
 *
 * @example
 * const usage = usageLog(store, 'default', (error) => log.warn({ err: error }, 'model usage not recorded'));
 * usage.record(call);
 * await usage.settled(); // before store.close()
 */
export function usageLog(store: Store, siteId: string, onError: (error: unknown) => void): UsageLog {
  const pending = new Set<Promise<void>>();
  return {
    record(call) {
      const write = store.recordModelUsage(siteId, usageOf(call)).catch(onError);
      pending.add(write);
      void write.finally(() => pending.delete(write));
    },
    async settled() {
      await Promise.all(pending);
    },
  };
}
