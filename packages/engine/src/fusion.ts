/**
 * Fusing the engine's ranking with an embedding model's similarities (the optional semantic plug-in, R9).
 *
 * Calibrated score blending rather than reciprocal-rank fusion: the engine's scores carry its confidence
 * (a confident answer's runner-up scores at most 0.85 of it), and rank fusion throws that away, letting a
 * similarity reorder QAs the engine told apart clearly; on the evaluation set rank fusion swapped many right
 * answers away. Each side is brought to 0–1 per question: the engine's score as a share of its best score
 * (scale-free), the similarity above a floor as a share of the way to 1 (absolute, since a model's cosine
 * means the same from one question to the next). Only the floor and the bar for offering candidates depend
 * on the model; they are tunables a city sets from its 一括テスト.
 *
 * Safety, because cities are liable for what the chat says: similarity alone never makes a confident
 * answer. It may reorder results, and offer candidates where the engine found nothing, but an answer stays an
 * answer only when the engine's answer is still first after fusion.
 */
import type { Decision } from './decide.ts';
import type { SemanticMatch } from './similarity.ts';

export interface FusionOptions {
  /** The similarity's share of the blend (0–1); the engine has the rest. 0 turns reordering off. */
  semanticWeight: number;
  /** Similarities at or below this are noise: those QAs take no part in the fusion. */
  minSimilarity: number;
  /**
   * When the engine found nothing relevant (`none`), candidates are offered if the most similar QA is at
   * least this similar.
   */
  candidatesSimilarity: number;
}

/** Conservative: the engine leads; a similarity reorders only what the engine scored close together. */
export const defaultFusionOptions: FusionOptions = {
  semanticWeight: 0.3,
  minSimilarity: 0.3,
  candidatesSimilarity: 0.6,
};

/** Options with some values replaced. */
export function resolveFusionOptions(overrides: Partial<FusionOptions> = {}): FusionOptions {
  return { ...defaultFusionOptions, ...overrides };
}

/** What fusion needs of an engine result (the engine's `SearchResult`, or the server's hit built from it). */
export interface RankedResult {
  id: string;
  score: number;
  coverage: number;
}

/**
 * One QA after fusion: its fused score, and what each side said of it.
 *
 * @example `{ id: '1001', fusedScore: 0.82, engine: { id: '1001', score: 9.2, coverage: 0.8, … }, engineRank: 1, similarity: 0.74 }`
 */
export interface FusedResult<T extends RankedResult> {
  id: string;
  fusedScore: number;
  /** The engine's result for this QA; undefined when only the similarity found it. */
  engine: T | undefined;
  /** 1-based rank among the engine's results that scored; null when it did not score. */
  engineRank: number | null;
  /** Null when the QA was not among the similar ones (or below `minSimilarity`). */
  similarity: number | null;
}

export interface FusedResponse<T extends RankedResult> {
  decision: Decision;
  /** Best first: every QA either side ranked, each once. */
  results: FusedResult<T>[];
  /**
   * Why the decision differs from the engine's, if it does: `answer-displaced` (the engine's answer is no
   * longer first, so candidates are shown), `similar-candidates` (the engine found nothing, the similarity did).
   */
  change: 'answer-displaced' | 'similar-candidates' | null;
}

/**
 * @example
 * fuse({ decision: 'none', results: [] }, [{ id: '1001', similarity: 0.8 }]);
 * // { decision: 'candidates', results: [{ id: '1001', … }], change: 'similar-candidates' }
 */
export function fuse<T extends RankedResult>(
  engine: { decision: Decision; results: readonly T[] },
  semantic: readonly SemanticMatch[],
  options: FusionOptions = defaultFusionOptions,
): FusedResponse<T> {
  const { semanticWeight, minSimilarity, candidatesSimilarity } = options;
  const byId = new Map<string, FusedResult<T> & { order: number }>();
  const entry = (id: string): FusedResult<T> & { order: number } => {
    let found = byId.get(id);
    if (!found) {
      found = { id, fusedScore: 0, engine: undefined, engineRank: null, similarity: null, order: byId.size };
      byId.set(id, found);
    }
    return found;
  };

  const topScore = Math.max(0, ...engine.results.map((r) => r.score));
  let rank = 0;
  for (const result of engine.results) {
    if (byId.has(result.id)) continue;
    const fused = entry(result.id);
    fused.engine = result;
    // Results that scored nothing only fill the list up; they carry no evidence.
    if (result.score > 0) {
      fused.engineRank = ++rank;
      fused.fusedScore += (1 - semanticWeight) * (result.score / topScore);
    }
  }
  const similar = semantic.filter((match) => match.similarity > minSimilarity).sort((a, b) => b.similarity - a.similarity);
  const span = Math.max(1e-9, 1 - minSimilarity);
  for (const match of similar) {
    const fused = entry(match.id);
    if (fused.similarity !== null) continue;
    fused.similarity = match.similarity;
    fused.fusedScore += semanticWeight * Math.min(1, (match.similarity - minSimilarity) / span);
  }

  const topSimilarity = similar[0]?.similarity ?? -Infinity;
  const offerSimilar = engine.decision === 'none' && topSimilarity >= candidatesSimilarity;
  // Candidates offered on similarity alone lead with the QAs that cleared the bar.
  const leads = (r: FusedResult<T>): number => (offerSimilar && r.similarity !== null && r.similarity >= candidatesSimilarity ? 1 : 0);
  const results = [...byId.values()]
    .sort((a, b) => leads(b) - leads(a) || b.fusedScore - a.fusedScore || a.order - b.order)
    .map(({ order: _order, ...result }) => result);

  const engineTop = engine.results[0]?.id;
  if (engine.decision === 'answer') {
    return results[0]?.id === engineTop ? { decision: 'answer', results, change: null } : { decision: 'candidates', results, change: 'answer-displaced' };
  }
  if (offerSimilar) return { decision: 'candidates', results, change: 'similar-candidates' };
  return { decision: engine.decision, results, change: null };
}
