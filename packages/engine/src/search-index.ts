/**
 * The in-memory index: postings of weighted terms per field, scored with BM25F.
 */
import { fieldTermFrequency, idf, saturate } from './bm25.ts';
import type { Analyzer, ContentWord } from './content-words.ts';
import { decide, type Decision } from './decide.ts';
import { ReadingDictionary } from './kana-conversion.ts';
import { normalizeText } from './normalize.ts';
import { FIELDS, fieldTexts, type Field, type SearchDocument } from './document.ts';
import { Lexicon, Vocabulary } from './lexicon.ts';
import { resolveOptions, type EngineOptionOverrides, type EngineOptions } from './options.ts';
import { documentTerms, queryTerms, termKind, type QueryTerm, type TermKind } from './terms.ts';

/** Why a QA matched: one line per piece of evidence. */
export interface MatchExplanation {
  kind: TermKind;
  /** What matched: the word, the reading, the synonym group's words, the word pair or the kana bigram. */
  text: string;
  /** The words of the question this evidence stands for. */
  queryWords: string[];
  /** Set when the evidence came from a one-way expansion of these words (引っ越してきた → 転入). */
  expandedFrom?: string;
  fields: Field[];
  /** This evidence's share of the score. */
  score: number;
}

export interface SearchResult {
  /** The QA's 管理番号. */
  id: string;
  /** BM25F score; comparable between results of one query only. */
  score: number;
  /** Share (0–1) of the question's content words, weighted by rarity, that this QA matched. */
  coverage: number;
  matches: MatchExplanation[];
}

export interface SearchResponse {
  decision: Decision;
  /** Ranked best first; as many as asked for even when the decision is `none`. */
  results: SearchResult[];
  /** The content words the engine took from the question (filler left out). */
  queryWords: string[];
  /** Set when hiragana words were read as the QAs' words (せたいぬし へんこう → 世帯主 変更). */
  convertedQuestion?: string;
}

export interface SearchOptions {
  /** How many results to return (default 10). */
  top?: number;
  /** Only QAs for which this returns true are ranked. */
  filter?: (id: string) => boolean;
}

export interface IndexDependencies {
  analyzer: Analyzer;
  /**
   * The lexicon, or how to build it once the documents' vocabulary is known (so that only
   * the synonym groups that can matter are compiled).
   */
  lexicon: Lexicon | ((vocabulary: Vocabulary) => Lexicon);
  options?: EngineOptionOverrides;
}

interface ResolvedDependencies {
  analyzer: Analyzer;
  lexicon: Lexicon;
}

interface Posting {
  docs: Int32Array;
  /** Term frequency per (document, field): docs.length × FIELDS.length. */
  tf: Float32Array;
}

const FIELD_COUNT = FIELDS.length;
/** Reading bigrams of a long answer match almost anything; they are indexed for short fields only. */
const PARTIAL_FIELDS: ReadonlySet<Field> = new Set(['question', 'keywords', 'category']);

/**
 * A searchable set of QAs.
 *
 * @example
 * const index = SearchIndex.build(documents, { analyzer: tokenizerAnalyzer(tokenizer), lexicon });
 * const { decision, results } = index.search('引っ越してきたんですけど何か手続きいりますか');
 * // decision 'answer', results[0].id '1012' (転入届), results[0].matches: 転入 expanded from 引っ越してきた …
 */
export class SearchIndex {
  readonly #ids: string[];
  readonly #postings: Map<string, Posting>;
  readonly #lengths: Float32Array;
  readonly #averageLengths: number[];
  readonly #deps: ResolvedDependencies;
  readonly #options: EngineOptions;
  readonly #readings: ReadingDictionary;

  private constructor(
    ids: string[],
    postings: Map<string, Posting>,
    lengths: Float32Array,
    readings: ReadingDictionary,
    deps: ResolvedDependencies,
    options: EngineOptions,
  ) {
    this.#ids = ids;
    this.#readings = readings;
    this.#postings = postings;
    this.#lengths = lengths;
    this.#deps = deps;
    this.#options = options;
    this.#averageLengths = FIELDS.map((_, f) => {
      let sum = 0;
      for (let d = 0; d < ids.length; d++) sum += lengths[d * FIELD_COUNT + f]!;
      return ids.length > 0 ? sum / ids.length : 0;
    });
  }

  static build(documents: Iterable<SearchDocument>, deps: IndexDependencies): SearchIndex {
    const ids: string[] = [];
    const analysed: ContentWord[][][] = [];
    const vocabulary = deps.lexicon instanceof Lexicon ? undefined : new Vocabulary();
    for (const doc of documents) {
      ids.push(doc.id);
      const texts = fieldTexts(doc);
      const fields = FIELDS.map((field) => texts[field].flatMap((text) => deps.analyzer.contentWords(text)));
      if (vocabulary) fields.forEach((words) => vocabulary.add(words));
      analysed.push(fields);
    }
    const lexicon = deps.lexicon instanceof Lexicon ? deps.lexicon : deps.lexicon(vocabulary!);
    const lengthList: number[] = [];
    const building = new Map<string, { docs: number[]; tf: number[] }>();
    analysed.forEach((fields, d) => {
      FIELDS.forEach((field, f) => {
        const words = fields[f]!;
        let length = 0;
        for (const word of words) if (!word.filler) length++;
        lengthList.push(length);
        const terms = documentTerms(words, lexicon, { partial: PARTIAL_FIELDS.has(field) });
        for (const [term, tf] of terms) {
          let posting = building.get(term);
          if (!posting) {
            posting = { docs: [], tf: [] };
            building.set(term, posting);
          }
          if (posting.docs[posting.docs.length - 1] !== d) {
            posting.docs.push(d);
            for (let i = 0; i < FIELD_COUNT; i++) posting.tf.push(0);
          }
          posting.tf[posting.tf.length - FIELD_COUNT + f] = tf;
        }
      });
    });
    const postings = new Map<string, Posting>();
    for (const [term, p] of building) postings.set(term, { docs: Int32Array.from(p.docs), tf: Float32Array.from(p.tf) });
    const resolved = { analyzer: deps.analyzer, lexicon };
    const readings = ReadingDictionary.fromWords(analysed.flatMap((fields) => fields.flat()));
    return new SearchIndex(ids, postings, Float32Array.from(lengthList), readings, resolved, resolveOptions(deps.options));
  }

  /** Number of QAs indexed. */
  get size(): number {
    return this.#ids.length;
  }

  /** Number of distinct terms indexed. */
  get termCount(): number {
    return this.#postings.size;
  }

  get options(): EngineOptions {
    return this.#options;
  }

  /**
   * Ranks the QAs for a question and decides whether to answer, offer candidates, or say
   * honestly that nothing fits. Never throws on any string.
   */
  search(question: string, options: SearchOptions = {}): SearchResponse {
    const top = Math.max(0, Math.floor(options.top ?? 10));
    const normalized = normalizeText(question.slice(0, this.#options.maxQueryLength));
    const converted = this.#readings.convert(normalized);
    const words = this.#deps.analyzer.contentWords(converted);
    const terms = queryTerms(words, this.#deps.lexicon, this.#options.termWeights);
    const scores = new Float64Array(this.#ids.length);
    for (const term of terms) this.#accumulate(term, scores);

    const ranked = this.#topDocuments(scores, top, options.filter);
    const importance = this.#wordImportance(words);
    const results = ranked.map((d) => this.#result(d, scores[d]!, words, terms, importance));
    const decision = decide(results, this.#options.decision);
    return {
      decision,
      results,
      queryWords: words.filter((w) => !w.filler).map((w) => w.surface),
      ...(converted !== normalized ? { convertedQuestion: converted } : {}),
    };
  }

  #accumulate(term: QueryTerm, scores: Float64Array): void {
    const posting = this.#postings.get(term.term);
    if (!posting) return;
    const weight = term.weight * idf(posting.docs.length, this.#ids.length);
    for (let j = 0; j < posting.docs.length; j++) {
      const d = posting.docs[j]!;
      scores[d]! += weight * saturate(this.#combinedTf(posting, j, d), this.#options.bm25);
    }
  }

  #combinedTf(posting: Posting, j: number, d: number): number {
    let combined = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const tf = posting.tf[j * FIELD_COUNT + f]!;
      if (tf === 0) continue;
      const field = this.#options.fields[FIELDS[f]!];
      combined += fieldTermFrequency(tf, this.#lengths[d * FIELD_COUNT + f]!, this.#averageLengths[f]!, field);
    }
    return combined;
  }

  #topDocuments(scores: Float64Array, top: number, filter?: (id: string) => boolean): number[] {
    const order: number[] = [];
    for (let d = 0; d < scores.length; d++) if (!filter || filter(this.#ids[d]!)) order.push(d);
    // Ties (including all-zero scores) keep index order, so results are stable for the same data.
    order.sort((a, b) => scores[b]! - scores[a]! || a - b);
    return order.slice(0, top);
  }

  /** How much each content word of the question matters: the idf of its word or reading, whichever is rarer. */
  #wordImportance(words: readonly ContentWord[]): number[] {
    return words.map((word) => {
      if (word.filler) return 0;
      const df = Math.min(
        this.#postings.get(`w:${word.lemma}`)?.docs.length ?? 0,
        word.reading ? (this.#postings.get(`r:${word.reading}`)?.docs.length ?? 0) : Infinity,
      );
      return idf(df, Math.max(1, this.#ids.length));
    });
  }

  #result(d: number, score: number, words: readonly ContentWord[], terms: readonly QueryTerm[], importance: number[]): SearchResult {
    const covered = new Array<number>(words.length).fill(0);
    const partialHits = new Array<number>(words.length).fill(0);
    const partialTotals = new Array<number>(words.length).fill(0);
    const matches: MatchExplanation[] = [];
    for (const term of terms) {
      const kind = termKind(term.term);
      const posting = this.#postings.get(term.term);
      const j = posting ? binarySearch(posting.docs, d) : -1;
      if (kind === 'partial') for (const i of term.words) partialTotals[i]! += 1;
      if (!posting || j < 0) continue;
      if (kind === 'partial') for (const i of term.words) partialHits[i]! += 1;
      else if (kind !== 'phrase') for (const i of term.words) covered[i] = 1;
      const fields = FIELDS.filter((_, f) => posting.tf[j * FIELD_COUNT + f]! > 0);
      const contribution = term.weight * idf(posting.docs.length, this.#ids.length) * saturate(this.#combinedTf(posting, j, d), this.#options.bm25);
      matches.push({
        kind,
        text: this.#termText(term.term, kind),
        queryWords: term.words.map((i) => words[i]!.surface),
        ...(term.expandedFrom ? { expandedFrom: term.expandedFrom } : {}),
        fields,
        score: round(contribution),
      });
    }
    let matched = 0;
    let total = 0;
    words.forEach((_, i) => {
      const partialShare = partialTotals[i]! > 0 ? partialHits[i]! / partialTotals[i]! : 0;
      // A word found only through kana bigrams (a typo, a compound split differently) counts for part.
      const share = Math.max(covered[i]!, partialShare >= 0.5 ? 0.7 * partialShare : 0);
      matched += importance[i]! * share;
      total += importance[i]!;
    });
    matches.sort((a, b) => b.score - a.score);
    return { id: this.#ids[d]!, score: round(score), coverage: total > 0 ? round(matched / total) : 0, matches };
  }

  #termText(term: string, kind: TermKind): string {
    const value = term.slice(2);
    if (kind === 'synonym') return this.#deps.lexicon.groupWords(Number(value)).slice(0, 6).join('・');
    if (kind === 'phrase') return value.replace('|', ' + ');
    return value;
  }
}

function binarySearch(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
