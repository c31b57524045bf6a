/**
 * Which page a QA's 参照URL stands for. Staff may write `{{URL:市民課}}…` or a path on the city's site
 * (`/kurashi/…`, read against the 市ホームページ fact as answer links are), so an entry is filled with the
 * city facts before it can be fetched; the filled address is what a source check is stored under.
 */
import type { Qa } from '../../qa/model.ts';
import { fillPlaceholders, type CityFacts } from '../../qa/placeholders.ts';

/** The fact relative source paths are read against (the same as answer links). */
export const HOMEPAGE_FACT = '市ホームページ';

/**
 * The absolute http(s) address of a 参照URL entry, without its #fragment, or null when it cannot be
 * fetched (a placeholder the facts do not fill, a path without a homepage, another scheme).
 *
 * @example checkableUrl('{{URL:市民課}}juminhyo.html', { 'URL:市民課': 'https://www.example.jp/soshiki/shimin/' }) // 'https://www.example.jp/soshiki/shimin/juminhyo.html'
 * @example checkableUrl('/kurashi/', { 市ホームページ: 'https://www.example.jp/' }) // 'https://www.example.jp/kurashi/'
 */
export function checkableUrl(entry: string, facts: CityFacts): string | null {
  const filled = fillPlaceholders(entry.trim(), facts);
  if (filled === '' || filled.includes('{{')) return null;
  let url: URL;
  try {
    url = filled.startsWith('/') ? new URL(filled, homepage(facts)) : new URL(filled);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

function homepage(facts: CityFacts): string | undefined {
  const value = facts[HOMEPAGE_FACT]?.trim();
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

/**
 * Every address the QAs' 参照URL entries stand for, each once, in the order first met.
 *
 * @example distinctSourceUrls(await store.listQas(siteId), facts) // ['https://www.example.jp/a.html', …]
 */
export function distinctSourceUrls(qas: readonly Pick<Qa, 'sourceUrls'>[], facts: CityFacts): string[] {
  const urls = new Set<string>();
  for (const qa of qas) {
    for (const entry of qa.sourceUrls) {
      const url = checkableUrl(entry, facts);
      if (url !== null) urls.add(url);
    }
  }
  return [...urls];
}
