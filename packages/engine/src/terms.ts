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
export const TERM_KIND_WEIGHTS: Record<TermKind, number> = {
  word: 1,
  reading: 0.6,
  synonym: 0.7,
  phrase: 0.6,
  partial: 0.15,
};

/** Query terms found through a one-way expansion (引っ越してきた → 転入) count this much of a typed word. */
export const EXPANSION_WEIGHT = 0.8;

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
  /** Reading bigrams (partial matches); left out of long fields where they only add noise. */
  partial: boolean;
}

/**
 * Term frequencies of a document field.
 *
 * @example
 * documentTerms(contentWords(tokenizer, '住民票の写しを取りたい'), lexicon, { partial: true });
 * // Map { 'w:住民票' => 1, 'r:ジュウミンヒョウ' => 1, 'p:住民票|写し' => 1, … }
 */
export function documentTerms(words: readonly ContentWord[], lexicon: Lexicon, options: TermOptions): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (term: string): void => {
    terms.set(term, (terms.get(term) ?? 0) + 1);
  };
  for (const { term } of wordTerms(words, options)) add(term);
  for (const match of lexicon.match(words, false)) for (const id of match.groupIds) add(termKey('synonym', id));
  return terms;
}

/**
 * Weighted terms of a query, each tied to the content words it stands for.
 */
export function queryTerms(words: readonly ContentWord[], lexicon: Lexicon): QueryTerm[] {
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
  for (const t of wordTerms(words, { partial: true })) add(t.term, TERM_KIND_WEIGHTS[termKind(t.term)], t.words);
  for (const match of lexicon.match(words, true)) {
    const span = range(match.start, match.end);
    for (const id of match.groupIds) add(termKey('synonym', id), TERM_KIND_WEIGHTS.synonym, span);
    const source = words.slice(match.start, match.end).map((w) => w.surface).join('');
    for (const expansion of match.expansions) {
      for (const t of wordTerms(expansion, { partial: false })) {
        add(t.term, TERM_KIND_WEIGHTS[termKind(t.term)] * EXPANSION_WEIGHT, span, source);
      }
      for (const inner of lexicon.match(expansion, true)) {
        for (const id of inner.groupIds) add(termKey('synonym', id), TERM_KIND_WEIGHTS.synonym * EXPANSION_WEIGHT, span, source);
      }
    }
  }
  return [...byTerm.values()];
}

interface WordTerm {
  term: string;
  words: number[];
}

/** Word, reading, phrase and partial terms of a sequence of content words (filler words excluded). */
function wordTerms(words: readonly ContentWord[], options: TermOptions): WordTerm[] {
  const out: WordTerm[] = [];
  let previous = -1;
  let runReading = '';
  let runWords: number[] = [];
  let runId = -1;
  const flushRun = (): void => {
    if (options.partial) for (const bigram of bigrams(runReading)) out.push({ term: termKey('partial', bigram), words: runWords });
    runReading = '';
    runWords = [];
  };
  words.forEach((word, i) => {
    if (word.filler) return;
    out.push({ term: termKey('word', word.lemma), words: [i] });
    if (word.reading) out.push({ term: termKey('reading', word.reading), words: [i] });
    if (previous >= 0) out.push({ term: termKey('phrase', `${words[previous]!.lemma}|${word.lemma}`), words: [previous, i] });
    previous = i;
    if (word.run !== runId) {
      flushRun();
      runId = word.run;
    }
    runReading += word.reading || word.surface;
    runWords.push(i);
  });
  flushRun();
  return out;
}

function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return [];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
