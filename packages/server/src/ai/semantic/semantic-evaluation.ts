/**
 * The 一括テスト run twice, with the engine alone and with the semantic plug-in, on the same index: the
 * figures side by side and the questions whose outcome changed. The console's report and
 * `madoguchi eval --semantic` both use it.
 */
import type { Decision, FusionOptions } from '@madoguchi/engine';
import { evaluate, firstRelevantRank, rankedIds, type EvaluationCase, type EvaluationOutcome, type EvaluationReport } from '../../evaluation/metrics.ts';
import type { SiteSearchResponse } from '../../search/search-service.ts';
import { FUSION_DEPTH, fuseHits, type SemanticSearch } from './semantic-search.ts';

/** What one question came to. `rank`: of the first right QA (1-based), 0 when not in the top 10 or none expected. */
export interface CaseOutcome {
  decision: Decision;
  rank: number;
  topId: string | null;
  topQuestion: string | null;
}

/** A question whose outcome the plug-in changed. */
export interface CaseChange {
  question: string;
  /** Right QA ids; empty: the chat should say it cannot answer. */
  expected: string[];
  note?: string;
  engine: CaseOutcome;
  semantic: CaseOutcome;
}

export interface SemanticComparison {
  engine: EvaluationReport;
  semantic: EvaluationReport;
  /** Better with the plug-in: a better way of answering (see {@link caseQuality}), or the right QA ranked higher. */
  improved: CaseChange[];
  worsened: CaseChange[];
}

/**
 * How well a question was handled, as a citizen would feel it; higher is better. For a question with a
 * right QA: answered with it (4), offered it first among candidates (3), offered it among the five
 * candidates (2), said nothing or offered other QAs (1), answered with a wrong QA (0). For a question with
 * none: said so (2), offered candidates (1), answered (0).
 *
 * @example caseQuality({ decision: 'answer', rank: 1, … }, ['1001']) // 4
 */
export function caseQuality(outcome: Pick<CaseOutcome, 'decision' | 'rank'>, expected: readonly string[]): number {
  const { decision, rank } = outcome;
  if (expected.length === 0) return decision === 'none' ? 2 : decision === 'candidates' ? 1 : 0;
  if (decision === 'answer') return rank === 1 ? 4 : 0;
  if (decision === 'candidates' && rank === 1) return 3;
  if (decision === 'candidates' && rank >= 1 && rank <= 5) return 2;
  return 1;
}

/** Positive when `after` is better: a better quality, or at the same quality the right QA ranked higher. */
function compareOutcomes(before: CaseOutcome, after: CaseOutcome, expected: readonly string[]): number {
  const quality = caseQuality(after, expected) - caseQuality(before, expected);
  if (quality !== 0 || expected.length === 0 || before.rank === after.rank) return quality;
  const place = (rank: number): number => (rank === 0 ? Number.POSITIVE_INFINITY : rank);
  return Math.sign(place(before.rank) - place(after.rank));
}

function outcomeOf(response: SiteSearchResponse, expected: readonly string[]): { outcome: CaseOutcome; ranked: string[] } {
  const ranked = rankedIds(response.results);
  const top = response.results[0];
  return {
    outcome: { decision: response.decision, rank: expected.length === 0 ? 0 : firstRelevantRank(ranked, expected), topId: top?.id ?? null, topQuestion: top?.question ?? null },
    ranked,
  };
}

/**
 * Runs every case with the engine alone and fused with similarities (whatever the city's on/off setting:
 * the report is how a city decides). Questions are embedded in batches, cached like the QAs' texts.
 *
 * @throws ModelError when the embeddings endpoint fails.
 * @example const comparison = await compareWithSemantic(cases, context.semantic.working);
 */
export async function compareWithSemantic(
  cases: readonly (EvaluationCase & { note?: string })[],
  semantic: SemanticSearch,
  fusion: FusionOptions = semantic.fusionOptions,
): Promise<SemanticComparison> {
  const search = semantic.index.search;
  const vectors = await semantic.index.embedTexts(cases.map((c) => c.question));
  const engineOutcomes: EvaluationOutcome[] = [];
  const semanticOutcomes: EvaluationOutcome[] = [];
  const improved: CaseChange[] = [];
  const worsened: CaseChange[] = [];
  cases.forEach((testCase, i) => {
    const engineResponse = search.search(testCase.question, { top: FUSION_DEPTH });
    const fusedResponse = fuseHits(search, engineResponse, semantic.index.similarTo(vectors[i]!, FUSION_DEPTH), fusion, FUSION_DEPTH);
    const before = outcomeOf(engineResponse, testCase.expected);
    const after = outcomeOf(fusedResponse, testCase.expected);
    const evaluationCase = { question: testCase.question, expected: testCase.expected };
    engineOutcomes.push({ case: evaluationCase, decision: before.outcome.decision, ranked: before.ranked });
    semanticOutcomes.push({ case: evaluationCase, decision: after.outcome.decision, ranked: after.ranked });
    const change = compareOutcomes(before.outcome, after.outcome, testCase.expected);
    if (change === 0) return;
    const row: CaseChange = {
      ...evaluationCase,
      ...(testCase.note === undefined ? {} : { note: testCase.note }),
      engine: before.outcome,
      semantic: after.outcome,
    };
    (change > 0 ? improved : worsened).push(row);
  });
  return { engine: evaluate(engineOutcomes), semantic: evaluate(semanticOutcomes), improved, worsened };
}
