/**
 * Ranking and decision metrics for 一括テスト (batch tests): given what the engine returned
 * and what was expected, how good is it? Definitions are printed with the report (see
 * `formatReport`) so the figures are never ambiguous.
 */

export interface EvaluationCase {
  question: string;
  /** Expected 管理番号s (QAs that answer it: relevance 2); empty means the question has no answer in the QA set. */
  expected: string[];
  /** QAs that are related and partly helpful (relevance 1): they count in nDCG, never as the right answer. */
  related?: string[];
}

export interface EvaluationOutcome {
  case: EvaluationCase;
  decision: 'answer' | 'candidates' | 'none';
  /** Ranked ids returned. */
  ranked: string[];
}

export interface EvaluationReport {
  total: number;
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt5: number;
  mrr: number;
  ndcgAt10: number;
  nonePrecision: number;
  noneRecall: number;
  /** Questions given a confident answer, right or wrong. */
  answered: number;
  /** Answerable questions given a confident answer that was right / wrong. */
  answeredRight: number;
  answeredWrong: number;
  /** Answerable questions shown candidates among which (top 5) the right one was. */
  candidatesWithRight: number;
  failures: EvaluationOutcome[];
}

/**
 * The ids a search really ranked: results that matched something (a score, or a similarity from the semantic
 * plug-in). The engine lists as many results as asked for even when nothing matched, in index order; those
 * are no ranking, and counting them would credit a right QA that merely comes first in the file.
 *
 * @example rankedIds([{ id: '1001', score: 7.2 }, { id: '1002', score: 0 }]) // ['1001']
 */
export function rankedIds(results: readonly { id: string; score: number; similarity?: number }[]): string[] {
  return results.filter((r) => r.score > 0 || (r.similarity ?? 0) > 0).map((r) => r.id);
}

/** Rank (1-based) of the first expected id, or 0 when none is returned. */
export function firstRelevantRank(ranked: readonly string[], expected: readonly string[]): number {
  const index = ranked.findIndex((id) => expected.includes(id));
  return index + 1;
}

/**
 * nDCG@k with graded relevance: 2 for a QA that answers the question, 1 for a related one, gain 2^rel − 1.
 * Without related QAs it is the usual binary nDCG.
 *
 * @example
 * ndcgAt(['a', 'b'], ['b'], 10); // 1 / log2(3) ≈ 0.631
 * ndcgAt(['a', 'b'], ['b'], 10, ['a']); // (1 + 3 / log2(3)) / (3 + 1 / log2(3)) ≈ 0.797
 */
export function ndcgAt(ranked: readonly string[], expected: readonly string[], k: number, related: readonly string[] = []): number {
  const grade = (id: string): number => (expected.includes(id) ? 2 : related.includes(id) ? 1 : 0);
  const discounted = (grades: readonly number[]): number => grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = discounted([...new Set(expected)].map(() => 2).concat([...new Set(related)].filter((id) => !expected.includes(id)).map(() => 1)));
  return ideal > 0 ? discounted(ranked.map(grade)) / ideal : 0;
}

export function evaluate(outcomes: readonly EvaluationOutcome[]): EvaluationReport {
  const answerable = outcomes.filter((o) => o.case.expected.length > 0);
  const unanswerable = outcomes.filter((o) => o.case.expected.length === 0);
  const ranks = answerable.map((o) => firstRelevantRank(o.ranked, o.case.expected));
  const mean = (values: number[]): number => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const predictedNone = outcomes.filter((o) => o.decision === 'none');
  const rightNone = predictedNone.filter((o) => o.case.expected.length === 0).length;
  const failures = outcomes.filter((o) =>
    o.case.expected.length === 0 ? o.decision !== 'none' : firstRelevantRank(o.ranked, o.case.expected) !== 1 || o.decision === 'none',
  );
  return {
    total: outcomes.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: mean(ranks.map((r) => (r === 1 ? 1 : 0))),
    hitAt5: mean(ranks.map((r) => (r >= 1 && r <= 5 ? 1 : 0))),
    mrr: mean(ranks.map((r) => (r > 0 ? 1 / r : 0))),
    ndcgAt10: mean(answerable.map((o) => ndcgAt(o.ranked, o.case.expected, 10, o.case.related))),
    nonePrecision: predictedNone.length > 0 ? rightNone / predictedNone.length : 0,
    noneRecall: unanswerable.length > 0 ? rightNone / unanswerable.length : 0,
    answered: outcomes.filter((o) => o.decision === 'answer').length,
    answeredRight: answerable.filter((o, i) => o.decision === 'answer' && ranks[i] === 1).length,
    answeredWrong: outcomes.filter((o) => o.decision === 'answer' && firstRelevantRank(o.ranked, o.case.expected) !== 1).length,
    candidatesWithRight: answerable.filter((o, i) => o.decision === 'candidates' && ranks[i]! >= 1 && ranks[i]! <= 5).length,
    failures,
  };
}
