/**
 * Page content as a QA answer in the Markdown the chat renders (chat/answer-html.ts): paragraphs, lists, bold,
 * links, sub-headings and tables. Links are made absolute against the page's address (a relative link means
 * the city's own site, and the answer is shown elsewhere); links that cannot be, and images, keep only their
 * words. Turndown does the HTML; plain text (PDF lines) is escaped and laid out here.
 */
import TurndownService from 'turndown';

/** An answer cut here (at a paragraph) is noted on the draft; the QA limit is far above, but a draft is read by a person. */
export const MAX_DRAFT_ANSWER_CHARS = 4_000;

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

function service(baseUrl: string | undefined): TurndownService {
  const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*', strongDelimiter: '**' });
  turndown.remove(['script', 'style', 'button', 'input', 'select', 'textarea']);
  turndown.addRule('absoluteLink', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const text = content.trim();
      const href = absolute((node as HTMLElement).getAttribute('href'), baseUrl);
      if (text === '') return '';
      return href === undefined ? text : `[${text}](${href.replace(/[()]/g, (c) => encodeURIComponent(c))})`;
    },
  });
  turndown.addRule('imageWords', {
    filter: (node) => node.nodeName === 'IMG',
    replacement: (_content, node) => turndown.escape((node as HTMLElement).getAttribute('alt')?.trim() ?? ''),
  });
  turndown.addRule('pageHeading', {
    // An answer's headings are sub-headings of it (the chat shows h3 and h4).
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content, node) => `\n\n${Number(node.nodeName.slice(1)) <= 3 ? '###' : '####'} ${content.replace(/\s+/g, ' ').trim()}\n\n`,
  });
  turndown.addRule('tableCells', {
    filter: ['table'],
    replacement: (_content, node) => `\n\n${markdownTable(node as HTMLElement, turndown)}\n\n`,
  });
  return turndown;
}

function absolute(href: string | null, baseUrl: string | undefined): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, baseUrl);
    return LINK_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A GFM table, the first row as its header; cells on one line each. */
function markdownTable(table: HTMLElement, turndown: TurndownService): string {
  const rows = [...table.querySelectorAll('tr')].map((row) =>
    [...row.children]
      .filter((cell) => cell.nodeName === 'TD' || cell.nodeName === 'TH')
      .map((cell) => turndown.escape((cell.textContent ?? '').replace(/\s+/g, ' ').trim()).replace(/\|/g, '\\|')),
  );
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (width === 0) return '';
  const line = (cells: string[]): string => `| ${[...cells, ...Array<string>(width - cells.length).fill('')].join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), line(Array<string>(width).fill('---')), ...body.map(line)].join('\n');
}

/** For escaping only: no rules needed. */
const ESCAPER = new TurndownService();

/**
 * Plain text made safe to place in Markdown (a line starting 「1.」 or 「-」 stays words, * and _ stay characters).
 *
 * @example escapeMarkdown('1. 申請書') // '1\\. 申請書'
 */
export function escapeMarkdown(text: string): string {
  return ESCAPER.escape(text);
}

/**
 * @example htmlToAnswer('<p>詳しくは<a href="/kurashi/">こちら</a></p>', 'https://www.city.example.jp/faq/') // '詳しくは[こちら](https://www.city.example.jp/kurashi/)'
 */
export function htmlToAnswer(html: string, baseUrl: string | undefined): string {
  return service(baseUrl)
    .turndown(html)
    // Turndown pads list markers to four columns; one space reads better and means the same.
    .replace(/^(\s*)(-|\d+\.)\s{2,}/gm, '$1$2 ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const LIST_MARK = /^(?:[・●○◆◇■□▪•※-]|[0-9０-９]{1,2}[.．)）]|[（(][0-9０-９]{1,2}[)）]|[①-⑳])\s*/u;
/** A line that ends a sentence, so the next line starts a new paragraph rather than continuing a wrapped one. */
const SENTENCE_END = /[。．！？!?：:」』）)]$/u;

/**
 * Lines of text (a PDF's) as Markdown: wrapped lines joined, a line after a full stop a new paragraph,
 * bulleted and numbered lines a list; Markdown characters escaped.
 *
 * @example textToAnswer(['市民課で取れます。手数料は', '300円です。', '・本人確認書類']) // '市民課で取れます。手数料は300円です。\n\n- 本人確認書類'
 */
export function textToAnswer(lines: readonly string[]): string {
  const blocks: { list: boolean; text: string }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const last = blocks.at(-1);
    const listed = LIST_MARK.test(line);
    // A wrapped paragraph line continues it; a list item is never continued (its next line is rarely its rest).
    if (!listed && last && !last.list && !SENTENCE_END.test(last.text)) {
      last.text += /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(line) ? ` ${line}` : line;
    } else {
      blocks.push({ list: listed, text: listed ? line.replace(LIST_MARK, '') : line });
    }
  }
  const out: string[] = [];
  blocks.forEach((block, i) => {
    const text = escapeMarkdown(block.text);
    if (block.list) out.push(`${i > 0 && !blocks[i - 1]!.list ? '\n' : ''}- ${text}`);
    else out.push(`${i > 0 ? '\n' : ''}${text}`);
  });
  return out.join('\n').trim();
}

/**
 * The answer, cut at a paragraph when longer than {@link MAX_DRAFT_ANSWER_CHARS}, with the note to show.
 *
 * @example limitAnswer(long) // { answer: '…', note: '回答が長いため…' }
 */
export function limitAnswer(answer: string): { answer: string; note: string | null } {
  if ([...answer].length <= MAX_DRAFT_ANSWER_CHARS) return { answer, note: null };
  const head = [...answer].slice(0, MAX_DRAFT_ANSWER_CHARS).join('');
  const cut = head.lastIndexOf('\n\n');
  return {
    answer: (cut > MAX_DRAFT_ANSWER_CHARS / 2 ? head.slice(0, cut) : head).trim(),
    note: `回答が長いため、${MAX_DRAFT_ANSWER_CHARS.toLocaleString('ja-JP')} 字ほどで切りました。ページで続きを確かめてください。`,
  };
}
