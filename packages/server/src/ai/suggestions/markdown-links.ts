/**
 * The link and image addresses of a Markdown answer, for checking that a rewrite kept them and added none.
 */
import { marked } from 'marked';

/** href and src attributes of HTML written inside the Markdown (answers imported from other systems). */
const HTML_ADDRESS = /\b(?:href|src)\s*=\s*["']?([^"'\s>]+)/giu;

/**
 * Every address, in order of first appearance, each once: Markdown links and images, bare URLs (GFM
 * autolinks) and addresses in HTML.
 *
 * @example markdownLinks('[申請](https://city.jp/a.html) ![地図](https://city.jp/m.png)') // ['https://city.jp/a.html', 'https://city.jp/m.png']
 */
export function markdownLinks(markdown: string): string[] {
  const found: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === 'link' || token.type === 'image') found.push(token.href as string);
    else if (token.type === 'html') for (const match of String(token.text).matchAll(HTML_ADDRESS)) found.push(match[1]!);
  });
  return [...new Set(found)];
}
