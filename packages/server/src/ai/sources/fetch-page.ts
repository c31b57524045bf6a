/**
 * Reading one city web page (or PDF, or sitemap) that staff pointed at: http(s) only, a bounded time and size,
 * redirects followed by hand so none can lead to another scheme or a refused address, and conditional requests
 * so an unchanged page costs a 304. Used by the QA drafts (issue 7, R27) and by the source-freshness check.
 *
 * Which addresses may be read: staff choose the pages, so the server reads what they name, loopback and private
 * ranges included on purpose (a city's CMS is often on its internal network; the tests use 127.0.0.1). Refused
 * are link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254) and 0.0.0.0/8, which
 * hand out the host's credentials and never hold a city page; a host name is resolved and every address it has
 * checked before each request, redirects included. (The request resolves the name again: a DNS server that
 * answers differently within that moment is not guarded against.)
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { untilAborted } from '../until-aborted.ts';

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
  /** Stops the fetch at once (shutdown): PageFetchError `aborted`. */
  signal?: AbortSignal;
  /** Resolves a host name to all its addresses (default: the system resolver); tests answer for names of their own. */
  lookup?: (hostname: string) => Promise<{ address: string }[]>;
}

/**
 * The page could not be read at all (bad or refused address, network, time-out, too large, bad redirect, stopped
 * by the caller); `message` is Japanese, for staff.
 */
export class PageFetchError extends Error {
  override name = 'PageFetchError';

  constructor(
    readonly kind: 'address' | 'refused' | 'network' | 'timeout' | 'too-large' | 'redirect' | 'aborted',
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

/** Link-local and cloud metadata addresses, and "this network" (see the top of the file for what stays allowed). */
const REFUSED = new BlockList();
REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
REFUSED.addSubnet('fe80::', 10, 'ipv6');
REFUSED.addAddress('fd00:ec2::254', 'ipv6');
REFUSED.addAddress('::', 'ipv6');

/**
 * Whether an IP address may not be read: link-local, cloud metadata, 0.0.0.0/8 (IPv4-mapped IPv6 forms too).
 * Loopback and private ranges are allowed.
 *
 * @example refusedAddress('169.254.169.254') // true
 * @example refusedAddress('10.0.0.5') // false
 */
export function refusedAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && REFUSED.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function refused(address: URL): PageFetchError {
  return new PageFetchError('refused', address.href, `${address.host} は、サーバーの内部用のアドレス（リンクローカルやクラウドのメタデータ用）のため、読み込みません。市のページのアドレスを指定してください。`);
}

/** The host of a URL as an IP address would be written (IPv6 without its brackets). */
function hostAddress(address: URL): string {
  return address.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The address if it is an absolute http(s) URL without credentials and not a refused IP address ({@link refusedAddress};
 * host names are checked when fetched).
 *
 * @throws PageFetchError (`address`, `refused`) otherwise.
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
  if (refusedAddress(hostAddress(parsed))) throw refused(parsed);
  parsed.hash = '';
  return parsed;
}

/**
 * @throws PageFetchError for an unusable or refused address, a network failure, a time-out, a body over the limit, a bad redirect, or `options.signal` aborted.
 * @example
 * const page = await fetchPage('https://www.city.example.jp/faq/gomi.html', { etag: previous.etag });
 * if (page.notModified) …; else if (page.status === 404 || page.status === 410) …; else await pageText(page);
 */
export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  let address = webAddress(url);
  const timeout = AbortSignal.timeout(timeoutMs);
  const stops: Stops = { signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout, caller: options.signal, timeoutMs };
  for (let redirects = 0; ; redirects++) {
    await checkHost(address, options.lookup ?? resolveAll, stops);
    const response = await request(address, options, stops);
    const location = response.headers.get('location');
    if (isRedirect(response.status) && location !== null) {
      await response.body?.cancel();
      if (redirects >= MAX_REDIRECTS) throw new PageFetchError('redirect', address.href, `${address.href} の転送（リダイレクト）が多すぎます（${MAX_REDIRECTS} 回まで）。`);
      address = redirectTarget(address, location);
      continue;
    }
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

/** What stops a fetch: its time-out or the caller's signal, told apart for the message. */
interface Stops {
  /** Aborted by either. */
  signal: AbortSignal;
  caller: AbortSignal | undefined;
  timeoutMs: number;
}

async function resolveAll(hostname: string): Promise<{ address: string }[]> {
  return lookup(hostname, { all: true });
}

/**
 * Refuses the address when its host is, or resolves to, a refused address (every address it has: the request
 * may use any of them).
 */
async function checkHost(address: URL, resolve: (hostname: string) => Promise<{ address: string }[]>, stops: Stops): Promise<void> {
  const host = hostAddress(address);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      // A lookup cannot be cancelled, only left.
      addresses = (await untilAborted(resolve(host), stops.signal)).map((a) => a.address);
    } catch (error) {
      throw failure(error, address, stops);
    }
  }
  if (addresses.some(refusedAddress)) throw refused(address);
}

async function request(address: URL, options: FetchPageOptions, stops: Stops): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: ACCEPT, 'accept-language': 'ja,en;q=0.5' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  try {
    return await fetch(address, { headers, redirect: 'manual', signal: stops.signal });
  } catch (error) {
    throw failure(error, address, stops);
  }
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
  if (stops.signal.aborted) {
    return new PageFetchError('timeout', address.href, `${address.href} が ${seconds(stops.timeoutMs)} 秒以内に応答しなかったため、読み込みを止めました。`);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'サーバー名が見つかりません' : code === 'ECONNREFUSED' ? '接続を拒否されました' : code !== '' ? code : '通信に失敗しました';
  return new PageFetchError('network', address.href, `${address.host} に接続できませんでした（${why}）。`);
}

function seconds(ms: number): string {
  return (ms / 1000).toLocaleString('ja-JP', { maximumFractionDigits: 1 });
}
