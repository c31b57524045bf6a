/**
 * The decision shown to the citizen: one answer, a few candidates, or an honest "none".
 */
import type { DecisionThresholds } from './options.ts';

export type Decision = 'answer' | 'candidates' | 'none';

interface Scored {
  score: number;
  coverage: number;
}

/**
 * Answer when the top QA covers most of what was asked and clearly beats the runner-up;
 * offer candidates when something relevant was found but not decisively; otherwise none.
 *
 * @example
 * decide([{ score: 12, coverage: 0.9 }, { score: 4, coverage: 0.3 }], defaultOptions.decision); // 'answer'
 */
export function decide(results: readonly Scored[], thresholds: DecisionThresholds): Decision {
  const [first, second] = results;
  if (!first || first.score <= 0 || first.coverage < thresholds.candidatesCoverage) return 'none';
  const runnerUpRatio = second ? second.score / first.score : 0;
  if (first.coverage >= thresholds.answerCoverage && runnerUpRatio <= thresholds.answerMaxRunnerUpRatio) return 'answer';
  return 'candidates';
}
