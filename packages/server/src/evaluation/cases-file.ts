/**
 * The 一括テスト file: CSV with a header `question,expected`, where expected is one or more
 * 管理番号 separated by `;`, or `none` for a question the QA set should not answer. Optional columns:
 * `related` (管理番号 of related QAs, `;`-separated: relevance 1 in nDCG) and any others (kind, part …),
 * kept as the case's tags so reports can be cut by them.
 */
import { parse } from 'csv-parse/sync';
import type { EvaluationCase } from './metrics.ts';

/** A case with the file's other columns (kind, part, variant …). */
export interface TaggedEvaluationCase extends EvaluationCase {
  tags?: Record<string, string>;
}

export class EvaluationFileError extends Error {
  override name = 'EvaluationFileError';
}

/**
 * @example
 * parseEvaluationCsv('question,expected\n住民票がほしい,1001\n宝くじ,none\n');
 * // [{ question: '住民票がほしい', expected: ['1001'] }, { question: '宝くじ', expected: [] }]
 */
export function parseEvaluationCsv(text: string): TaggedEvaluationCase[] {
  const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  if (rows.length > 0 && !('question' in rows[0]! && 'expected' in rows[0]!)) {
    throw new EvaluationFileError('1行目は「question,expected」の見出しにしてください');
  }
  return rows.map((row, i) => {
    const question = row.question ?? '';
    const expected = (row.expected ?? '').trim();
    if (expected === '') throw new EvaluationFileError(`${i + 2}行目: expected が空です（該当なしは none と書いてください）`);
    const ids = (value: string | undefined): string[] => (value ?? '').split(';').map((id) => id.trim()).filter((id) => id !== '');
    const related = row.related;
    const tags = Object.fromEntries(Object.entries(row).filter(([column]) => !['question', 'expected', 'related'].includes(column)));
    return {
      question,
      expected: expected.toLowerCase() === 'none' ? [] : ids(expected),
      ...(related ? { related: ids(related) } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    };
  });
}
