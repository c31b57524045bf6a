/**
 * Sizes of the PDFs answers link to, so the widget can say 「PDF：1.2 MB」 before a citizen on a phone
 * taps a large file. Found by a HEAD request to the city's server in the background the first time a
 * link is shown; until then, and when the server does not say, the link simply has no size. Anonymous chat
 * requests set these off, so they go through the outbound guard like every request for city content.
 */
import { outboundUrl, type OutboundGuard } from '../security/outbound-guard.ts';

export interface LinkedFileSizesOptions {
  /** The deployment's outbound guard (any public host: answers link to other offices' files too). */
  guard: OutboundGuard;
  /** Per request. */
  timeoutMs?: number;
  /** Requests at once, so an answer with many PDFs never floods the city's server. */
  concurrency?: number;
  /** How long a size (or a failure to get one) is trusted before asking again. */
  maxAgeMs?: number;
  now?: () => number;
}

interface Known {
  /** Bytes, or null when the server did not say. */
  size: number | null;
  at: number;
}

/**
 * @example
 * const sizes = new LinkedFileSizes({ guard });
 * sizes.lookup('https://www.city.example.lg.jp/a.pdf'); // 'pending' the first time, then 1234567
 */
export class LinkedFileSizes {
  readonly #known = new Map<string, Known>();
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  #running = 0;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #guard: OutboundGuard;
  #idle: (() => void)[] = [];

  constructor(options: LinkedFileSizesOptions) {
    this.#guard = options.guard;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#concurrency = options.concurrency ?? 2;
    this.#maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The size in bytes; `unknown` when the server did not say; `pending` while it is being asked (a stale
   * size is returned as is and refreshed in the background).
   */
  lookup(url: string): number | 'unknown' | 'pending' {
    const known = this.#known.get(url);
    if (known === undefined || this.#now() - known.at > this.#maxAgeMs) this.#enqueue(url);
    if (known === undefined) return 'pending';
    return known.size ?? 'unknown';
  }

  /** Resolves when no request is queued or running (tests, and a clean shutdown). */
  settled(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #enqueue(url: string): void {
    if (this.#queued.has(url)) return;
    this.#queued.add(url);
    this.#queue.push(url);
    this.#next();
  }

  #next(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const url = this.#queue.shift()!;
      this.#running++;
      void this.#ask(url).then((size) => {
        this.#known.set(url, { size, at: this.#now() });
        this.#queued.delete(url);
        this.#running--;
        this.#next();
        if (this.#running === 0 && this.#queue.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #ask(url: string): Promise<number | null> {
    try {
      const { response } = await this.#guard.fetch(outboundUrl(url), { method: 'HEAD', signal: AbortSignal.timeout(this.#timeoutMs) }, 'linked');
      const length = Number(response.headers.get('content-length'));
      return response.ok && Number.isSafeInteger(length) && length > 0 ? length : null;
    } catch {
      // Not an http(s) address, refused, offline, timed out, or a network that forbids outbound requests: no size
      // (the guard logs why).
      return null;
    }
  }
}

/**
 * @example formatFileSize(1_234_567); // '1.2 MB'
 */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
