/**
 * @madoguchi/engine: Japanese FAQ retrieval with no I/O. Give it a tokenizer, a lexicon and
 * documents; ask it questions.
 */
export type { Morpheme, Tokenizer } from './tokenizer.ts';
export { normalizeText, toKatakana, isKanaOnly } from './normalize.ts';
export {
  contentWords,
  tokenizerAnalyzer,
  serializeContentWords,
  deserializeContentWords,
  ANALYSIS_VERSION,
  type Analyzer,
  type ContentWord,
} from './content-words.ts';
export { Lexicon, Vocabulary, type LexiconBuilder, type LexiconSource, type SynonymGroup, type OneWayExpansion } from './lexicon.ts';
export type { SearchDocument, Field } from './document.ts';
export { FIELDS, fieldTexts } from './document.ts';
export {
  SearchIndex,
  type IndexDependencies,
  type MatchExplanation,
  type SearchOptions,
  type SearchResponse,
  type SearchResult,
} from './search-index.ts';
export type { Decision } from './decide.ts';
export { defaultOptions, resolveOptions, type EngineOptions, type EngineOptionOverrides, type DecisionThresholds } from './options.ts';
export type { TermKind } from './terms.ts';
export { cosine, topSimilar, type SemanticMatch } from './similarity.ts';
export {
  fuse,
  defaultFusionOptions,
  resolveFusionOptions,
  type FusionOptions,
  type FusedResponse,
  type FusedResult,
  type RankedResult,
} from './fusion.ts';
