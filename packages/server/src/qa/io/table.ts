/**
 * Spreadsheet rows ⇄ QA content, shared by the CSV and XLSX formats: header mapping, cell parsing,
 * normalisation and validation on the way in; one row per QA in {@link COLUMNS} order on the way out.
 */
import { TRANSLATION_LANGUAGES, type Qa, type QaContent, type QaStatus, type QaTranslation } from '../model.ts';
import { ID_LIST_SEPARATORS, KEYWORD_SEPARATORS, LINE_SEPARATOR, cellText, splitList, type Cell, type TableRow } from './cells.ts';
import { COLUMNS, columnLabel, columnOrder, mapHeader, translationColumn, type ColumnKey, type ColumnMapping, type FieldKey, type HeaderMap } from './columns.ts';
import { parseDateCell } from './dates.ts';
import { QaImportError, type QaImportIssue } from './errors.ts';
import { QA_IO_LIMITS } from './limits.ts';
import { normalizeQaContent } from './normalize.ts';
import { validateQaContent } from './validate.ts';
import { japanDateTime } from '../../time/japan-time.ts';

/**
 * How a format's cells differ before the shared parsing (CSV undoes its formula escaping), and staff's
 * column choices for headers the reader would not recognise by itself.
 *
 * @example `{ unescapeText: (s) => s.replace(/^'(?=[=+])/, ''), mapping: { 'FAQ本文': 'answer' } }`
 */
export interface ReadTableOptions {
  unescapeText?: (text: string) => string;
  mapping?: ColumnMapping;
}

/**
 * A file read without giving up at its content problems: every row as read, and every issue (up to
 * {@link QA_IO_LIMITS.maxIssues}), so the console can show both before anything is stored.
 *
 * @example `{ headers: ['管理番号', '質問', '回答'], records: [{ row: 2, content }], issues: [], truncated: false }`
 */
export interface QaFileReading {
  /** The header row's cells as text ([] for JSONL). */
  headers: string[];
  /** Each data row with the row number the user sees (JSONL: the line), including rows with issues. */
  records: { row: number; content: QaContent }[];
  issues: QaImportIssue[];
  /** True when reading stopped at the issue limit. */
  truncated: boolean;
}

/**
 * Reads QA content from rows whose first entry is the header row.
 *
 * @throws QaImportError listing every problem (code QA_FILE_INVALID), or QA_FILE_EMPTY / QA_FILE_TOO_MANY_ROWS.
 * @example `readTable([{ row: 1, cells: ['管理番号', '質問', '回答'] }, { row: 2, cells: ['1', 'Q', 'A'] }])`
 */
export function readTable(rows: readonly TableRow[], options: ReadTableOptions = {}): QaContent[] {
  const reading = inspectTable(rows, options);
  if (reading.issues.length > 0) throw QaImportError.invalid(reading.issues, reading.truncated);
  return reading.records.map((r) => r.content);
}

/**
 * Like {@link readTable}, but content problems are returned, not thrown (header problems leave no records).
 *
 * @throws QaImportError QA_FILE_EMPTY / QA_FILE_TOO_MANY_ROWS only.
 * @example `inspectTable(rows).issues // [{ row: 3, column: '回答', message: '回答が空です' }]`
 */
export function inspectTable(rows: readonly TableRow[], options: ReadTableOptions = {}): QaFileReading {
  const [header, ...rest] = rows;
  if (!header) throw new QaImportError('QA_FILE_EMPTY', 'ファイルが空です。1行目に見出し（管理番号・質問・回答 …）を入れてください');
  const unescape = options.unescapeText ?? ((s: string) => s);
  const headers = header.cells.map((c) => cellText(c));
  const { map, issues: headerIssues } = mapHeader(headers, options.mapping);
  if (headerIssues.length > 0) return { headers, records: [], issues: headerIssues.map((i) => ({ ...i, row: header.row })), truncated: false };

  const dataRows = rest.filter((r) => r.cells.some((c) => cellText(c) !== ''));
  if (dataRows.length === 0) throw new QaImportError('QA_FILE_EMPTY', 'QA の行が1つもありません（見出し行だけです）');
  if (dataRows.length > QA_IO_LIMITS.maxRows) {
    throw new QaImportError(
      'QA_FILE_TOO_MANY_ROWS',
      `行が多すぎます（${dataRows.length.toLocaleString('ja-JP')} 行、上限 ${QA_IO_LIMITS.maxRows.toLocaleString('ja-JP')} 行）。ファイルを分けて取り込んでください`,
    );
  }

  const issues: QaImportIssue[] = [];
  const records: QaFileReading['records'] = [];
  const firstRowOfId = new Map<string, number>();
  for (const r of dataRows) {
    const { content, issues: rowIssues } = readRow(r, map, unescape);
    issues.push(...rowIssues);
    const seenAt = firstRowOfId.get(content.id);
    if (content.id !== '' && seenAt !== undefined) {
      issues.push({ row: r.row, column: columnLabel('id'), message: `管理番号 ${content.id} が${seenAt}行目と重複しています` });
    } else if (content.id !== '') {
      firstRowOfId.set(content.id, r.row);
    }
    records.push({ row: r.row, content });
    if (issues.length >= QA_IO_LIMITS.maxIssues) return { headers, records, issues: issues.slice(0, QA_IO_LIMITS.maxIssues), truncated: true };
  }
  return { headers, records, issues, truncated: false };
}

function readRow(r: TableRow, map: HeaderMap, unescape: (s: string) => string): { content: QaContent; issues: QaImportIssue[] } {
  const issues: QaImportIssue[] = [];
  const cell = (key: FieldKey): Cell => {
    const index = map.columns.get(key);
    return index === undefined ? null : (r.cells[index] ?? null);
  };
  const text = (key: FieldKey): string => textOf(cell(key), unescape);
  const problem = (key: FieldKey, message: string): void => {
    issues.push({ row: r.row, column: columnLabel(key), message });
  };

  const status = parseStatus(text('status'));
  if (status === undefined) problem('status', '状態は「公開」か「下書き」で入力してください');
  const date = (key: 'validFrom' | 'validUntil'): string | null => {
    const value = parseDateCell(cell(key));
    if (value !== undefined) return value;
    problem(key, '日付の形式が正しくありません（例: 2026-04-01）');
    return null;
  };

  const translations: QaContent['translations'] = {};
  for (const lang of TRANSLATION_LANGUAGES) {
    const t: QaTranslation = {
      question: text(`question_${lang}`),
      alternates: splitList(text(`alternates_${lang}`), LINE_SEPARATOR),
      answer: text(`answer_${lang}`),
    };
    translations[lang] = t;
  }

  const numbered = map.numberedQuestions.flatMap((index) => splitList(textOf(r.cells[index] ?? null, unescape), LINE_SEPARATOR));
  const content = normalizeQaContent({
    id: text('id'),
    category1: text('category1'),
    category2: text('category2'),
    question: text('question'),
    alternates: [...splitList(text('alternates'), LINE_SEPARATOR), ...numbered],
    keywords: splitList(text('keywords'), KEYWORD_SEPARATORS),
    answer: text('answer'),
    relatedIds: splitList(text('relatedIds'), ID_LIST_SEPARATORS),
    department: text('department'),
    contact: text('contact'),
    sourceUrls: splitList(text('sourceUrls'), /\s+/),
    status: status ?? 'published',
    validFrom: date('validFrom'),
    validUntil: date('validUntil'),
    translations,
  });
  for (const i of validateQaContent(content)) problem(i.field, i.message);
  issues.sort((a, b) => columnOrder(a.column) - columnOrder(b.column));
  return { content, issues };
}

function textOf(cell: Cell, unescape: (s: string) => string): string {
  return cellText(typeof cell === 'string' ? unescape(cell) : cell);
}

const STATUS_WORDS: Record<string, QaStatus> = {
  公開: 'published',
  公開中: 'published',
  published: 'published',
  public: 'published',
  下書き: 'draft',
  非公開: 'draft',
  draft: 'draft',
};

// An empty 状態 (or no such column) means published: a QA file is a city's live QA set (often one
// moving from another vendor, whose export has no such column); rows kept back say 下書き.
function parseStatus(text: string): QaStatus | undefined {
  const word = text.normalize('NFKC').trim().toLowerCase();
  return word === '' ? 'published' : STATUS_WORDS[word];
}

/** A value written to one exported cell; dates stay YYYY-MM-DD text here (XLSX turns them into dates). */
export type ExportValue = string | number;

/**
 * The header row of every export.
 *
 * @example `exportHeader()[0] // '管理番号'`
 */
export function exportHeader(): string[] {
  return COLUMNS.map((c) => c.header);
}

/**
 * One QA as a row in {@link COLUMNS} order. Lists are one item per line; bookkeeping columns are empty
 * for plain QaContent.
 *
 * @example `exportRow(qa)[11] // '公開'`
 */
export function exportRow(qa: Qa | QaContent): ExportValue[] {
  return COLUMNS.map((c) => exportValue(qa, c.key));
}

function exportValue(qa: Qa | QaContent, key: ColumnKey): ExportValue {
  switch (key) {
    case 'alternates':
    case 'keywords':
    case 'relatedIds':
    case 'sourceUrls':
      return qa[key].join('\n');
    case 'status':
      return qa.status === 'published' ? '公開' : '下書き';
    case 'validFrom':
    case 'validUntil':
      return qa[key] ?? '';
    case 'version':
      return 'version' in qa ? qa.version : '';
    case 'updatedBy':
      return 'updatedBy' in qa ? qa.updatedBy : '';
    case 'updatedAt':
      return 'updatedAt' in qa ? toJapanTime(qa.updatedAt) : '';
    case 'id':
    case 'category1':
    case 'category2':
    case 'question':
    case 'answer':
    case 'department':
    case 'contact':
      return qa[key];
    default: {
      const tc = translationColumn(key);
      const t = tc && qa.translations[tc.lang];
      if (!tc || !t) return '';
      return tc.field === 'alternates' ? t.alternates.join('\n') : t[tc.field];
    }
  }
}

// Staff read 更新日時 in Japan time.
function toJapanTime(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : japanDateTime(iso);
}
