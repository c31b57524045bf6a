/**
 * Builds the engine's {@link Lexicon} from every source: sudachi, the municipal thesaurus,
 * and the entries a city's staff added.
 */
import { Lexicon, type Analyzer, type LexiconBuilder, type LexiconSource } from '@madoguchi/engine';
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
 * const analyzer = tokenizerAnalyzer(await loadTokenizer());
 * const lexicon = await loadLexicon(analyzer, { extra: parseThesaurus(staffText) });
 * SearchIndex.build(documents, { analyzer, lexicon });
 */
export async function loadLexicon(analyzer: Analyzer, options: LexiconOptions = {}): Promise<LexiconBuilder> {
  const municipal = await loadMunicipalThesaurus();
  const sudachi = options.withoutSudachi ? [] : await loadSudachiSynonyms();
  const source: LexiconSource = {
    // The city's entries first, then the project's, so that explanations name them first.
    groups: [...(options.extra?.groups ?? []), ...municipal.groups],
    // A city's own expansions count as fully as the words typed: staff wrote them for their QAs.
    expansions: [...(options.extra?.expansions ?? []).map((expansion) => ({ ...expansion, weight: 1 })), ...municipal.expansions],
    generalGroups: sudachi,
  };
  return Lexicon.builder(analyzer, source);
}
