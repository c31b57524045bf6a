/**
 * Builds the engine's {@link Lexicon} from every source: sudachi, the municipal thesaurus,
 * and the entries a city's staff added.
 */
import { Lexicon, type LexiconSource, type Tokenizer, type Vocabulary } from '@madoguchi/engine';
import { loadMunicipalThesaurus, loadSudachiSynonyms } from './sources.ts';

export interface LexiconOptions {
  /** Leave sudachi's general-purpose groups out (faster start, for tests). */
  withoutSudachi?: boolean;
  /** The city's own entries, already parsed. */
  extra?: LexiconSource;
}

/**
 * Loads every lexicon source and returns a builder that compiles them for the vocabulary of
 * the QAs being indexed (pass it as `lexicon` to `SearchIndex.build`).
 *
 * @example
 * const tokenizer = await loadTokenizer();
 * const lexicon = await loadLexicon(tokenizer, { extra: parseThesaurus(staffText) });
 * SearchIndex.build(documents, { analyzer: tokenizerAnalyzer(tokenizer), lexicon });
 */
export async function loadLexicon(tokenizer: Tokenizer, options: LexiconOptions = {}): Promise<(vocabulary: Vocabulary) => Lexicon> {
  const municipal = await loadMunicipalThesaurus();
  const sudachi = options.withoutSudachi ? [] : await loadSudachiSynonyms();
  const source: LexiconSource = {
    // The city's entries first, then the project's, so that explanations name them first.
    groups: [...(options.extra?.groups ?? []), ...municipal.groups],
    expansions: [...(options.extra?.expansions ?? []), ...municipal.expansions],
    generalGroups: sudachi,
  };
  return (vocabulary) => Lexicon.build(tokenizer, source, vocabulary);
}
