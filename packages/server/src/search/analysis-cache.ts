/**
 * Morphological analysis is the slow part of indexing; the same texts come back at every
 * rebuild (one QA edited, 1,999 unchanged), so their content words are remembered.
 */
import { tokenizerAnalyzer, type Analyzer, type ContentWord, type Tokenizer } from '@madoguchi/engine';

/** An analyzer that remembers the content words of every text it has seen. */
export function cachingAnalyzer(tokenizer: Tokenizer): Analyzer & { readonly size: number } {
  const analyze = tokenizerAnalyzer(tokenizer);
  const cache = new Map<string, ContentWord[]>();
  return {
    contentWords(text: string): ContentWord[] {
      let words = cache.get(text);
      if (!words) {
        words = analyze.contentWords(text);
        cache.set(text, words);
      }
      return words;
    },
    get size() {
      return cache.size;
    },
  };
}
