/**
 * BM25F: per-field length-normalised term frequencies are combined with field weights
 * before one saturation, so a word in the question and the answer is not counted twice as
 * strongly as a word in the question alone (Robertson & Zaragoza 2009, "The Probabilistic
 * Relevance Framework: BM25 and Beyond", §3.5).
 */

export interface FieldParameters {
  /** How much a match in this field counts relative to the others. */
  weight: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  b: number;
}

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  k1: number;
}

/**
 * Inverse document frequency, never negative (the +1 form used by Lucene).
 *
 * @example
 * idf(1, 2000); // ≈ 7.2: a word in one QA of 2,000 is strong evidence
 */
export function idf(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The length-normalised, weighted frequency of a term in one field. */
export function fieldTermFrequency(tf: number, fieldLength: number, averageLength: number, field: FieldParameters): number {
  if (tf === 0) return 0;
  const norm = 1 - field.b + field.b * (averageLength > 0 ? fieldLength / averageLength : 1);
  return (field.weight * tf) / norm;
}

/** Saturates a combined term frequency: the score of one term in one document, before idf. */
export function saturate(combinedTf: number, params: Bm25Parameters): number {
  return (combinedTf * (params.k1 + 1)) / (params.k1 + combinedTf);
}
