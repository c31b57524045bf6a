/**
 * The 一括テスト table as staff edit it: one row per case, the right QAs as typed ids. Empty rows are dropped
 * on save; a case with no ids expects the chat to say it cannot answer.
 */
import type { TestCasesRequest } from '@madoguchi/server/admin-api';

export type TestCase = TestCasesRequest['cases'][number];

export interface CaseRow {
  /** Keeps the row's inputs when rows above are removed. */
  key: number;
  question: string;
  /** QA ids separated by commas, 、, ; or spaces. */
  expected: string;
  note: string;
}

let nextKey = 1;

/** @example emptyRow().question // '' */
export function emptyRow(): CaseRow {
  return { key: nextKey++, question: '', expected: '', note: '' };
}

/** @example rowsFromCases([{ question: 'q', expected: ['1', '2'] }])[0].expected // '1, 2' */
export function rowsFromCases(cases: readonly TestCase[]): CaseRow[] {
  return cases.map((c) => ({ key: nextKey++, question: c.question, expected: c.expected.join(', '), note: c.note ?? '' }));
}

/** @example expectedIds('1001、1002; 1003  1004') // ['1001', '1002', '1003', '1004'] */
export function expectedIds(text: string): string[] {
  return [...new Set(text.split(/[\s,、，;；]+/).filter((id) => id !== ''))];
}

/**
 * The cases to save, and the rows (1-based) that have ids or a note but no question.
 *
 * @example casesFromRows([{ key: 1, question: ' q ', expected: '1', note: '' }]) // { cases: [{ question: 'q', expected: ['1'] }], problems: [] }
 */
export function casesFromRows(rows: readonly CaseRow[]): { cases: TestCase[]; problems: string[] } {
  const cases: TestCase[] = [];
  const problems: string[] = [];
  rows.forEach((row, index) => {
    const question = row.question.trim();
    const expected = expectedIds(row.expected);
    const note = row.note.trim();
    if (question === '') {
      if (expected.length > 0 || note !== '') problems.push(`${index + 1} 行目: 質問を入力してください。`);
      return;
    }
    cases.push(note === '' ? { question, expected } : { question, expected, note });
  });
  return { cases, problems };
}
