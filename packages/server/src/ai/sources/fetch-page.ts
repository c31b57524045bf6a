/**
 * Reading one city web page (or PDF, or sitemap) that staff pointed at: a bounded time and size, and
 * conditional requests so an unchanged page costs a 304. Used by the QA drafts (issue 7, R27) and by the
 * source-freshness check. Which addresses may be read, and redirects, are the outbound guard's business
 * (security/outbound-guard.ts): a refused address, a name not found, a refused connection and a time-out all
 * read alike to staff.
 */
import type { Response } from 'undici';
import { OutboundAddressError, OutboundRefused, outboundUrl, UNREACHABLE_MESSAGE, type OutboundGuard } from '../../security/outbound-guard.ts';

/** What a fetch came to. Non-2xx answers other than 304 are returned, not thrown: callers decide (404/410 = missing). */
export interface FetchedPage {
  /** The final address, after the redirects the guard followed. */
  url: string;
  status: number;
  /** 304: the page has not changed since the given ETag / Last-Modified; `body` is empty. */
  notModified: boolean;
  /** The Content-Type header as sent ('' when absent), e.g. `text/html; charset=Shift_JIS`. */
  contentType: string;
  body: Buffer;
  etag: string | null;
  lastModified: string | null;
}

export interface FetchPageOptions {
  /** For the whole fetch, redirects and body included (default 15 s). */
  timeoutMs?: number;
  /** The body is read up to this many bytes; a larger one is an error (default 10 MB). */
  maxBytes?: number;
  /** Sent as If-None-Match. */
  etag?: string | null;
  /** Sent as If-Modified-Since. */
  lastModified?: string | null;
  /** Stops the fetch at once (shutdown): PageFetchError `aborted`. */
  signal?: AbortSignal;
  /** The deployment's guard: every request and redirect goes through it. */
  guard: OutboundGuard;
}

/**
 * The page could not be read at all (not an http(s) address; refused, unreachable or timed out, all with one
 * message; too large; stopped by the caller); `message` is Japanese, for staff.
 */
export class PageFetchError extends Error {
  override name = 'PageFetchError';

  constructor(
    readonly kind: 'address' | 'refused' | 'network' | 'timeout' | 'too-large' | 'aborted',
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
export const DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;
/** Says who is reading, so a city's web team can tell these requests apart in their logs. */
export const USER_AGENT = 'Madoguchi/0.1 (municipal FAQ chatbot; reads pages its staff chose)';

const ACCEPT = 'text/html,application/xhtml+xml,application/pdf,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

/**
 * The address if it is an absolute http(s) URL without credentials (whether it may be read is judged when it is).
 *
 * @throws PageFetchError (`address`) otherwise.
 * @example webAddress(' https://www.city.example.jp/faq/ ') // URL
 */
export function webAddress(address: string): URL {
  try {
    return outboundUrl(address);
  } catch (error) {
    if (error instanceof OutboundAddressError) throw new PageFetchError('address', address.trim(), error.message);
    throw error;
  }
}

/**
 * @throws PageFetchError for an unusable or refused address, a network failure, a time-out, a body over the limit, or `options.signal` aborted.
 * @example
 * const page = await fetchPage('https://www.city.example.jp/faq/gomi.html', { guard, etag: previous.etag });
 * if (page.notModified) …; else if (page.status === 404 || page.status === 410) …; else await pageText(page);
 */
export async function fetchPage(url: string, options: FetchPageOptions): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const requested = webAddress(url);
  const timeout = AbortSignal.timeout(timeoutMs);
  const stops: Stops = { signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout, caller: options.signal };
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: ACCEPT, 'accept-language': 'ja,en;q=0.5' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  let fetched: Awaited<ReturnType<OutboundGuard['fetch']>>;
  try {
    fetched = await options.guard.fetch(requested, { method: 'GET', headers, signal: stops.signal }, 'city');
  } catch (error) {
    throw failure(error, requested, stops);
  }
  const { response, url: address } = fetched;
  const notModified = response.status === 304;
  const body = notModified ? (await response.body?.cancel(), Buffer.alloc(0)) : await readBody(response, address, maxBytes, stops);
  return {
    url: address.href,
    status: response.status,
    notModified,
    contentType: response.headers.get('content-type') ?? '',
    body,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
  };
}

/** What stops a fetch: its time-out or the caller's signal, told apart for the message. */
interface Stops {
  /** Aborted by either. */
  signal: AbortSignal;
  caller: AbortSignal | undefined;
}

async function readBody(response: Response, address: URL, maxBytes: number, stops: Stops): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(address, maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // Stop reading at once: a page that never ends must not fill the memory.
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(address, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof PageFetchError) throw error;
    throw failure(error, address, stops);
  }
  return Buffer.concat(chunks);
}

function tooLarge(address: URL, maxBytes: number): PageFetchError {
  return new PageFetchError('too-large', address.href, `${address.href} の内容が大きすぎるため、読み込みを止めました（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）。`);
}

function failure(error: unknown, address: URL, stops: Stops): PageFetchError {
  if (stops.caller?.aborted) return new PageFetchError('aborted', address.href, `${address.href} の読み込みを取りやめました（処理が止められました）。`);
  // One message whatever the cause: which of them it was would tell staff what is on the server's network.
  const kind = error instanceof OutboundRefused ? 'refused' : stops.signal.aborted ? 'timeout' : 'network';
  return new PageFetchError(kind, address.href, UNREACHABLE_MESSAGE);
}
