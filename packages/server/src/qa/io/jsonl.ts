/**
 * JSON Lines: one QaContent object per line, UTF-8, LF. The lossless format (backups, the starter pack,
 * moving data between installations); bookkeeping fields are not written and are ignored on import.
 */
import { contentOf } from '../content.ts';
import { QA_STATUSES, TRANSLATION_LANGUAGES, type Qa, type QaContent, type QaStatus, type QaTranslation } from '../model.ts';
import { columnLabel, columnOrder, type FieldKey } from './columns.ts';
import { QaImportError, type QaImportIssue } from './errors.ts';
import { QA_IO_LIMITS } from './limits.ts';
import { normalizeQaContent } from './normalize.ts';
import { describeWrongFile, sniff } from './signatures.ts';
import type { QaFileReading } from './table.ts';
import { validateQaContent } from './validate.ts';

/**
 * The QAs as JSONL bytes, fields in model order, translations in language order.
 *
 * @example `await writeFile('qa.jsonl', writeJsonl(qas));`
 */
export function writeJsonl(qas: readonly (Qa | QaContent)[]): Buffer {
  return Buffer.from(qas.map((qa) => `${JSON.stringify(contentOf(qa))}\n`).join(''), 'utf8');
}

/**
 * Reads QA content from JSONL bytes. Missing optional fields take their empty value; blank lines are
 * skipped; every line is checked with the same rules as spreadsheets.
 *
 * @throws QaImportError listing every problem with its line number.
 * @example `const contents = parseJsonl(await readFile('starter.jsonl'));`
 */
export function parseJsonl(bytes: Buffer): QaContent[] {
  const reading = inspectJsonl(bytes);
  if (reading.issues.length > 0) throw QaImportError.invalid(reading.issues, reading.truncated);
  return reading.records.map((r) => r.content);
}

/**
 * Reads JSONL bytes, returning content problems instead of throwing them. Lines that are not a QA
 * object at all (bad JSON, wrong types) have issues but no record.
 *
 * @throws QaImportError for problems with the file as a whole (encoding, empty, too many lines).
 * @example `inspectJsonl(bytes).issues // [{ row: 2, column: '', message: 'JSON として読み込めません…' }]`
 */
export function inspectJsonl(bytes: Buffer): QaFileReading {
  const text = decode(bytes);
  const lines = text.split(/\r?\n/);
  const filled = lines.filter((l) => l.trim() !== '').length;
  if (filled === 0) throw new QaImportError('QA_FILE_EMPTY', 'QA が1件もありません');
  if (filled > QA_IO_LIMITS.maxRows) {
    throw new QaImportError('QA_FILE_TOO_MANY_ROWS', `行が多すぎます（上限 ${QA_IO_LIMITS.maxRows.toLocaleString('ja-JP')} 行）。ファイルを分けて取り込んでください`);
  }
  const issues: QaImportIssue[] = [];
  const records: QaFileReading['records'] = [];
  const firstLineOfId = new Map<string, number>();
  lines.forEach((line, i) => {
    if (line.trim() === '' || issues.length >= QA_IO_LIMITS.maxIssues) return;
    const row = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      issues.push({ row, column: '', message: 'JSON として読み込めません（1行に1つの QA を書いてください）' });
      return;
    }
    const shaped = fromJson(value, row, issues);
    if (!shaped) return;
    const content = normalizeQaContent(shaped);
    const found = validateQaContent(content).map((v) => ({ row, column: columnLabel(v.field), message: v.message }));
    issues.push(...found.sort((a, b) => columnOrder(a.column) - columnOrder(b.column)));
    const seen = firstLineOfId.get(content.id);
    if (seen !== undefined) issues.push({ row, column: columnLabel('id'), message: `管理番号 ${content.id} が${seen}行目と重複しています` });
    else if (content.id !== '') firstLineOfId.set(content.id, row);
    records.push({ row, content });
  });
  const truncated = issues.length >= QA_IO_LIMITS.maxIssues;
  return { headers: [], records, issues: issues.slice(0, QA_IO_LIMITS.maxIssues), truncated };
}

function decode(bytes: Buffer): string {
  const wrong = describeWrongFile(sniff(bytes));
  if (wrong !== undefined || sniff(bytes) === 'zip') {
    throw new QaImportError('QA_FILE_UNREADABLE', wrong ?? 'JSONL ファイルではありません（ZIP ファイルのようです）');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new QaImportError('QA_FILE_ENCODING', 'JSONL ファイルは UTF-8 で保存してください');
  }
}

// Checks the JSON types field by field so a wrong type is reported, not crashed on.
function fromJson(value: unknown, row: number, issues: QaImportIssue[]): QaContent | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ row, column: '', message: 'QA は {…} の形の JSON オブジェクトで書いてください' });
    return undefined;
  }
  const obj = value as Record<string, unknown>;
  const before = issues.length;
  const problem = (field: FieldKey, message: string): void => {
    issues.push({ row, column: columnLabel(field), message });
  };
  const text = (name: keyof QaContent & FieldKey, required = false): string => {
    const v = obj[name];
    if (v === undefined || v === null) {
      if (required) problem(name, `${columnLabel(name)}（"${name}"）がありません`);
      return '';
    }
    if (typeof v === 'number' && name === 'id') return String(v);
    if (typeof v === 'string') return v;
    problem(name, `"${name}" は文字列にしてください`);
    return '';
  };
  const list = (name: 'alternates' | 'keywords' | 'relatedIds' | 'sourceUrls'): string[] => stringList(obj[name], name, problem);
  const date = (name: 'validFrom' | 'validUntil'): string | null => {
    const v = obj[name];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    problem(name, `"${name}" は "2026-04-01" の形の文字列か null にしてください`);
    return null;
  };

  const content: QaContent = {
    id: text('id', true),
    category1: text('category1'),
    category2: text('category2'),
    question: text('question', true),
    alternates: list('alternates'),
    keywords: list('keywords'),
    answer: text('answer', true),
    relatedIds: list('relatedIds'),
    department: text('department'),
    contact: text('contact'),
    sourceUrls: list('sourceUrls'),
    status: status(obj.status, problem),
    validFrom: date('validFrom'),
    validUntil: date('validUntil'),
    translations: translations(obj.translations, problem),
  };
  return issues.length === before ? content : undefined;
}

function stringList(v: unknown, name: FieldKey, problem: (f: FieldKey, m: string) => void): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return v;
  problem(name, `"${name}" は文字列の配列にしてください`);
  return [];
}

function status(v: unknown, problem: (f: FieldKey, m: string) => void): QaStatus {
  if (v === undefined || v === null) return 'published'; // as in CSV and XLSX: see parseStatus in table.ts
  const found = QA_STATUSES.find((s) => s === v);
  if (found) return found;
  problem('status', `"status" は ${QA_STATUSES.map((s) => `"${s}"`).join(' か ')} にしてください（状態は「公開」か「下書き」です）`);
  return 'draft';
}

function translations(v: unknown, problem: (f: FieldKey, m: string) => void): QaContent['translations'] {
  const out: QaContent['translations'] = {};
  if (v === undefined || v === null) return out;
  if (typeof v !== 'object' || Array.isArray(v)) {
    problem('question_en', '"translations" は { "en": {…}, … } の形にしてください');
    return out;
  }
  for (const [lang, t] of Object.entries(v)) {
    const language = TRANSLATION_LANGUAGES.find((l) => l === lang);
    if (!language) {
      problem('question_en', `翻訳の言語「${lang}」には対応していません（${TRANSLATION_LANGUAGES.join(', ')}）`);
      continue;
    }
    if (typeof t !== 'object' || t === null || Array.isArray(t)) {
      problem(`question_${language}`, `"translations.${lang}" は { "question", "alternates", "answer" } の形にしてください`);
      continue;
    }
    const rec = t as Record<string, unknown>;
    const str = (field: 'question' | 'answer'): string => {
      const s = rec[field];
      if (s === undefined || s === null) return '';
      if (typeof s === 'string') return s;
      problem(`${field}_${language}`, `"translations.${lang}.${field}" は文字列にしてください`);
      return '';
    };
    const translation: QaTranslation = {
      question: str('question'),
      alternates: stringList(rec.alternates, `alternates_${language}`, problem),
      answer: str('answer'),
    };
    out[language] = translation;
  }
  return out;
}
