/**
 * @fastify/rate-limit's store interface over a store shared by several instances (PostgreSQL), so an
 * address's requests are counted once however the proxy spreads them (R40, R44).
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { SharedStore } from '../store/store.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** What the plugin hands a store (typed there as route options; it is the limit's settings with `routeInfo`). */
interface LimiterOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store class for the plugin's `store` option. Each route's limiter counts under its own prefix (method and
 * address pattern), as the plugin's own in-memory store keeps one table per route.
 *
 * @example `await app.register(rateLimit, { global: false, store: sharedRateLimitStore(store), skipOnError: true });`
 */
export function sharedRateLimitStore(counter: Pick<SharedStore, 'countHit'>): FastifyRateLimitStoreCtor {
  let limiters = 0;
  class SharedRateLimitStore implements FastifyRateLimitStore {
    readonly #prefix: string;

    constructor(options: object) {
      const route = (options as LimiterOptions).routeInfo;
      limiters += 1;
      this.#prefix = route?.url ? `${[route.method].flat().join(',')} ${route.url}` : `limiter ${limiters}`;
    }

    incr(key: string, callback: Callback, timeWindow = 60_000): void {
      counter.countHit(`${this.#prefix} ${key}`, timeWindow).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: object): FastifyRateLimitStore {
      return new SharedRateLimitStore(options);
    }
  }
  return SharedRateLimitStore;
}
