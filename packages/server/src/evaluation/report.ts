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
    `  nDCG@10              ${num(report.ndcgAt10)}   binary relevance, top 10`,
    `  none precision       ${num(report.nonePrecision)}   of the questions the engine said "none" to, share that expected none`,
    `  none recall          ${num(report.noneRecall)}   of the questions that expected none, share the engine said "none" to`,
    `  answered, right      ${report.answeredRight} (${pct(report.answeredRight / Math.max(1, report.answerable))} of answerable)`,
    `  answered, WRONG      ${report.answeredWrong} (confident answer with the wrong QA, or to a question expecting none)`,
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
