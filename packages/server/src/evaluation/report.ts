/**
 * The evaluation report as people read it in a terminal, with each figure defined.
 */
import type { EvaluationReport } from './metrics.ts';

const pct = (value: number): string => `${(value * 100).toFixed(1)} %`;
const num = (value: number): string => value.toFixed(4);

export function formatReport(report: EvaluationReport, label: string, maxFailures = 50): string {
  const lines = [
    `一括テスト: ${label}`,
    `  questions            ${report.total} (answerable ${report.answerable}, expected none ${report.unanswerable})`,
    `  hit@1                ${num(report.hitAt1)}   right QA ranked first (answerable questions)`,
    `  hit@5                ${num(report.hitAt5)}   right QA in the top 5`,
    `  MRR                  ${num(report.mrr)}   mean of 1/rank of the first right QA`,
    `  nDCG@10              ${num(report.ndcgAt10)}   top 10; relevance 2 for a right QA, 1 for a related one`,
    `  none precision       ${num(report.nonePrecision)}   of the questions the engine said "none" to, share that expected none`,
    `  none recall          ${num(report.noneRecall)}   of the questions that expected none, share the engine said "none" to`,
    `  answered, right      ${report.answeredRight} (${pct(report.answeredRight / Math.max(1, report.answerable))} of answerable)`,
    `  answered, WRONG      ${report.answeredWrong} (confident answer with the wrong QA, or to a question expecting none)`,
    `  wrong share          ${pct(report.answeredWrong / Math.max(1, report.answered))} of the ${report.answered} confident answers`,
    `  candidates with right ${report.candidatesWithRight} (${pct(report.candidatesWithRight / Math.max(1, report.answerable))} of answerable)`,
  ];
  if (report.failures.length > 0 && maxFailures > 0) {
    lines.push(`  failures (${report.failures.length}${report.failures.length > maxFailures ? `, first ${maxFailures}` : ''}):`);
    for (const f of report.failures.slice(0, maxFailures)) {
      const expected = f.case.expected.length > 0 ? f.case.expected.join(';') : 'none';
      lines.push(`    [${f.decision}] ${f.case.question}  expected ${expected}, got ${f.ranked.slice(0, 3).join(', ') || '-'}`);
    }
  }
  return lines.join('\n');
}

/**
 * Two runs of the same cases side by side (e.g. the engine alone and with semantic search), with the
 * difference; the definitions are those of {@link formatReport}.
 *
 * @example formatComparison(engine, fused, ['engine', 'semantic'], 'eval/dev.csv')
 */
export function formatComparison(before: EvaluationReport, after: EvaluationReport, labels: readonly [string, string], title: string): string {
  const width = Math.max(12, ...labels.map((l) => l.length + 2));
  const row = (name: string, a: string, b: string, delta: string): string => `  ${name.padEnd(22)}${a.padStart(width)}${b.padStart(width)}${delta.padStart(10)}`;
  const ratio = (name: string, pick: (r: EvaluationReport) => number): string => {
    const d = pick(after) - pick(before);
    return row(name, num(pick(before)), num(pick(after)), `${d >= 0 ? '+' : ''}${d.toFixed(4)}`);
  };
  const count = (name: string, pick: (r: EvaluationReport) => number): string => {
    const d = pick(after) - pick(before);
    return row(name, String(pick(before)), String(pick(after)), `${d >= 0 ? '+' : ''}${d}`);
  };
  return [
    `一括テスト: ${title}`,
    `  questions ${before.total} (answerable ${before.answerable}, expected none ${before.unanswerable})`,
    row('', labels[0], labels[1], 'diff'),
    ratio('hit@1', (r) => r.hitAt1),
    ratio('hit@5', (r) => r.hitAt5),
    ratio('MRR', (r) => r.mrr),
    ratio('nDCG@10', (r) => r.ndcgAt10),
    ratio('none precision', (r) => r.nonePrecision),
    ratio('none recall', (r) => r.noneRecall),
    count('answered, right', (r) => r.answeredRight),
    count('answered, WRONG', (r) => r.answeredWrong),
    ratio('wrong share', (r) => r.answeredWrong / Math.max(1, r.answered)),
    count('candidates with right', (r) => r.candidatesWithRight),
  ].join('\n');
}
