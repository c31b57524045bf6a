/**
 * Morphological analysis is the slow part of indexing (kuromoji analyses about 200,000
 * characters a second). The same texts come back at every rebuild and every restart, so their
 * content words are remembered in memory and in the store.
 */
import { createHash } from 'node:crypto';
import {
  ANALYSIS_VERSION,
  deserializeContentWords,
  serializeContentWords,
  tokenizerAnalyzer,
  type Analyzer,
  type ContentWord,
  type Tokenizer,
} from '@madoguchi/engine';
import type { Store } from '../store/store.ts';

/** The store key of a text's analysis: a hash (not a secret, just short) of the analyzer version and the text. */
function cacheKey(text: string): string {
  return createHash('sha1').update(`${ANALYSIS_VERSION}\u0000${text}`).digest('base64url');
}

/**
 * An analyzer that remembers every text it has analysed, can be filled from the store before an
 * index is built (analysis is synchronous inside the engine), and writes new analyses back.
 *
 * @example
 * const analyzer = new CachingAnalyzer(tokenizer);
 * await analyzer.load(store, texts);
 * SearchIndex.build(documents, { analyzer, lexicon });
 * await analyzer.save(store);
 */
export class CachingAnalyzer implements Analyzer {
  readonly #analyze: Analyzer;
  readonly #memory = new Map<string, ContentWord[]>();
  /** Texts analysed since the last save whose analysis the store does not have yet. */
  #unsaved = new Map<string, ContentWord[]>();

  constructor(tokenizer: Tokenizer) {
    this.#analyze = tokenizerAnalyzer(tokenizer);
  }

  contentWords(text: string): ContentWord[] {
    let words = this.#memory.get(text);
    if (!words) {
      words = this.#analyze.contentWords(text);
      this.#memory.set(text, words);
      this.#unsaved.set(text, words);
    }
    return words;
  }

  /** Fills memory with the store's analyses of these texts. */
  async load(store: Store, texts: Iterable<string>): Promise<void> {
    const wanted = new Map<string, string>();
    for (const text of texts) if (!this.#memory.has(text)) wanted.set(cacheKey(text), text);
    if (wanted.size === 0) return;
    const found = await store.readAnalysisCache([...wanted.keys()]);
    for (const [key, json] of found) this.#memory.set(wanted.get(key)!, deserializeContentWords(json));
  }

  /** Writes the analyses made since the last save (only texts of indexed documents are worth keeping). */
  async save(store: Store, texts: ReadonlySet<string>): Promise<void> {
    const entries = new Map<string, string>();
    for (const [text, words] of this.#unsaved) if (texts.has(text)) entries.set(cacheKey(text), serializeContentWords(words));
    this.#unsaved = new Map();
    if (entries.size > 0) await store.writeAnalysisCache(entries);
  }
}
