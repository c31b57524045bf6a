/**
 * The one way the server reads city content over the network: QA drafts from pages and sitemaps, the
 * source-freshness check, and the sizes of the PDFs answers link to. Staff (and, for PDF sizes, anonymous
 * chat requests) choose the addresses, so without a guard they could make the server read its own
 * network and hand the pages back, or probe it by the failures. The chat and embedding models are not
 * read through here: their endpoints are set by whoever runs the server.
 *
 * - Addresses are parsed as browsers do (WHATWG URL: `2130706433`, `0177.0.0.1` and `127.1` are 127.0.0.1);
 *   http(s) only, no user name or password.
 * - Every address a host name resolves to must be public unicast (ipaddr.js ranges; IPv4-mapped IPv6 read as
 *   IPv4), unless `--outbound-allow` names the host or a range holding the address.
 * - The connection uses the addresses that were checked: the check happens inside the socket's own lookup,
 *   so a DNS answer that changes between check and connect (rebinding) is never used unchecked.
 * - Redirects are followed here, at most {@link MAX_REDIRECTS}, each hop checked again.
 * - With `--city-hosts`, drafts and source checks read only those hosts; without it, any public host.
 * - Every failure (refused, not found, refused connection, time-out) shows staff the same message
 *   ({@link UNREACHABLE_MESSAGE}); the reason goes to the server log only, so failures tell nothing about
 *   what is inside.
 */
import { lookup as systemLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch, type Response } from 'undici';
import { SecuritySettingError } from './headers.ts';
import { hostName, listEntries, parseHostList } from './host-list.ts';

/** What staff see for any address the server could not or would not read. */
export const UNREACHABLE_MESSAGE = 'このページを取得できませんでした。アドレスが正しいか、市のホームページのアドレスかをご確認ください。';
export const MAX_REDIRECTS = 5;

/** Resolves a host name to every address it has (tests answer for names of their own, with no DNS). */
export type ResolveAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** `--outbound-allow`: internal ranges and host names the administrator lets the server read. */
export interface OutboundAllowList {
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Host names as URL parsing writes them (lower case, punycode). */
  hosts: Set<string>;
}

export interface OutboundOptions {
  allow?: OutboundAllowList;
  /** `--city-hosts`: the only hosts drafts and source checks may read; empty or absent, any public host. */
  cityHosts?: Set<string>;
  resolve?: ResolveAll;
  /** Why a request failed, for the server log: host and reason, never the path (it may name a person). */
  onFailure?: (failure: { host: string; reason: string }) => void;
}

/**
 * Which requests a host list limits: `city` content (drafts, source checks) or any `linked` public file
 * (answers may link to the prefecture's or the country's PDFs).
 */
export type OutboundScope = 'city' | 'linked';

/** The guard refused the address; `message` is {@link UNREACHABLE_MESSAGE}, `reason` is for the log. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';

  constructor(readonly reason: string) {
    super(UNREACHABLE_MESSAGE);
  }
}

/** Thrown where the address is not one to read at all (not http(s), credentials); `message` is Japanese. */
export class OutboundAddressError extends Error {
  override name = 'OutboundAddressError';
}

/**
 * An absolute http(s) URL without credentials or #fragment, as browsers parse it.
 *
 * @throws OutboundAddressError otherwise.
 * @example outboundUrl(' https://www.city.example.jp/faq/ ') // URL
 */
export function outboundUrl(text: string, base?: URL): URL {
  const trimmed = text.trim();
  const parsed = URL.canParse(trimmed, base) ? new URL(trimmed, base) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new OutboundAddressError(`「${trimmed.slice(0, 200)}」は http:// か https:// で始まるページのアドレスではありません。`);
  }
  if (parsed.username !== '' || parsed.password !== '') throw new OutboundAddressError(`「${parsed.host}」のアドレスにユーザー名やパスワードを含めないでください。`);
  parsed.hash = '';
  return parsed;
}

/**
 * `--outbound-allow`: addresses, CIDR ranges and host names separated by commas or spaces.
 *
 * @throws SecuritySettingError naming an entry that is none of them.
 * @example parseOutboundAllow('10.0.0.0/8, intranet.city.example.lg.jp')
 */
export function parseOutboundAllow(text: string | undefined): OutboundAllowList {
  const list: OutboundAllowList = { ranges: [], hosts: new Set() };
  for (const entry of listEntries(text)) {
    if (ipaddr.isValidCIDR(entry)) list.ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.parse(entry);
      list.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else {
      const host = hostName(entry);
      if (host === null) throw new SecuritySettingError(`--outbound-allow の「${entry}」は IP アドレス・CIDR・ホスト名のどれでもありません。10.0.0.0/8 や intranet.city.example.lg.jp のように指定してください。`);
      list.hosts.add(host);
    }
  }
  return list;
}

/**
 * `--city-hosts`: host names (or addresses) separated by commas or spaces.
 *
 * @throws SecuritySettingError naming an entry that is not a host.
 * @example parseCityHosts('www.city.example.lg.jp, city.example.lg.jp')
 */
export function parseCityHosts(text: string | undefined): Set<string> {
  return parseHostList(text, '--city-hosts');
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * @example
 * const guard = new OutboundGuard({ cityHosts: parseCityHosts('www.city.example.lg.jp') });
 * const { response, url } = await guard.fetch(new URL('https://www.city.example.lg.jp/faq/'), { method: 'GET', signal }, 'city');
 */
export class OutboundGuard {
  readonly #allow: OutboundAllowList;
  readonly #cityHosts: Set<string>;
  readonly #resolve: ResolveAll;
  readonly #onFailure: OutboundOptions['onFailure'];
  readonly #agent: Agent;

  constructor(options: OutboundOptions = {}) {
    this.#allow = options.allow ?? { ranges: [], hosts: new Set() };
    this.#cityHosts = options.cityHosts ?? new Set();
    this.#resolve = options.resolve ?? ((hostname) => systemLookup(hostname, { all: true }));
    this.#onFailure = options.onFailure;
    this.#agent = new Agent({ connect: { lookup: this.#lookup } });
  }

  /**
   * Requests `url` and the redirects it leads to, each checked; the final answer (a 3xx only when it has no
   * Location) and its address.
   *
   * @throws OutboundRefused for an address the guard refuses; the request's own errors (network, abort) otherwise.
   */
  async fetch(url: URL, init: { method: 'GET' | 'HEAD'; headers?: Record<string, string>; signal: AbortSignal }, scope: OutboundScope): Promise<{ response: Response; url: URL }> {
    let address = url;
    try {
      for (let redirects = 0; ; redirects++) {
        this.#checkUrl(address, scope);
        const response = await fetch(address, { ...init, redirect: 'manual', dispatcher: this.#agent });
        const location = response.headers.get('location');
        if (!isRedirect(response.status) || location === null) return { response, url: address };
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) throw new OutboundRefused(`more than ${MAX_REDIRECTS} redirects`);
        try {
          address = outboundUrl(location, address);
        } catch {
          throw new OutboundRefused('redirect to an address that is not http(s)');
        }
      }
    } catch (error) {
      // undici wraps what the socket's lookup threw.
      const refused = error instanceof OutboundRefused ? error : error instanceof Error && error.cause instanceof OutboundRefused ? error.cause : undefined;
      this.#onFailure?.({ host: address.host, reason: refused?.reason ?? failureReason(error) });
      throw refused ?? error;
    }
  }

  /** Ends open connections (shutdown). */
  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  /** What can be judged before connecting: the scheme, credentials, the host list, and an address written as the host. */
  #checkUrl(url: URL, scope: OutboundScope): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused(`scheme ${url.protocol}`);
    if (url.username !== '' || url.password !== '') throw new OutboundRefused('credentials in the address');
    if (scope === 'city' && this.#cityHosts.size > 0 && !this.#cityHosts.has(url.hostname)) throw new OutboundRefused('host not in --city-hosts');
    const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // The socket does not look an address up, so the lookup below never sees it.
    if (isIP(literal) !== 0 && !this.#permitted(literal)) throw new OutboundRefused(`address ${literal} is not public`);
  }

  #permitted(address: string): boolean {
    const parsed = ipaddr.process(address);
    if (parsed.range() === 'unicast') return true;
    return this.#allow.ranges.some((range) => range[0].kind() === parsed.kind() && parsed.match(range));
  }

  /** The socket's DNS lookup: resolved once, every address checked, only checked addresses handed back. */
  readonly #lookup: LookupFunction = (hostname, options, callback) => {
    this.#resolvePermitted(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };

  async #resolvePermitted(hostname: string): Promise<{ address: string; family: number }[]> {
    const found = await this.#resolve(hostname);
    if (this.#allow.hosts.has(hostname)) return found;
    const internal = found.find((a) => !this.#permitted(a.address));
    if (internal) throw new OutboundRefused(`${hostname} resolves to ${internal.address}, which is not public`);
    return found;
  }
}

/** A request error as the log names it: the system's code (ECONNREFUSED, ENOTFOUND, …) or its kind. */
function failureReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // DOMExceptions (AbortError, TimeoutError) carry a numeric code: their name says more.
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return cause instanceof Error ? cause.name : 'request failed';
}
