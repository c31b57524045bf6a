/**
 * The address of the page the widget runs on, as the chat log keeps it: origin and path. The query string
 * and fragment may hold what the citizen searched or typed elsewhere on the city's site, so they never
 * leave the browser (the server strips them again).
 */
import { PAGE_ADDRESS_MAX_LENGTH } from './limits.ts';

/**
 * Undefined for pages that are not on the web (file:, about:) and for addresses the server would refuse.
 *
 * @example pageAddress('https://www.city.example.jp/kurashi/?q=山田#top') // 'https://www.city.example.jp/kurashi/'
 * @example pageAddress('about:blank') // undefined
 */
export function pageAddress(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const address = url.origin + url.pathname;
  return address.length <= PAGE_ADDRESS_MAX_LENGTH ? address : undefined;
}
