/**
 * The city's 一括テスト cases: questions with the QAs that should answer them (none = the chat should say it
 * cannot answer), kept as the setting {@link TEST_CASES_SETTING} so every save is a revision. The CSV form is
 * the evaluation format of evaluation/cases-file.ts (`question,expected`, ids joined by `;`, `none`), plus
 * an optional `note` column.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { QaImportError, qaIdProblem } from '../../qa/io/index.ts';
import { decodeCsv } from '../../qa/io/csv.ts';
import type { Store } from '../../store/store.ts';
import type { Issue } from '../qas/schema.ts';
import { readSetting, type SettingState } from '../settings/setting-store.ts';

export const TEST_CASES_SETTING = 'testCases';

export const TEST_CASE_LIMITS = {
  maxCases: 2_000,
  /** The chat's own limit on a question. */
  questionMaxLength: 500,
  noteMaxLength: 500,
  maxExpected: 50,
  /** A CSV of 2,000 long questions stays far below this. */
  maxFileBytes: 5 * 1024 * 1024,
} as const;

/**
 * @example `{ question: '住民票がほしい', expected: ['1001'] }` · `{ question: '宝くじの当選番号', expected: [], note: '答えないのが正しい' }`
 */
export interface TestCase {
  question: string;
  /** QA ids that are right answers; empty: the chat should answer none. */
  expected: string[];
  note?: string;
}

export interface TestCasesValue {
  cases: TestCase[];
}

/**
 * Trimmed text, expected ids without blanks or repeats, empty notes dropped.
 *
 * @example `normalizeCases([{ question: ' 住民票 ', expected: ['1001', '1001', ''] }]) // [{ question: '住民票', expected: ['1001'] }]`
 */
export function normalizeCases(cases: readonly TestCase[]): TestCase[] {
  return cases.map((c) => {
    const note = c.note?.trim();
    return { question: c.question.trim(), expected: [...new Set(c.expected.map((id) => id.trim()).filter((id) => id !== ''))], ...(note ? { note } : {}) };
  });
}

/**
 * Every rule a case list breaks; `row` is the case's number (1-based).
 *
 * @example `testCaseIssues([{ question: '', expected: [] }]) // [{ row: 1, field: 'cases.0.question', message: '質問が空です。' }]`
 */
export function testCaseIssues(cases: readonly TestCase[]): Issue[] {
  const issues: Issue[] = [];
  const L = TEST_CASE_LIMITS;
  if (cases.length > L.maxCases) issues.push({ field: 'cases', message: `テストは ${L.maxCases.toLocaleString('ja-JP')} 件までです（現在 ${cases.length.toLocaleString('ja-JP')} 件）。` });
  cases.forEach((c, i) => {
    const at = (field: string, message: string): void => {
      issues.push({ row: i + 1, field: `cases.${i}.${field}`, message });
    };
    if (c.question === '') at('question', '質問が空です。');
    else if ([...c.question].length > L.questionMaxLength) at('question', `質問は ${L.questionMaxLength} 文字以内にしてください（現在 ${[...c.question].length} 文字）。`);
    if (c.expected.length > L.maxExpected) at('expected', `正解の管理番号は ${L.maxExpected} 件までです。`);
    for (const id of c.expected) {
      const problem = qaIdProblem(id);
      if (problem !== undefined) at('expected', `正解の管理番号「${id}」: ${problem}`);
    }
    if (c.note !== undefined && [...c.note].length > L.noteMaxLength) at('note', `メモは ${L.noteMaxLength} 文字以内にしてください。`);
  });
  return issues;
}

/**
 * Expected ids that name no QA of the working set: allowed (a QA may come back), but worth a warning.
 *
 * @example `unknownIdWarnings(cases, new Set(['1001'])) // [{ row: 2, field: 'cases.1.expected', message: '管理番号 9999 の QA はありません。' }]`
 */
export function unknownIdWarnings(cases: readonly TestCase[], known: ReadonlySet<string>): Issue[] {
  return cases.flatMap((c, i) =>
    c.expected.filter((id) => !known.has(id)).map((id) => ({ row: i + 1, field: `cases.${i}.expected`, message: `管理番号 ${id} の QA はありません。` })),
  );
}

/**
 * The stored cases (an unreadable stored value reads as none) with their revision.
 *
 * @example `const { value, revision } = await readTestCases(store, siteId);`
 */
export async function readTestCases(store: Store, siteId: string): Promise<SettingState<TestCasesValue> & { value: TestCasesValue }> {
  const state = await readSetting<TestCasesValue>(store, siteId, TEST_CASES_SETTING);
  const stored: unknown = state.value?.cases;
  const cases = Array.isArray(stored)
    ? stored.flatMap((c: unknown): TestCase[] => {
        if (typeof c !== 'object' || c === null) return [];
        const { question, expected, note } = c as Record<string, unknown>;
        if (typeof question !== 'string' || !Array.isArray(expected)) return [];
        return [{ question, expected: expected.filter((id): id is string => typeof id === 'string'), ...(typeof note === 'string' ? { note } : {}) }];
      })
    : [];
  return { ...state, value: { cases } };
}

/**
 * Reads the CSV form (UTF-8 or Shift_JIS), collecting every problem with its row (header = 1).
 *
 * @example `parseTestCasesCsv(Buffer.from('question,expected\n住民票がほしい,1001\n宝くじ,none\n')).cases.length // 2`
 */
export function parseTestCasesCsv(bytes: Buffer): { cases: TestCase[]; issues: Issue[] } {
  let records: string[][];
  try {
    records = parse(decodeCsv(bytes), { relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    const message = error instanceof QaImportError ? error.message : 'CSV の形式が正しくありません。「"」で囲んだセルが閉じているか確認してください。';
    return { cases: [], issues: [{ row: 1, message }] };
  }
  const [header, ...rows] = records;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const column = (name: string): number => names.indexOf(name);
  const [q, e, n] = [column('question'), column('expected'), column('note')];
  if (q < 0 || e < 0) return { cases: [], issues: [{ row: 1, message: '1行目は「question,expected」（必要なら「,note」）の見出しにしてください。' }] };

  const cases: TestCase[] = [];
  const issues: Issue[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const question = (cells[q] ?? '').trim();
    const expected = (cells[e] ?? '').trim();
    const note = n >= 0 ? (cells[n] ?? '').trim() : '';
    if (expected === '') {
      issues.push({ row, column: 'expected', message: 'expected が空です（答えないのが正しい質問は none と書いてください）。' });
      return;
    }
    const testCase: TestCase = {
      question,
      expected: expected.toLowerCase() === 'none' ? [] : expected.split(/[;；]/).map((id) => id.trim()).filter((id) => id !== ''),
      ...(note ? { note } : {}),
    };
    for (const issue of testCaseIssues([testCase])) {
      issues.push({ row, column: issue.field?.split('.').at(-1) ?? '', message: issue.message });
    }
    cases.push(testCase);
  });
  if (cases.length === 0 && issues.length === 0) issues.push({ row: 2, message: 'テストの行が1つもありません。' });
  return { cases, issues };
}

/**
 * The CSV form: UTF-8 with BOM (Excel), CRLF, `none` for cases that expect no answer.
 *
 * @example `writeTestCasesCsv([{ question: '住民票', expected: ['1001'] }]).toString() // '\uFEFFquestion,expected,note\r\n住民票,1001,\r\n'`
 */
export function writeTestCasesCsv(cases: readonly TestCase[]): Buffer {
  const records = [['question', 'expected', 'note'], ...cases.map((c) => [c.question, c.expected.length === 0 ? 'none' : c.expected.join(';'), c.note ?? ''])];
  return Buffer.from(stringify(records, { bom: true, record_delimiter: '\r\n' }), 'utf8');
}
