/**
 * Every tunable of the engine in one place, with the defaults calibrated on the evaluation
 * set (`eval/dev.csv`; see docs/ENGINE.md for how).
 */
import type { Bm25Parameters, FieldParameters } from './bm25.ts';
import type { Field } from './document.ts';
import type { TermWeights } from './terms.ts';

export interface DecisionThresholds {
  /** Share of the question's content (idf-weighted) the top QA must cover to be answered outright. */
  answerCoverage: number;
  /** The runner-up must score at most this share of the top QA for a confident answer. */
  answerMaxRunnerUpRatio: number;
  /** Below this coverage nothing is relevant enough to show: the decision is `none`. */
  candidatesCoverage: number;
}

export interface EngineOptions {
  bm25: Bm25Parameters;
  /**
   * How much each kind of evidence counts relative to the exact word: reading (kana/kanji
   * variants), synonym group, adjacent word pair, kana bigram; `expansion` scales terms found
   * through a one-way expansion (引っ越してきた → 転入).
   */
  termWeights: TermWeights;
  fields: Record<Field, FieldParameters>;
  decision: DecisionThresholds;
  /** Questions longer than this are cut before analysis (a pasted page must not stall the server). */
  maxQueryLength: number;
}

export const defaultOptions: EngineOptions = {
  bm25: { k1: 0.8 },
  termWeights: { word: 1, reading: 0.6, synonym: 0.7, phrase: 0.2, partial: 0.35, expansion: 0.3 },
  fields: {
    question: { weight: 1, b: 0.6 },
    keywords: { weight: 0.6, b: 0 },
    category: { weight: 0.6, b: 0 },
    answer: { weight: 0.3, b: 0.75 },
  },
  decision: {
    answerCoverage: 0.6,
    answerMaxRunnerUpRatio: 0.85,
    candidatesCoverage: 0.3,
  },
  maxQueryLength: 1000,
};

/** Options with some values replaced; nested objects are merged one level deep. */
export type EngineOptionOverrides = {
  [K in keyof EngineOptions]?: EngineOptions[K] extends number ? number : Partial<EngineOptions[K]>;
};

export function resolveOptions(overrides: EngineOptionOverrides = {}): EngineOptions {
  return {
    bm25: { ...defaultOptions.bm25, ...overrides.bm25 },
    termWeights: { ...defaultOptions.termWeights, ...overrides.termWeights },
    fields: { ...defaultOptions.fields, ...(overrides.fields as Partial<Record<Field, FieldParameters>> | undefined) },
    decision: { ...defaultOptions.decision, ...overrides.decision },
    maxQueryLength: overrides.maxQueryLength ?? defaultOptions.maxQueryLength,
  };
}
