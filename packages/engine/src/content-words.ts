/**
 * Turns text into the sequence of content words the engine matches on.
 */
import { normalizeText } from './normalize.ts';
import { isAuxiliaryVerb, isContentMorpheme, isFillerLemma, isNegation, isPoliteAuxiliary, lemmaKey, NEGATED_SUFFIX, readingOf } from './morphemes.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * Changes whenever analysis gives different words for the same text (new filler words, new
 * normalisation): cached analyses of another version must not be used.
 */
export const ANALYSIS_VERSION = 5;

/**
 * Turns text into content words. The default runs the tokenizer; a caller may put a cache in
 * front of it, since morphological analysis is the expensive part of building an index.
 */
export interface Analyzer {
  contentWords(text: string): ContentWord[];
}

/** The analyzer that runs the tokenizer every time. */
export function tokenizerAnalyzer(tokenizer: Tokenizer): Analyzer {
  return { contentWords: (text) => contentWords(tokenizer, text) };
}

type SerializedWord = [surface: string, lemma: string, reading: string, filler: 0 | 1, run: number];

/**
 * Content words as compact JSON, for caches that outlive the process.
 *
 * @example
 * deserializeContentWords(serializeContentWords(words)); // deep-equal to words
 */
export function serializeContentWords(words: readonly ContentWord[]): string {
  return JSON.stringify(words.map((w): SerializedWord => [w.surface, w.lemma, w.reading, w.filler ? 1 : 0, w.run]));
}

export function deserializeContentWords(json: string): ContentWord[] {
  return (JSON.parse(json) as SerializedWord[]).map(([surface, lemma, reading, filler, run]) => ({ surface, lemma, reading, filler: filler === 1, run }));
}

/** A content word as the engine sees it. */
export interface ContentWord {
  surface: string;
  /** See {@link lemmaKey}. */
  lemma: string;
  /** Katakana reading, or '' when unknown. */
  reading: string;
  /** True when a filler word (教える, 方法 …): kept for phrase lookups, never scored alone. */
  filler: boolean;
  /** Index of the run of adjacent content words this one belongs to (compounds such as 粗大 + ごみ). */
  run: number;
}

/**
 * Normalises and tokenises text into content words, dropping particles, auxiliaries and symbols.
 *
 * @example
 * contentWords(tokenizer, '粗大ごみを出したいのですが');
 * // [{ lemma: '粗大', run: 0 }, { lemma: 'ゴミ', run: 0 }, { lemma: 'だす', filler: false, run: 1 }]
 */
export function contentWords(tokenizer: Tokenizer, text: string): ContentWord[] {
  const words: ContentWord[] = [];
  let run = 0;
  let previousWasContent = false;
  /** The last word pushed, while only auxiliaries followed it: the word a negation applies to. */
  let negatable: ContentWord | undefined;
  for (const m of tokenizer.tokenize(normalizeText(text))) {
    if (isNegation(m) && negatable) {
      negatable.lemma += NEGATED_SUFFIX;
      if (negatable.reading) negatable.reading += NEGATED_SUFFIX;
      negatable.filler = false;
      negatable = undefined;
      continue;
    }
    if (isAuxiliaryVerb(m)) {
      words.push({ surface: m.surface, lemma: lemmaKey(m), reading: readingOf(m), filler: true, run });
      continue;
    }
    if (!isContentMorpheme(m)) {
      if (previousWasContent) run += 1;
      previousWasContent = false;
      if (!isPoliteAuxiliary(m)) negatable = undefined;
      continue;
    }
    const lemma = lemmaKey(m);
    const word: ContentWord = { surface: m.surface, lemma, reading: readingOf(m), filler: isFillerLemma(lemma), run };
    words.push(word);
    negatable = m.pos === '動詞' || m.pos === '形容詞' ? word : undefined;
    previousWasContent = true;
  }
  return words;
}
