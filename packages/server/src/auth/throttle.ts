/**
 * Sign-in throttling instead of a lock-out. Failed sign-ins are counted in the store, so every instance
 * agrees, under three keys: the (login id, address) pair, the address, and the login id. A key's first few
 * failures are free; after them each further failure doubles the wait before that key may try again, up to
 * the key's cap.
 *
 * The pair is throttled strongly (after 4 failures, up to 15 minutes): one address guessing one account.
 * The address also strongly, but later (after 20): one address trying many ids. The login id only weakly
 * (after 20, at most 1 minute), so a storm from one address never keeps the owner, on another address, out,
 * and a storm from many addresses delays the owner by a minute at most while still slowing it to about one
 * guess a minute. Unknown ids are counted exactly like real ones, so the answers do not tell them apart.
 */
import type { SignInFailures, SignInThrottleKey, Store } from '../store/store.ts';

const MINUTE = 60_000;

interface Scope {
  key(loginId: string, address: string): SignInThrottleKey;
  freeFailures: number;
  maxDelayMs: number;
}

const SCOPES: readonly Scope[] = [
  { key: (loginId, address) => ({ loginId, address }), freeFailures: 4, maxDelayMs: 15 * MINUTE },
  { key: (_loginId, address) => ({ loginId: '', address }), freeFailures: 20, maxDelayMs: 15 * MINUTE },
  { key: (loginId) => ({ loginId, address: '' }), freeFailures: 20, maxDelayMs: MINUTE },
];

/** A count idle this long is forgotten (and deleted), so the table holds only the last day's failures. */
const FORGET_AFTER_MS = 24 * 60 * MINUTE;

/** The scope a stored count belongs to, from which of its parts are empty. */
function scopeOf(count: SignInThrottleKey): Scope {
  if (count.loginId === '') return SCOPES[1]!;
  return count.address === '' ? SCOPES[2]! : SCOPES[0]!;
}

/**
 * The wait after `failures` failures under a scope: 0 while they are free, then base, 2×base, 4×base … up to the cap.
 *
 * @example `delayAfter(5, { freeFailures: 4, maxDelayMs: 900_000 }, 1000) // 1000`
 */
export function delayAfter(failures: number, scope: Pick<Scope, 'freeFailures' | 'maxDelayMs'>, baseDelayMs: number): number {
  const over = failures - scope.freeFailures;
  return over <= 0 ? 0 : Math.min(baseDelayMs * 2 ** (over - 1), scope.maxDelayMs);
}

/**
 * @example
 * ```ts
 * const throttle = new SignInThrottle(store, 'default', () => new Date(), 1000);
 * if ((await throttle.waitMs('suzuki', request.ip)) > 0) …refuse with 429…
 * ```
 */
export class SignInThrottle {
  constructor(
    private readonly store: Store,
    private readonly siteId: string,
    private readonly now: () => Date,
    /** The first wait after the free failures (1 s; tests may shorten it). */
    private readonly baseDelayMs: number,
  ) {}

  /** Milliseconds until this login id may be tried again from this address (0: now). */
  async waitMs(loginId: string, address: string): Promise<number> {
    return this.#waitOf(await this.store.getSignInFailures(this.siteId, SCOPES.map((s) => s.key(loginId, address))));
  }

  /** Counts a failure under every key; returns the wait it causes. */
  async recordFailure(loginId: string, address: string): Promise<number> {
    const at = this.now();
    const forgetBefore = new Date(at.getTime() - FORGET_AFTER_MS).toISOString();
    return this.#waitOf(await this.store.recordSignInFailure(this.siteId, SCOPES.map((s) => s.key(loginId, address)), at.toISOString(), forgetBefore));
  }

  /**
   * A right password forgets the pair's and the address's failures. The login id's own count stays: its owner
   * signing in must not give a many-address attacker fresh free guesses.
   */
  async recordSuccess(loginId: string, address: string): Promise<void> {
    await this.store.clearSignInFailures(this.siteId, SCOPES[0]!.key(loginId, address));
    await this.store.clearSignInFailures(this.siteId, SCOPES[1]!.key(loginId, address));
  }

  /** Until when each throttled login id is refused (from every address or from some), with its own failure count. */
  async throttledLoginIds(): Promise<Map<string, { until: string | null; failures: number }>> {
    const byId = new Map<string, { untilMs: number; failures: number }>();
    for (const count of await this.store.listSignInFailures(this.siteId)) {
      const entry = byId.get(count.loginId) ?? { untilMs: 0, failures: 0 };
      if (count.address === '') entry.failures = count.failures;
      entry.untilMs = Math.max(entry.untilMs, this.#untilOf(count));
      byId.set(count.loginId, entry);
    }
    const now = this.now().getTime();
    return new Map([...byId].map(([id, e]) => [id, { until: e.untilMs > now ? new Date(e.untilMs).toISOString() : null, failures: e.failures }]));
  }

  #untilOf(count: SignInFailures): number {
    return Date.parse(count.lastFailureAt) + delayAfter(count.failures, scopeOf(count), this.baseDelayMs);
  }

  #waitOf(counts: SignInFailures[]): number {
    const now = this.now().getTime();
    return Math.max(0, ...counts.map((c) => this.#untilOf(c) - now));
  }
}
