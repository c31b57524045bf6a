/**
 * The page addresses a sitemap lists (sitemaps.org: <urlset>, or a <sitemapindex> of sitemaps, followed one
 * level), optionally only those under a path, at most a given number. Gzipped sitemaps (.xml.gz) are read too.
 * Only addresses on the sitemap's own origin are taken (as the protocol requires): a sitemap cannot make the
 * server read another site (and every page is read through the outbound guard all the same).
 */
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { fetchPage, PageFetchError, webAddress, type FetchPageOptions } from './fetch-page.ts';

/** Sitemaps of an index read at most: a city's index has a handful. */
export const MAX_CHILD_SITEMAPS = 50;
/** A sitemap (after unzipping) larger than this is refused; the protocol's own limit is 50 MB. */
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/** The sitemap cannot be used; `message` is Japanese, for staff. */
export class SitemapError extends Error {
  override name = 'SitemapError';
}

export interface SitemapContent {
  /** Page addresses, in the sitemap's order. */
  pages: string[];
  /** Sitemaps listed by a sitemap index. */
  sitemaps: string[];
}

/**
 * Reads one sitemap's XML (gzipped or not).
 *
 * @throws SitemapError when it is not a sitemap.
 * @example parseSitemap(Buffer.from('<urlset><url><loc>https://www.city.example.jp/a.html</loc></url></urlset>')) // { pages: ['https://…/a.html'], sitemaps: [] }
 */
export function parseSitemap(bytes: Buffer): SitemapContent {
  let xml: string;
  try {
    xml = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: MAX_SITEMAP_BYTES }) : bytes).toString('utf8');
  } catch {
    throw new SitemapError('サイトマップを展開できませんでした（gzip が壊れているか、大きすぎます）。');
  }
  let document: { urlset?: { url?: { loc?: unknown }[] }; sitemapindex?: { sitemap?: { loc?: unknown }[] } };
  try {
    document = parser.parse(xml) as typeof document;
  } catch {
    throw new SitemapError('サイトマップの XML を読み取れませんでした。');
  }
  const locations = (entries: { loc?: unknown }[] | undefined): string[] =>
    (entries ?? []).flatMap((entry) => (typeof entry.loc === 'string' && entry.loc.trim() !== '' ? [entry.loc.trim()] : []));
  if (!document.urlset && !document.sitemapindex) throw new SitemapError('サイトマップ（<urlset> か <sitemapindex>）ではありません。アドレスを確かめてください。');
  return { pages: locations(document.urlset?.url), sitemaps: locations(document.sitemapindex?.sitemap) };
}

/**
 * Whether a page is under the prefix: a path (`/kurashi/`) or a whole address (`https://www.city.example.jp/kurashi/`).
 *
 * @example underPrefix('https://www.city.example.jp/kurashi/gomi.html', '/kurashi/') // true
 */
export function underPrefix(page: string, prefix: string | null): boolean {
  const wanted = prefix?.trim() ?? '';
  if (wanted === '') return true;
  if (/^https?:\/\//i.test(wanted)) return page.startsWith(wanted);
  const path = URL.canParse(page) ? new URL(page).pathname : '';
  return path.startsWith(wanted.startsWith('/') ? wanted : `/${wanted}`);
}

async function fetchSitemap(url: string, options: FetchPageOptions): Promise<SitemapContent & { url: string }> {
  const page = await fetchPage(url, { maxBytes: MAX_SITEMAP_BYTES, ...options });
  if (page.status < 200 || page.status >= 300) throw new SitemapError(`サイトマップ ${page.url} を開けませんでした（HTTP ${page.status}）。`);
  return { ...parseSitemap(page.body), url: page.url };
}

/**
 * The http(s) pages a sitemap (or a sitemap index, one level down) lists under `pathPrefix`, each once, at most
 * `maxPages`; whether there were more; and how many pages and sitemaps it listed on another origin than its own
 * (after redirects), which are skipped.
 *
 * @throws SitemapError or PageFetchError (Japanese messages).
 * @example await sitemapPages('https://www.city.example.jp/sitemap.xml', { pathPrefix: '/kurashi/', maxPages: 30, fetch: { guard } })
 */
export async function sitemapPages(
  url: string,
  options: { pathPrefix: string | null; maxPages: number; fetch: FetchPageOptions },
): Promise<{ pages: string[]; more: boolean; otherOrigin: number }> {
  const top = await fetchSitemap(url, options.fetch);
  const origin = new URL(top.url).origin;
  const pages = new Set<string>();
  let more = false;
  let otherOrigin = 0;
  /** The address if it is a usable one on the sitemap's origin; others are counted. */
  const ownAddress = (listed: string): string | null => {
    let address: URL;
    try {
      address = webAddress(listed);
    } catch (error) {
      if (!(error instanceof PageFetchError)) throw error;
      return null;
    }
    if (address.origin === origin) return address.href;
    otherOrigin += 1;
    return null;
  };
  const take = (found: readonly string[]): void => {
    for (const page of found) {
      const address = ownAddress(page);
      if (address === null || !underPrefix(address, options.pathPrefix) || pages.has(address)) continue;
      if (pages.size >= options.maxPages) {
        more = true;
        return;
      }
      pages.add(address);
    }
  };
  take(top.pages);
  for (const listed of top.sitemaps.slice(0, MAX_CHILD_SITEMAPS)) {
    if (pages.size >= options.maxPages) {
      more = true;
      break;
    }
    const child = ownAddress(listed);
    if (child !== null) take((await fetchSitemap(child, options.fetch)).pages);
  }
  return { pages: [...pages], more, otherOrigin };
}
