/**
 * Similarity between embedding vectors (the semantic plug-in's side of fusion). The vectors come from
 * outside the engine, already scaled to unit length, so the cosine is a dot product.
 */

/** A QA and how close its embedding is to the question's (cosine, −1 to 1). */
export interface SemanticMatch {
  id: string;
  similarity: number;
}

/**
 * Cosine similarity of two unit-length vectors of the same length.
 *
 * @example cosine(Float32Array.of(1, 0), Float32Array.of(0.6, 0.8)); // 0.6
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vectors of different lengths: ${a.length} and ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/**
 * The `k` vectors most similar to `query`, best first (ties keep the order of `vectors`). Vectors of another
 * length (a different model's) are skipped rather than compared.
 *
 * @example topSimilar(question, new Map([['1001', v1], ['1002', v2]]), 5); // [{ id: '1002', similarity: 0.81 }, …]
 */
export function topSimilar(query: Float32Array, vectors: Iterable<readonly [string, Float32Array]>, k: number): SemanticMatch[] {
  const top: SemanticMatch[] = [];
  if (k <= 0) return top;
  for (const [id, vector] of vectors) {
    if (vector.length !== query.length) continue;
    const similarity = cosine(query, vector);
    if (top.length === k && similarity <= top[k - 1]!.similarity) continue;
    // Insertion into the short sorted list: k is small (tens), the QAs many.
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && top[at - 1]!.similarity < similarity) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = { id, similarity };
  }
  return top;
}
