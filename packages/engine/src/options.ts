/**
 * Every tunable of the engine in one place, with the defaults calibrated on the evaluation
 * set (`eval/dev.csv`; see docs/ENGINE.md for how).
 */
import type { Bm25Parameters, FieldParameters } from './bm25.ts';
import type { Field } from './document.ts';
import type { TermWeights } from './terms.ts';

export interface DecisionThresholds {
  /**
   * Share of the question's content (idf-weighted) the top QA must cover with strong evidence (the word, a
   * synonym, an expansion, a spelling: `strongCoverage`) to be answered outright.
   */
  answerCoverage: number;
  /** The runner-up must score at most this share of the top QA for a confident answer. */
  answerMaxRunnerUpRatio: number;
  /**
   * The top QA's score must reach this many times the idf of a word found in one QA only, for a confident
   * answer: a match on one or two common words is not enough. (In idf units, so it means the same for a
   * city of 300 QAs and one of 3,000.)
   */
  answerMinScore: number;
  /** Below this coverage (any evidence) nothing is relevant enough to show: the decision is `none`. */
  candidatesCoverage: number;
  /**
   * Below this strong coverage only homophones, kana bigrams or common words matched: out of scope, `none`
   * with the contact rather than junk candidates (今日の天気は, おすすめのラーメン屋).
   */
  candidatesStrongCoverage: number;
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
  /**
   * Questions longer than this are cut before analysis (a pasted page must not stall the server). Citizens'
   * longest questions are about 150 characters; the chat accepts 500, and what lies past 300 would only cost.
   */
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
    answerCoverage: 0.8,
    answerMaxRunnerUpRatio: 0.8,
    answerMinScore: 3.3,
    candidatesCoverage: 0.3,
    candidatesStrongCoverage: 0.4,
  },
  maxQueryLength: 300,
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
