/**
 * Rebuilding a search index after changes, without piling up: while one rebuild runs, every further request
 * shares the single rebuild queued behind it, so twenty quick saves cost at most two rebuilds, and a reader
 * that waits with {@link settledIndex} sees every change saved before it asked.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SearchService } from '../../search/search-service.ts';

class IndexRefresher {
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(private readonly search: SearchService) {}

  request(): Promise<void> {
    if (this.#queued) return this.#queued;
    const previous = this.#running ?? Promise.resolve();
    const next: Promise<void> = previous
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        this.#running = next;
        return this.search.rebuild();
      })
      .finally(() => {
        if (this.#running === next) this.#running = undefined;
      });
    this.#queued = next;
    return next;
  }

  async settled(): Promise<void> {
    await (this.#queued ?? this.#running)?.catch(() => undefined);
  }
}

const refreshers = new WeakMap<SearchService, IndexRefresher>();

function refresherOf(search: SearchService): IndexRefresher {
  let refresher = refreshers.get(search);
  if (!refresher) {
    refresher = new IndexRefresher(search);
    refreshers.set(search, refresher);
  }
  return refresher;
}

/**
 * Asks for a rebuild that starts after this call; resolves when one has finished. A failure is logged (the
 * old index keeps serving) and rejects the returned promise.
 *
 * @example `void refreshIndex(context.working, request.log); // answer now; the test chat waits for it`
 */
export function refreshIndex(search: SearchService, log: FastifyBaseLogger): Promise<void> {
  const done = refresherOf(search).request();
  done.catch((error: unknown) => log.error({ err: error }, 'search index rebuild failed'));
  return done;
}

/**
 * Resolves once every rebuild asked for so far has finished (successfully or not).
 *
 * @example `await settledIndex(context.working); context.working.search(question);`
 */
export function settledIndex(search: SearchService): Promise<void> {
  return refresherOf(search).settled();
}
