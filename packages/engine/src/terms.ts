/**
 * From content words to the weighted terms that are indexed and scored.
 *
 * Terms live in namespaces by kind, so that evidence of different strength is scored
 * differently: the exact lemma, the reading (kana/kanji and okurigana variants), a synonym
 * group, an adjacent word pair (phrase evidence), and bigrams of the reading (compounds split
 * differently, hiragana-only input the tokenizer misreads, small typos).
 */
import type { ContentWord } from './content-words.ts';
import type { Lexicon } from './lexicon.ts';

export type TermKind = 'word' | 'reading' | 'synonym' | 'phrase' | 'partial';

const PREFIX: Record<TermKind, string> = { word: 'w:', reading: 'r:', synonym: 'g:', phrase: 'p:', partial: 'b:' };

/** How much each kind of evidence counts in a query, relative to an exact word. */
export type TermWeights = Record<TermKind | 'expansion', number>;

export function termKey(kind: TermKind, value: string | number): string {
  return PREFIX[kind] + String(value);
}

export function termKind(term: string): TermKind {
  switch (term.slice(0, 2)) {
    case 'w:': return 'word';
    case 'r:': return 'reading';
    case 'g:': return 'synonym';
    case 'p:': return 'phrase';
    default: return 'partial';
  }
}

/** A term of a query, with where it came from (for coverage and explanations). */
export interface QueryTerm {
  term: string;
  weight: number;
  /** Indexes of the query's content words this term stands for. */
  words: number[];
  /** Set when the term came from a one-way expansion. */
  expandedFrom?: string;
}

export interface TermOptions {
  /** Reading bigrams (partial matches). */
  partial: boolean;
  /** Adjacent word pairs (phrase evidence). */
  phrases: boolean;
  /** Synonym groups of the lexicon. */
  synonyms: boolean;
}

/**
 * Every term occurrence of a document field, in order.
 *
 * @example
 * documentTerms(contentWords(tokenizer, '住民票の写しを取りたい'), lexicon, { partial: true }, (term) => terms.push(term));
 * // 'w:住民票', 'r:ジュウミンヒョウ', … 'p:住民票|写し', …
 */
export function documentTerms(words: readonly ContentWord[], lexicon: Lexicon, options: TermOptions, emit: (term: string) => void): void {
  emitWordTerms(words, options, emit);
  if (options.synonyms) for (const match of lexicon.match(words, false)) for (const id of match.groupIds) emit(termKey('synonym', id));
}

/**
 * Weighted terms of a query, each tied to the content words it stands for.
 */
export function queryTerms(words: readonly ContentWord[], lexicon: Lexicon, weights: TermWeights): QueryTerm[] {
  const byTerm = new Map<string, QueryTerm>();
  const add = (term: string, weight: number, wordIndexes: number[], expandedFrom?: string): void => {
    const existing = byTerm.get(term);
    if (existing) {
      existing.weight = Math.max(existing.weight, weight);
      for (const i of wordIndexes) if (!existing.words.includes(i)) existing.words.push(i);
      return;
    }
    byTerm.set(term, { term, weight, words: [...wordIndexes], ...(expandedFrom ? { expandedFrom } : {}) });
  };
  emitWordTerms(words, { partial: true, phrases: true, synonyms: true }, (term, from, to) => add(term, weights[termKind(term)], range(from, to + 1)));
  for (const match of lexicon.match(words, true)) {
    const span = range(match.start, match.end);
    for (const id of match.groupIds) add(termKey('synonym', id), weights.synonym, span);
    const source = words.slice(match.start, match.end).map((w) => w.surface).join('');
    for (const { words: implied, weight = weights.expansion } of match.expansions) {
      emitWordTerms(implied, { partial: false, phrases: true, synonyms: true }, (term) => add(term, weights[termKind(term)] * weight, span, source));
      for (const inner of lexicon.match(implied, true)) {
        for (const id of inner.groupIds) add(termKey('synonym', id), weights.synonym * weight, span, source);
      }
    }
  }
  return [...byTerm.values()];
}

/**
 * Word, reading, phrase and partial terms of a sequence of content words (filler words excluded),
 * each with the range of words (from, to: inclusive indexes) it stands for.
 */
function emitWordTerms(words: readonly ContentWord[], options: TermOptions, emit: (term: string, from: number, to: number) => void): void {
  let previous = -1;
  let runReading = '';
  let runStart = -1;
  let runEnd = -1;
  let runId = -1;
  const flushRun = (): void => {
    if (options.partial && runReading.length > 1) emitBigrams(runReading.slice(0, MAX_BIGRAM_READING), (bigram) => emit(PREFIX.partial + bigram, runStart, runEnd));
    runReading = '';
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.filler) continue;
    emit(PREFIX.word + word.lemma, i, i);
    if (word.reading) emit(PREFIX.reading + word.reading, i, i);
    if (options.phrases && previous >= 0) emit(`${PREFIX.phrase}${words[previous]!.lemma}|${word.lemma}`, previous, i);
    previous = i;
    if (word.run !== runId) {
      flushRun();
      runId = word.run;
      runStart = i;
    }
    runEnd = i;
    runReading += word.reading || word.surface;
  }
  flushRun();
}

/** Bigrams are taken from this much of a compound's reading at most (the longest compounds are about 20 kana). */
const MAX_BIGRAM_READING = 40;

const SURROGATE = /[\ud800-\udfff]/;

function emitBigrams(text: string, emit: (bigram: string) => void): void {
  if (!SURROGATE.test(text)) {
    for (let i = 0; i + 1 < text.length; i++) emit(text.slice(i, i + 2));
    return;
  }
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) emit(chars[i]! + chars[i + 1]!);
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
