/**
 * The decision shown to the citizen: one answer, a few candidates, or an honest "none".
 */
import type { DecisionThresholds } from './options.ts';

export type Decision = 'answer' | 'candidates' | 'none';

interface Scored {
  score: number;
  coverage: number;
  strongCoverage: number;
}

/**
 * Answer only on evidence that would convince a person: the top QA covers most of the question with the
 * words themselves, their synonyms, expansions or spellings (not homophones, not kana bigrams), scores
 * clearly, and clearly beats the runner-up. Offer candidates when something relevant was found; say
 * none when nothing was, or when only weak evidence or common words matched (out of scope).
 *
 * @example
 * decide([{ score: 42, coverage: 0.9, strongCoverage: 0.9 }, { score: 4, coverage: 0.3, strongCoverage: 0.3 }], defaultOptions.decision, idf(1, 400)); // 'answer'
 */
export function decide(results: readonly Scored[], thresholds: DecisionThresholds, rarestWordIdf: number): Decision {
  const [first, second] = results;
  if (!first || first.score <= 0 || first.coverage < thresholds.candidatesCoverage || first.strongCoverage < thresholds.candidatesStrongCoverage) {
    return 'none';
  }
  const runnerUpRatio = second ? second.score / first.score : 0;
  const convincing = first.strongCoverage >= thresholds.answerCoverage && first.score >= thresholds.answerMinScore * rarestWordIdf;
  return convincing && runnerUpRatio <= thresholds.answerMaxRunnerUpRatio ? 'answer' : 'candidates';
}
