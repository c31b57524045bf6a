/**
 * The words of a Markdown answer, without its markup, link targets or image addresses:
 * what the search index should see.
 */
import { convert, type HtmlToTextOptions } from 'html-to-text';
import { marked, type Token } from 'marked';

/** Answers imported from other systems are often HTML: its text counts, its link targets and images do not. */
const HTML_TO_TEXT: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
};

/**
 * @example
 * markdownToPlainText('詳しくは[こちら](https://example.jp)をご覧ください。'); // '詳しくはこちらをご覧ください。'
 */
export function markdownToPlainText(markdown: string): string {
  const parts: string[] = [];
  collect(marked.lexer(markdown), parts);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function collect(tokens: readonly Token[], parts: string[]): void {
  for (const token of tokens) {
    if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0) collect(token.tokens as Token[], parts);
    else if (token.type === 'list') for (const item of token.items as Token[]) collect([item], parts);
    else if (token.type === 'table') {
      for (const cell of [...token.header, ...token.rows.flat()] as { tokens: Token[] }[]) collect(cell.tokens, parts);
    } else if (token.type === 'image') parts.push(token.text as string);
    else if (token.type === 'html') parts.push(convert(String(token.text), HTML_TO_TEXT));
    else if (token.type !== 'space' && token.type !== 'hr' && 'text' in token) parts.push(String(token.text));
  }
}
