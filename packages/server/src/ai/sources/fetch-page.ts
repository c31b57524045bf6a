/**
 * Reading one city web page (or PDF, or sitemap) that staff pointed at: http(s) only, a bounded time and size,
 * redirects followed by hand so none can lead to another scheme, and conditional requests so an unchanged page
 * costs a 304. Used by the QA drafts (issue 7, R27) and by the source-freshness check.
 */

/** What a fetch came to. Non-2xx answers other than 304 are returned, not thrown: callers decide (404/410 = missing). */
export interface FetchedPage {
  /** The final address, after at most {@link MAX_REDIRECTS} redirects. */
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
}

/** The page could not be read at all (bad address, network, time-out, too large, bad redirect); `message` is Japanese, for staff. */
export class PageFetchError extends Error {
  override name = 'PageFetchError';

  constructor(
    readonly kind: 'address' | 'network' | 'timeout' | 'too-large' | 'redirect',
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
export const DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
/** Says who is reading, so a city's web team can tell these requests apart in their logs. */
export const USER_AGENT = 'Madoguchi/0.1 (municipal FAQ chatbot; reads pages its staff chose)';

const ACCEPT = 'text/html,application/xhtml+xml,application/pdf,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

/**
 * The address if it is an absolute http(s) URL without credentials.
 *
 * @throws PageFetchError (`address`) otherwise.
 * @example webAddress(' https://www.city.example.jp/faq/ ') // URL
 */
export function webAddress(address: string): URL {
  const trimmed = address.trim();
  const parsed = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new PageFetchError('address', trimmed, `「${trimmed.slice(0, 200)}」は http:// か https:// で始まるページのアドレスではありません。`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new PageFetchError('address', trimmed, `「${parsed.host}」のアドレスにユーザー名やパスワードを含めないでください。`);
  }
  parsed.hash = '';
  return parsed;
}

/**
 * @throws PageFetchError for an unusable address, a network failure, a time-out, a body over the limit, or a bad redirect.
 * @example
 * const page = await fetchPage('https://www.city.example.jp/faq/gomi.html', { etag: previous.etag });
 * if (page.notModified) …; else if (page.status === 404 || page.status === 410) …; else await pageText(page);
 */
export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  let address = webAddress(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await request(address, options, controller.signal, timeoutMs);
      const location = response.headers.get('location');
      if (isRedirect(response.status) && location !== null) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) throw new PageFetchError('redirect', address.href, `${address.href} の転送（リダイレクト）が多すぎます（${MAX_REDIRECTS} 回まで）。`);
        address = redirectTarget(address, location);
        continue;
      }
      const notModified = response.status === 304;
      const body = notModified ? (await response.body?.cancel(), Buffer.alloc(0)) : await readBody(response, address, maxBytes, controller.signal, timeoutMs);
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
  } finally {
    clearTimeout(timer);
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function redirectTarget(from: URL, location: string): URL {
  const target = URL.canParse(location, from) ? new URL(location, from) : null;
  if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
    throw new PageFetchError('redirect', from.href, `${from.href} は http(s) ではないアドレスへ転送されたため、開きませんでした。`);
  }
  target.hash = '';
  return target;
}

async function request(address: URL, options: FetchPageOptions, signal: AbortSignal, timeoutMs: number): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: ACCEPT, 'accept-language': 'ja,en;q=0.5' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  try {
    return await fetch(address, { headers, redirect: 'manual', signal });
  } catch (error) {
    throw failure(error, address, signal, timeoutMs);
  }
}

async function readBody(response: Response, address: URL, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
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
    throw failure(error, address, signal, timeoutMs);
  }
  return Buffer.concat(chunks);
}

function tooLarge(address: URL, maxBytes: number): PageFetchError {
  return new PageFetchError('too-large', address.href, `${address.href} の内容が大きすぎるため、読み込みを止めました（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）。`);
}

function failure(error: unknown, address: URL, signal: AbortSignal, timeoutMs: number): PageFetchError {
  if (signal.aborted) {
    return new PageFetchError('timeout', address.href, `${address.href} が ${seconds(timeoutMs)} 秒以内に応答しなかったため、読み込みを止めました。`);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'サーバー名が見つかりません' : code === 'ECONNREFUSED' ? '接続を拒否されました' : code !== '' ? code : '通信に失敗しました';
  return new PageFetchError('network', address.href, `${address.host} に接続できませんでした（${why}）。`);
}

function seconds(ms: number): string {
  return (ms / 1000).toLocaleString('ja-JP', { maximumFractionDigits: 1 });
}
