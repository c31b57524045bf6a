/**
 * @madoguchi/lexicon: the dictionaries behind the engine (kuromoji, sudachi synonyms, the
 * municipal thesaurus) and their loading, which is all I/O the engine itself never does.
 */
export { loadTokenizer } from './tokenizer.ts';
export { parseThesaurus, ThesaurusSyntaxError } from './thesaurus.ts';
export { loadSudachiSynonyms, loadMunicipalThesaurus, MUNICIPAL_THESAURUS_PATH } from './sources.ts';
export { loadLexicon, type LexiconOptions } from './lexicon.ts';
