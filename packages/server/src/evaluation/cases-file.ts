/**
 * The 一括テスト file: CSV with a header `question,expected`, where expected is one or more
 * 管理番号 separated by `;`, or `none` for a question the QA set should not answer.
 */
import { parse } from 'csv-parse/sync';
import type { EvaluationCase } from './metrics.ts';

export class EvaluationFileError extends Error {
  override name = 'EvaluationFileError';
}

/**
 * @example
 * parseEvaluationCsv('question,expected\n住民票がほしい,1001\n宝くじ,none\n');
 * // [{ question: '住民票がほしい', expected: ['1001'] }, { question: '宝くじ', expected: [] }]
 */
export function parseEvaluationCsv(text: string): EvaluationCase[] {
  const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  if (rows.length > 0 && !('question' in rows[0]! && 'expected' in rows[0]!)) {
    throw new EvaluationFileError('1行目は「question,expected」の見出しにしてください');
  }
  return rows.map((row, i) => {
    const question = row.question ?? '';
    const expected = (row.expected ?? '').trim();
    if (expected === '') throw new EvaluationFileError(`${i + 2}行目: expected が空です（該当なしは none と書いてください）`);
    return {
      question,
      expected: expected.toLowerCase() === 'none' ? [] : expected.split(';').map((id) => id.trim()).filter((id) => id !== ''),
    };
  });
}
