/**
 * The text a person reads on a city page or PDF, and nothing else. Menus, headers, scripts and everything
 * hidden (the hidden attribute, aria-hidden, inline display:none and the like, HTML comments) are dropped:
 * hidden text is where prompt injections hide, and it is not what the city tells citizens. Line breaks are
 * kept between blocks. HTML is read with cheerio (Shift_JIS and EUC-JP pages decoded from their charset),
 * PDF with Mozilla's pdf.js (legacy build for Node, its fake worker in this process: nothing is downloaded).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { load, loadBuffer, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { FetchedPage } from './fetch-page.ts';

export interface PageText {
  title: string;
  text: string;
}

/** A parsed and cleaned HTML page: what the QA-draft rules read. */
export interface HtmlDocument {
  $: CheerioAPI;
  /** The main content (main, article, [role=main], #main, #content, #contents), or the body. */
  root: Cheerio<Element>;
  title: string;
  /** Where relative links point (the page's address); undefined for an uploaded file. */
  baseUrl: string | undefined;
  /** The page's JSON-LD blocks, parsed (read before scripts are dropped); unreadable ones are left out. */
  jsonLd: unknown[];
}

/** A document read for drafting: HTML keeps its parsed form for the structure rules. */
export type SourceDocument = ({ kind: 'html'; html: HtmlDocument } | { kind: 'pdf' | 'text' }) & PageText;

/** The bytes are not HTML, PDF or plain text; `message` is Japanese, for staff. */
export class DocumentTypeError extends Error {
  override name = 'DocumentTypeError';
}

/** Never part of what the page says. `header`/`footer` are handled apart: inside an article they are its own. */
const DROPPED = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'nav',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'dialog:not([open])',
  '[hidden]',
  '[aria-hidden="true" i]',
  '[role="navigation" i]',
  '[role="banner" i]',
  '[role="contentinfo" i]',
  '[role="search" i]',
  // The breadcrumb trails of common Japanese CMSs.
  '#breadcrumb',
  '.breadcrumb',
  '.breadcrumbs',
  '#pankuzu',
  '.pankuzu',
  '#topicpath',
  '.topicpath',
].join(', ');

/** Inline styles that hide an element from sighted readers. */
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|font-size\s*:\s*0(?:px|em|rem|pt|%)?\s*(?:;|$|!))/i;

const MAIN_CANDIDATES = ['main', 'article', '[role="main" i]', '#main', '#content', '#contents'] as const;

const BLOCKS = new Set([
  'address', 'article', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/**
 * Parses and cleans a page. A Buffer is decoded from `charset` (the Content-Type's), its BOM or its
 * `<meta charset>`, as a browser would; UTF-8 otherwise.
 *
 * @example const doc = parseHtml('<main><h2>住民票は？</h2><p>市民課で取れます。</p></main>', { baseUrl: 'https://www.city.example.jp/faq/' });
 */
export function parseHtml(html: string | Buffer, options: { baseUrl?: string | undefined; charset?: string | undefined } = {}): HtmlDocument {
  const $ = typeof html === 'string' ? load(html) : loadBuffer(html, options.charset ? { encoding: { transportLayerEncodingLabel: options.charset } } : {});
  const jsonLd = $('script[type="application/ld+json" i]')
    .toArray()
    .flatMap((script) => {
      try {
        return [JSON.parse($(script).text()) as unknown];
      } catch {
        return [];
      }
    });
  const documentTitle = collapse($('head > title').first().text());
  removeComments($, $.root());
  $(DROPPED).remove();
  $('[style]')
    .filter((_, element) => HIDING_STYLE.test($(element).attr('style') ?? ''))
    .remove();
  $('header, footer')
    .filter((_, element) => $(element).parents('article, main, section, [role="main" i]').length === 0)
    .remove();
  const root = mainContent($);
  const heading = collapse(root.find('h1').first().text());
  return { $, root, title: heading || documentTitle, baseUrl: options.baseUrl, jsonLd };
}

function mainContent($: CheerioAPI): Cheerio<Element> {
  for (const selector of MAIN_CANDIDATES) {
    const found = $(selector).first();
    if (found.length > 0 && collapse(found.text()) !== '') return found;
  }
  return $('body').first();
}

function removeComments($: CheerioAPI, from: Cheerio<AnyNode>): void {
  from.contents().each((_, node) => {
    if (node.type === 'comment') $(node).remove();
    else if (node.type === 'tag' || node.type === 'root') removeComments($, $(node));
  });
}

/** Spaces and line breaks inside a block as one space (the page's layout, not its words). */
export function collapse(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * The text of nodes, one line per block (paragraph, list item, heading, table row), cells of a row
 * separated by a space.
 *
 * @example blockText(doc.$, doc.root.contents().toArray())
 */
export function blockText($: CheerioAPI, nodes: readonly AnyNode[]): string {
  const lines: string[] = [];
  let line = '';
  const flush = (): void => {
    const text = collapse(line);
    if (text !== '') lines.push(text);
    line = '';
  };
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      line += node.data;
      return;
    }
    if (node.type !== 'tag') return;
    const name = node.name.toLowerCase();
    if (name === 'br') return flush();
    if (name === 'img') {
      line += node.attribs.alt ?? '';
      return;
    }
    if (name === 'td' || name === 'th') {
      line += ' ';
      for (const child of node.children) walk(child);
      line += ' ';
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  for (const node of nodes) walk(node);
  flush();
  return lines.join('\n');
}

/**
 * The title and main text of an HTML page.
 *
 * @example htmlPageText('<title>ごみ</title><nav>メニュー</nav><main><h1>粗大ごみ</h1><p>予約が必要です。</p></main>') // { title: '粗大ごみ', text: '粗大ごみ\n予約が必要です。' }
 */
export function htmlPageText(html: string, baseUrl?: string): PageText {
  const doc = parseHtml(html, { baseUrl });
  return { title: doc.title, text: blockText(doc.$, doc.root.toArray()) };
}

/** Pages read from a PDF at most; a 200-page PDF is a report, not a page staff draft QAs from. */
const MAX_PDF_PAGES = 200;

const requireHere = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(requireHere.resolve('pdfjs-dist/package.json'));

/**
 * Fonts map some kanji to look-alike radicals (民 → ⺠, 長 → ⻑): pdf.js reports what the font says. The
 * Kangxi radicals NFKC folds; these from the supplement block it does not.
 */
const RADICAL_KANJI: Readonly<Record<string, string>> = {
  '⺟': '母', '⺠': '民', '⻁': '虎', '⻄': '西', '⻆': '角', '⻑': '長', '⻘': '青', '⻝': '食', '⻟': '食', '⻣': '骨',
  '⻤': '鬼', '⻨': '麦', '⻩': '黄', '⻫': '斉', '⻭': '歯', '⻯': '竜', '⻲': '亀',
};

function fixRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2eff\u2f00-\u2fdf]/gu, (c) => RADICAL_KANJI[c] ?? c.normalize('NFKC'));
}

interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  /** The baseline's height on the page. */
  y: number;
  height: number;
}

/**
 * The title (the PDF's own, or its first line) and text of a PDF, one line per line of the page, a blank line
 * between pages.
 *
 * @throws Error when the bytes are not a readable PDF.
 * @example const { text } = await pdfText(new Uint8Array(await readFile('faq.pdf')));
 */
export async function pdfText(data: Uint8Array): Promise<PageText> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    // pdf.js takes the buffer over; a copy keeps the caller's bytes intact.
    data: new Uint8Array(data),
    cMapUrl: `${PDFJS_DIR}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  const pdf = await task.promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, MAX_PDF_PAGES); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) => ('str' in item ? [{ str: item.str, hasEOL: item.hasEOL, y: Number(item.transform[5]), height: item.height }] : []));
      pages.push(pdfPageLines(items).join('\n'));
      page.cleanup();
    }
    const text = fixRadicals(pages.filter((p) => p !== '').join('\n\n'));
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const ownTitle = typeof info?.Title === 'string' ? collapse(fixRadicals(info.Title)) : '';
    return { title: ownTitle || (text.split('\n')[0] ?? ''), text };
  } finally {
    await task.destroy();
  }
}

/** Items on one baseline make a line; a new line starts at an end-of-line mark or a move down the page. */
function pdfPageLines(items: readonly PdfTextItem[]): string[] {
  const lines: string[] = [];
  let line = '';
  let baseline: number | undefined;
  for (const item of items) {
    const y = item.y;
    if (baseline !== undefined && item.str !== '' && Math.abs(y - baseline) > Math.max(2, item.height / 2)) {
      lines.push(line);
      line = '';
    }
    line += item.str;
    if (item.str !== '') baseline = y;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
    }
  }
  lines.push(line);
  return lines.map(collapse).filter((l) => l !== '');
}

/**
 * HTML, PDF or plain text, judged from the content first (a PDF starts with %PDF-), then the Content-Type
 * and the file name.
 *
 * @throws DocumentTypeError for anything else; Error for a broken PDF.
 * @example await readDocument(bytes, { name: 'faq.pdf' })
 */
export async function readDocument(bytes: Buffer, source: { contentType?: string; name?: string; url?: string | null }): Promise<SourceDocument> {
  const type = (source.contentType ?? '').toLowerCase();
  const name = (source.name ?? (source.url ? new URL(source.url).pathname : '')).toLowerCase();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { kind: 'pdf', ...(await pdfText(bytes)) };
  if (type.includes('pdf') || name.endsWith('.pdf')) throw new DocumentTypeError('PDF として読み取れませんでした（ファイルが壊れているか、PDF ではありません）。');
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(type)?.[1];
  const looksLikeHtml = /^\s*(?:<!doctype html|<html|<head|<body|<!--|<\?xml[^>]*>\s*<html|<[a-z])/i.test(bytes.subarray(0, 2048).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, ''));
  if (type.includes('html') || /\.x?html?$/.test(name) || (type === '' && looksLikeHtml)) {
    const html = parseHtml(bytes, { baseUrl: source.url ?? undefined, charset });
    return { kind: 'html', html, title: html.title, text: blockText(html.$, html.root.toArray()) };
  }
  if (type.startsWith('text/plain') || name.endsWith('.txt')) {
    const text = new TextDecoder(charset ?? 'utf-8').decode(bytes).replace(/\r\n?/g, '\n').trim();
    return { kind: 'text', title: text.split('\n')[0]?.trim() ?? '', text };
  }
  throw new DocumentTypeError(`この形式${type ? `（${type.split(';')[0]}）` : ''}には対応していません。HTML か PDF を指定してください。`);
}

/**
 * The title and text of a fetched page, by its content type.
 *
 * @throws DocumentTypeError or Error as {@link readDocument}.
 * @example const { text } = await pageText(await fetchPage(url));
 */
export async function pageText(page: FetchedPage): Promise<PageText> {
  const { title, text } = await readDocument(page.body, { contentType: page.contentType, url: page.url });
  return { title, text };
}
