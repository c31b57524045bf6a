/**
 * QA drafts from pages that already hold questions and answers, found without any model (issue 7, R27):
 * schema.org FAQPage JSON-LD; <details><summary>; <dl> whose terms read as questions; headings h2–h6 that
 * read as questions, with the content up to the next heading of the same or a higher level; paragraphs
 * marked Q．/A． (問/答, 質問/回答); and in PDF or plain text, lines starting with those marks. The page's own
 * words are copied, so a draft says what the page says. Pure: it reads a parsed document or text.
 */
import type { AnyNode, Element } from 'domhandler';
import { blockText, collapse, type HtmlDocument } from '../sources/page-text.ts';
import { htmlToAnswer, limitAnswer, textToAnswer } from './answer-markdown.ts';

/** A question and answer found on a page; `answer` is QA answer Markdown. */
export interface RuleDraft {
  question: string;
  answer: string;
  /** For staff, in Japanese (an answer cut short). */
  notes: string[];
}

/** More would be a list staff cannot review; the page is better imported another way. */
export const MAX_RULE_DRAFTS_PER_PAGE = 100;
/** A "question" longer than this is a paragraph that happens to end in か. */
const MAX_QUESTION_CHARS = 200;

const DIGITS = '0-9０-９';
const NUMBER = `[${DIGITS}]+(?:[-－‐][${DIGITS}]+)?`;
/** 【Q1】 Q1． Ｑ： 問1 質問) … with what follows the word captured, to tell 「問1」 from 「問い合わせ」. */
const Q_MARK = new RegExp(`^[【［\\[〔（(<＜]?\\s*(?:質問|問|Q|Ｑ)(\\s*(?:${NUMBER})?\\s*[】］\\]〕）)>＞]?\\s*[.．:：、，,)）]?\\s*)`, 'u');
const A_MARK = new RegExp(`^[【［\\[〔（(<＜]?\\s*(?:回答|答え|答|A|Ａ)(\\s*(?:${NUMBER})?\\s*[】］\\]〕）)>＞]?\\s*[.．:：、，,)）]?\\s*)`, 'u');
const NUMBERING = new RegExp(`^(?:${NUMBER}\\s*[.．、)）]|[（(]${NUMBER}[)）]|[①-⑳])\\s*`, 'u');

/**
 * The mark at the start of `text` (its length), when it is one: the word must be followed by a number, a
 * bracket, punctuation or a space — or be a bare Q/A before Japanese text (not 「QRコード」「Q&A」).
 */
function markLength(text: string, mark: RegExp): number {
  const match = mark.exec(text.trim());
  if (!match) return 0;
  const rest = text.trim().slice(match[0].length);
  if (rest === '') return 0;
  const closed = (match[1] ?? '').trim() !== '' || /\s$/.test(match[0]);
  const bareLatin = /[QＱAＡ]$/u.test(match[0]) && !/[A-Za-zＡ-Ｚａ-ｚ&＆]/u.test(rest[0]!);
  return closed || bareLatin ? text.length - text.trimStart().length + match[0].length : 0;
}

/** @example startsWithQuestionMark('Q1．住民票は？') // true; startsWithQuestionMark('問い合わせ先') // false */
export function startsWithQuestionMark(text: string): boolean {
  return markLength(text, Q_MARK) > 0;
}

/** @example startsWithAnswerMark('A．市民課です。') // true */
export function startsWithAnswerMark(text: string): boolean {
  return markLength(text, A_MARK) > 0;
}

/**
 * The question without its Q mark, numbering or surrounding spaces.
 *
 * @example cleanQuestion('Ｑ３．住民票の写しはどこで取れますか？') // '住民票の写しはどこで取れますか？'
 * @example cleanQuestion('（2）代理人でも申請できますか') // '代理人でも申請できますか'
 */
export function cleanQuestion(text: string): string {
  let question = collapse(text);
  question = question.slice(markLength(question, Q_MARK)).trim();
  return question.replace(NUMBERING, '').trim();
}

/** The answer without a leading A mark, also one set in bold (**A．**). */
function withoutAnswerMark(markdown: string): string {
  const emphasised = /^(\*{1,2})([^*\n]{1,12})\1\s*/u.exec(markdown);
  if (emphasised && startsWithAnswerMark(`${emphasised[2]!} x`)) return markdown.slice(emphasised[0].length).replace(/^[.．:：、，,)）]\s*/u, '').trim();
  const length = markLength(markdown, A_MARK);
  return length > 0 ? markdown.slice(length).trim() : markdown;
}

/**
 * A heading, term or summary that asks something: a Q mark, or ending in ？ or a question's か.
 *
 * @example readsAsQuestion('粗大ごみはどう出せばよいですか') // true
 * @example readsAsQuestion('粗大ごみの出し方') // false
 */
export function readsAsQuestion(text: string): boolean {
  const cleaned = collapse(text);
  if (startsWithQuestionMark(cleaned)) return true;
  return /[?？]$|(?:す|う|い|る|の|た|ん|ない)か[。．]?$/u.test(cleaned);
}

/** Width, case, spacing and punctuation aside: two drafts asking this are the same question. */
export function questionKey(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/[\s\p{P}]/gu, '');
}

function draft(rawQuestion: string, answerMarkdown: string): RuleDraft | undefined {
  const question = cleanQuestion(rawQuestion);
  const answer = withoutAnswerMark(answerMarkdown.trim());
  if (question === '' || answer === '' || [...question].length > MAX_QUESTION_CHARS) return undefined;
  const limited = limitAnswer(answer);
  return { question, answer: limited.answer, notes: limited.note ? [limited.note] : [] };
}

/** Keeps the first draft of each question, up to the limit. */
function distinct(drafts: readonly (RuleDraft | undefined)[]): RuleDraft[] {
  const seen = new Set<string>();
  const kept: RuleDraft[] = [];
  for (const d of drafts) {
    if (!d || seen.has(questionKey(d.question))) continue;
    seen.add(questionKey(d.question));
    kept.push(d);
    if (kept.length === MAX_RULE_DRAFTS_PER_PAGE) break;
  }
  return kept;
}

/**
 * Every QA the page's structure holds, in the order: JSON-LD, then the page's own order per structure.
 *
 * @example htmlRuleDrafts(parseHtml(html, { baseUrl })) // [{ question: '粗大ごみはどう出せばよいですか？', answer: '…', notes: [] }]
 */
export function htmlRuleDrafts(doc: HtmlDocument): RuleDraft[] {
  const used = new Set<Element>();
  return distinct([...jsonLdDrafts(doc), ...detailsDrafts(doc, used), ...definitionDrafts(doc, used), ...streamDrafts(doc, used)]);
}

// ── JSON-LD ────────────────────────────────────────────────────────────

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function isType(node: Record<string, unknown>, type: string): boolean {
  return asArray(node['@type']).some((t) => typeof t === 'string' && (t === type || t.endsWith(`/${type}`)));
}

function objects(value: unknown): Record<string, unknown>[] {
  return asArray(value).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const node = item as Record<string, unknown>;
    return [node, ...objects(node['@graph'])];
  });
}

function jsonLdDrafts(doc: HtmlDocument): (RuleDraft | undefined)[] {
  return objects(doc.jsonLd)
    .filter((node) => isType(node, 'FAQPage'))
    .flatMap((page) => objects(page.mainEntity))
    .filter((entity) => isType(entity, 'Question'))
    .map((entity) => {
      const answer = objects(entity.acceptedAnswer)[0] ?? objects(entity.suggestedAnswer)[0];
      const name = typeof entity.name === 'string' ? entity.name : '';
      const text = typeof answer?.text === 'string' ? answer.text : '';
      // Both may hold HTML: the question as words, the answer as Markdown.
      return draft(collapse(doc.$('<div>').html(name).text()), htmlToAnswer(text, doc.baseUrl));
    });
}

// ── <details>, <dl> ────────────────────────────────────────────────────

function fragmentHtml(doc: HtmlDocument, nodes: readonly AnyNode[]): string {
  return nodes.map((node) => doc.$.html(node)).join('');
}

function detailsDrafts(doc: HtmlDocument, used: Set<Element>): (RuleDraft | undefined)[] {
  return doc.root
    .find('details')
    .toArray()
    .map((details) => {
      const summary = doc.$(details).children('summary').first();
      if (summary.length === 0 || !readsAsQuestion(summary.text())) return undefined;
      const body = doc.$(details).contents().not(summary).toArray();
      const found = draft(summary.text(), htmlToAnswer(fragmentHtml(doc, body), doc.baseUrl));
      if (found) used.add(details);
      return found;
    });
}

function definitionDrafts(doc: HtmlDocument, used: Set<Element>): (RuleDraft | undefined)[] {
  return doc.root
    .find('dl')
    .toArray()
    .flatMap((list) => {
      const drafts: (RuleDraft | undefined)[] = [];
      let term: Element | undefined;
      let answers: Element[] = [];
      const close = (): void => {
        if (term && answers.length > 0) drafts.push(draft(doc.$(term).text(), htmlToAnswer(answers.map((dd) => doc.$(dd).html() ?? '').join('<br><br>'), doc.baseUrl)));
        term = undefined;
        answers = [];
      };
      // A <div> around each dt/dd pair is allowed in HTML.
      const entries = list.children.flatMap((child) => (child.type !== 'tag' ? [] : child.name === 'div' ? child.children : [child]));
      for (const item of entries) {
        if (item.type !== 'tag' || (item.name !== 'dt' && item.name !== 'dd')) continue;
        if (item.name === 'dt') {
          close();
          if (readsAsQuestion(doc.$(item).text())) term = item;
        } else if (term) answers.push(item);
      }
      close();
      if (drafts.some((d) => d !== undefined)) used.add(list);
      return drafts;
    });
}

// ── Headings and Q/A paragraphs ─────────────────────────────────────────

type StreamItem = { kind: 'heading'; level: number; text: string } | { kind: 'block'; nodes: AnyNode[]; text: string } | { kind: 'barrier' };

const HEADING = /^h([1-6])$/;
const LEAF_BLOCKS = new Set(['p', 'ul', 'ol', 'table', 'blockquote', 'pre', 'dl', 'figure', 'address', 'hr']);
const BLOCK_SELECTOR = 'p, ul, ol, table, blockquote, pre, dl, figure, address, div, section, article, header, footer, details, h1, h2, h3, h4, h5, h6, li, hr';

/** The root as a flat sequence of headings and blocks, in document order, so a heading's content can span wrappers. */
function stream(doc: HtmlDocument, used: Set<Element>): StreamItem[] {
  const items: StreamItem[] = [];
  let inline: AnyNode[] = [];
  const flushInline = (): void => {
    const text = blockText(doc.$, inline);
    if (text !== '') items.push({ kind: 'block', nodes: inline, text });
    inline = [];
  };
  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      inline.push(node);
      return;
    }
    if (node.type !== 'tag') return;
    const name = node.name.toLowerCase();
    const heading = HEADING.exec(name);
    if (used.has(node)) {
      flushInline();
      items.push({ kind: 'barrier' });
    } else if (heading) {
      flushInline();
      items.push({ kind: 'heading', level: Number(heading[1]), text: collapse(doc.$(node).text()) });
    } else if (name === 'br') {
      inline.push(node);
    } else if ((LEAF_BLOCKS.has(name) && !holdsQuestions(node)) || (doc.$(node).find(BLOCK_SELECTOR).length === 0 && BLOCK_LIKE.has(name))) {
      flushInline();
      const text = blockText(doc.$, [node]);
      if (text !== '') items.push({ kind: 'block', nodes: [node], text });
    } else if (BLOCK_LIKE.has(name)) {
      flushInline();
      for (const child of node.children) visit(child);
      flushInline();
    } else {
      inline.push(node);
    }
  };
  // A list whose items are Q&As is read item by item.
  const holdsQuestions = (node: Element): boolean =>
    (node.name === 'ul' || node.name === 'ol') && node.children.some((li) => li.type === 'tag' && startsWithQuestionMark(blockText(doc.$, [li])));
  for (const child of doc.root.toArray().flatMap((root) => root.children)) visit(child);
  flushInline();
  return items;
}

const BLOCK_LIKE = new Set(['div', 'section', 'article', 'main', 'header', 'footer', 'details', 'summary', 'center', 'li', 'dd', 'dt', 'body', 'p', 'ul', 'ol', 'table']);

function blocksAnswer(doc: HtmlDocument, blocks: readonly StreamItem[]): string {
  return htmlToAnswer(blocks.map((b) => (b.kind === 'block' ? fragmentHtml(doc, b.nodes) : b.kind === 'heading' ? `<h4>${escapeHtml(b.text)}</h4>` : '')).join(''), doc.baseUrl);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function streamDrafts(doc: HtmlDocument, used: Set<Element>): (RuleDraft | undefined)[] {
  const items = stream(doc, used);
  const drafts: (RuleDraft | undefined)[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (item.kind === 'heading' && item.level >= 2 && readsAsQuestion(item.text)) {
      // The content up to the next heading of the same or a higher level (sub-headings belong to it).
      let end = i + 1;
      while (end < items.length) {
        const next = items[end]!;
        if (next.kind === 'barrier' || (next.kind === 'heading' && next.level <= item.level)) break;
        end++;
      }
      drafts.push(draft(item.text, blocksAnswer(doc, items.slice(i + 1, end))));
      i = end;
    } else if (item.kind === 'block' && startsWithQuestionMark(item.text)) {
      const lines = item.text.split('\n');
      if (lines.some((line, n) => n > 0 && startsWithAnswerMark(line))) {
        // Questions and answers inside one block, separated by line breaks: read as lines.
        drafts.push(...lineDrafts(lines));
        i++;
        continue;
      }
      let end = i + 1;
      while (end < items.length) {
        const next = items[end]!;
        if (next.kind !== 'block' || startsWithQuestionMark(next.text)) break;
        end++;
      }
      const rest = lines.length > 1 ? textToAnswer(lines.slice(1)) : '';
      drafts.push(draft(lines[0]!, [rest, blocksAnswer(doc, items.slice(i + 1, end))].filter((part) => part !== '').join('\n\n')));
      i = end;
    } else i++;
  }
  return drafts;
}

// ── Text (PDF) ─────────────────────────────────────────────────────────

/** Page numbers and running marks a PDF repeats on every page: 「- 2 -」「2/5」. */
const PAGE_MARK = /^(?:[-－—‐\s]*[0-9０-９]+[-－—‐\s]*|[0-9０-９]+\s*[/／]\s*[0-9０-９]+)$/u;

/** Wrapped question lines allowed between a Q line and its A line. */
const MAX_QUESTION_LINES = 3;

/**
 * QAs from text lines that start with Q/A marks (a PDF's よくある質問). A question may wrap over a few lines
 * before its A line; without an A line, the lines up to the next question are the answer.
 *
 * @example textRuleDrafts('Q1．住民票は取れますか？\nA．市民課で取れます。') // [{ question: '住民票は取れますか？', answer: '市民課で取れます。', notes: [] }]
 */
export function textRuleDrafts(text: string): RuleDraft[] {
  return distinct(lineDrafts(text.split('\n').filter((line) => !PAGE_MARK.test(line.trim()))));
}

function lineDrafts(allLines: readonly string[]): (RuleDraft | undefined)[] {
  const lines = allLines.map((line) => line.trim()).filter((line) => line !== '');
  const drafts: (RuleDraft | undefined)[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!startsWithQuestionMark(lines[i]!)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !startsWithQuestionMark(lines[end]!)) end++;
    const block = lines.slice(i, end);
    const answerAt = block.findIndex((line, n) => n > 0 && startsWithAnswerMark(line));
    const questionLines = answerAt > 0 && answerAt <= MAX_QUESTION_LINES ? block.slice(0, answerAt) : block.slice(0, 1);
    drafts.push(draft(questionLines.join(''), textToAnswer(block.slice(questionLines.length))));
    i = end;
  }
  return drafts;
}
