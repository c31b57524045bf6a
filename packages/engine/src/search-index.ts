/**
 * The in-memory index: postings of weighted terms per field, scored with BM25F.
 */
import { fieldTermFrequency, idf, saturate } from './bm25.ts';
import type { Analyzer, ContentWord } from './content-words.ts';
import { decide, type Decision } from './decide.ts';
import { ReadingDictionary } from './kana-conversion.ts';
import { isKanaOnly, normalizeText } from './normalize.ts';
import { FIELDS, fieldTexts, type Field, type SearchDocument } from './document.ts';
import { Lexicon, Vocabulary, type LexiconBuilder } from './lexicon.ts';
import { resolveOptions, type EngineOptionOverrides, type EngineOptions } from './options.ts';
import { PostingsBuilder, type Postings } from './postings.ts';
import { documentTerms, queryTerms, termKind, type QueryTerm, type TermKind, type TermOptions } from './terms.ts';

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
  /**
   * True for evidence that may answer on its own (see {@link SearchResult.strongCoverage}); false for kana
   * bigrams, word pairs and a homophone's reading, which only suggest.
   */
  strong: boolean;
}

export interface SearchResult {
  /** The QA's 管理番号. */
  id: string;
  /** BM25F score; comparable between results of one query only. */
  score: number;
  /** Share (0–1) of the question's content words, weighted by rarity, that this QA matched. */
  coverage: number;
  /**
   * The same share counting only evidence that may answer on its own: the word itself, a synonym, an
   * expansion, or a reading that joins kana to kanji or two spellings of one word. A homophone's reading
   * (天気, 転居… by テンキ) and kana bigrams only suggest.
   */
  strongCoverage: number;
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
  lexicon: Lexicon | LexiconBuilder;
  options?: EngineOptionOverrides;
}

interface ResolvedDependencies {
  analyzer: Analyzer;
  lexicon: Lexicon;
}

const FIELD_COUNT = FIELDS.length;
/** A text worth reading through the QAs' own spellings: it has a run of hiragana a word could hide in. */
const HIRAGANA_RUN = /[ぁ-ゖー]{3}/;
/**
 * Which evidence each field indexes. Reading bigrams of a long answer match almost anything; its
 * word pairs and synonym groups are most of its postings and changed no ranking measurably on the
 * evaluation set (docs/ENGINE.md): the answer indexes words and readings only. The question's
 * synonyms still meet the answer's words through query expansion.
 */
const FIELD_TERMS: Record<Field, TermOptions> = {
  question: { partial: true, phrases: true, synonyms: true },
  keywords: { partial: true, phrases: true, synonyms: true },
  category: { partial: true, phrases: true, synonyms: true },
  answer: { partial: false, phrases: false, synonyms: false },
};

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
  readonly #postings: Postings;
  readonly #averageLengths: number[];
  /**
   * Each posting row's BM25F score before idf and query weight: options are fixed per index, so
   * this is computed once at build and a search only multiplies and adds.
   */
  readonly #rowScores: Float32Array;
  readonly #deps: ResolvedDependencies;
  readonly #options: EngineOptions;
  readonly #readings: ReadingDictionary;
  /** A registered question or alternate, by its content words ({@link wordsKey}) → the one QA it belongs to. */
  readonly #registeredQuestions: Map<string, number>;

  private constructor(
    ids: string[],
    postings: Postings,
    lengths: Float32Array,
    readings: ReadingDictionary,
    registeredQuestions: Map<string, number>,
    deps: ResolvedDependencies,
    options: EngineOptions,
  ) {
    this.#ids = ids;
    this.#registeredQuestions = registeredQuestions;
    this.#readings = readings;
    this.#postings = postings;
    this.#deps = deps;
    this.#options = options;
    this.#averageLengths = FIELDS.map((_, f) => {
      let sum = 0;
      for (let d = 0; d < ids.length; d++) sum += lengths[d * FIELD_COUNT + f]!;
      return ids.length > 0 ? sum / ids.length : 0;
    });
    this.#rowScores = rowScores(postings, lengths, this.#averageLengths, options);
  }

  static build(documents: Iterable<SearchDocument>, deps: IndexDependencies): SearchIndex {
    const ids: string[] = [];
    /** Per document, per field, the content words of each text (question and alternates are separate texts). */
    const analysed: ContentWord[][][][] = [];
    const textsOf: string[][][] = [];
    for (const doc of documents) {
      ids.push(doc.id);
      const texts = fieldTexts(doc);
      textsOf.push(FIELDS.map((field) => texts[field]));
      analysed.push(FIELDS.map((field) => texts[field].map((text) => deps.analyzer.contentWords(text))));
    }
    const readings = ReadingDictionary.fromTexts(allTexts(analysed));
    // Hiragana typed in the QAs' questions, alternates and keywords (しないてんきょ) is read as citizens' questions
    // are, or the tokenizer's misreading of it (てんき + ょ) would match what nobody asked. Answers are written
    // text, read as they are.
    const answer = FIELDS.indexOf('answer');
    textsOf.forEach((fields, d) =>
      fields.forEach((texts, f) =>
        texts.forEach((text, t) => {
          if (f === answer || !HIRAGANA_RUN.test(text)) return;
          const normalized = normalizeText(text);
          const converted = readings.convertKana(normalized);
          if (converted !== normalized) analysed[d]![f]![t] = deps.analyzer.contentWords(converted);
        }),
      ),
    );
    const vocabulary = deps.lexicon instanceof Lexicon ? undefined : new Vocabulary(deps.lexicon.generalWords);
    // Only fields that index synonym groups decide which general groups are worth compiling.
    if (vocabulary) for (const fields of analysed) FIELDS.forEach((field, f) => FIELD_TERMS[field].synonyms && fields[f]!.forEach((words) => vocabulary.add(words)));
    const lexicon = deps.lexicon instanceof Lexicon ? deps.lexicon : deps.lexicon.build(vocabulary!);
    const lengths = new Float32Array(analysed.length * FIELD_COUNT);
    const builder = new PostingsBuilder();
    analysed.forEach((fields, d) => {
      FIELDS.forEach((field, f) => {
        let length = 0;
        // Text by text, so no phrase or bigram spans two alternates or two keywords.
        for (const words of fields[f]!) {
          for (const word of words) if (!word.filler) length++;
          documentTerms(words, lexicon, FIELD_TERMS[field], (term) => builder.add(term, d, f));
        }
        lengths[d * FIELD_COUNT + f] = length;
      });
    });
    const resolved = { analyzer: deps.analyzer, lexicon };
    return new SearchIndex(ids, builder.build(), lengths, readings, registeredQuestions(analysed), resolved, resolveOptions(deps.options));
  }

  /** Number of QAs indexed. */
  get size(): number {
    return this.#ids.length;
  }

  /** Number of distinct terms indexed. */
  get termCount(): number {
    return this.#postings.termCount;
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
    const words = scoredQueryWords(this.#deps.analyzer.contentWords(converted));
    const terms = queryTerms(words, this.#deps.lexicon, this.#options.termWeights);
    const scores = new Float64Array(this.#ids.length);
    for (const term of terms) this.#accumulate(term, scores);

    const ranked = this.#topDocuments(scores, top, options.filter);
    const importance = this.#wordImportance(words);
    const variantReadings = words.map((w) => isKanaOnly(w.surface) || this.#readings.isVariantSpelling(w.reading, w.surface));
    const results = ranked.map((d) => this.#result(d, scores[d]!, words, terms, importance, variantReadings));
    // A citizen who typed a registered question (or alternate) word for word is answered with its QA.
    const typedRegistered = ranked.length > 0 && this.#registeredQuestions.get(wordsKey(words)) === ranked[0];
    const decision = typedRegistered ? 'answer' : decide(results, this.#options.decision, idf(1, Math.max(1, this.#ids.length)));
    return {
      decision,
      results,
      queryWords: words.filter((w) => !w.filler).map((w) => w.surface),
      ...(converted !== normalized ? { convertedQuestion: converted } : {}),
    };
  }

  #accumulate(term: QueryTerm, scores: Float64Array): void {
    const id = this.#postings.termIds.get(term.term);
    if (id === undefined) return;
    const { offsets, documents } = this.#postings;
    const weight = term.weight * idf(offsets[id + 1]! - offsets[id]!, this.#ids.length);
    const rowScores = this.#rowScores;
    for (let row = offsets[id]!; row < offsets[id + 1]!; row++) scores[documents[row]!]! += weight * rowScores[row]!;
  }

  #topDocuments(scores: Float64Array, top: number, filter?: (id: string) => boolean): number[] {
    if (top === 0) return [];
    const allowed = (d: number): boolean => !filter || filter(this.#ids[d]!);
    // Ties keep index order, so results are stable for the same data.
    const before = (a: number, b: number): boolean => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    // The best `top` kept in order while scanning: no sort of every QA that matched something.
    const ranked: number[] = [];
    for (let d = 0; d < scores.length; d++) {
      if (scores[d]! <= 0 || (ranked.length === top && !before(d, ranked[top - 1]!)) || !allowed(d)) continue;
      let at = ranked.length === top ? top - 1 : ranked.length;
      while (at > 0 && before(d, ranked[at - 1]!)) {
        ranked[at] = ranked[at - 1]!;
        at--;
      }
      ranked[at] = d;
    }
    // As many results as asked for, even when few QAs matched at all: the rest in index order.
    for (let d = 0; d < scores.length && ranked.length < top; d++) if (scores[d] === 0 && allowed(d)) ranked.push(d);
    return ranked;
  }

  /** How much each content word of the question matters: the idf of its word or reading, whichever is rarer. */
  #wordImportance(words: readonly ContentWord[]): number[] {
    return words.map((word) => {
      if (word.filler) return 0;
      const df = Math.min(
        this.#postings.documentFrequency(`w:${word.lemma}`),
        word.reading ? this.#postings.documentFrequency(`r:${word.reading}`) : Infinity,
      );
      return idf(df, Math.max(1, this.#ids.length));
    });
  }

  #result(
    d: number,
    score: number,
    words: readonly ContentWord[],
    terms: readonly QueryTerm[],
    importance: number[],
    variantReadings: readonly boolean[],
  ): SearchResult {
    const covered = new Array<number>(words.length).fill(0);
    const strong = new Array<number>(words.length).fill(0);
    const partialHits = new Array<number>(words.length).fill(0);
    const partialTotals = new Array<number>(words.length).fill(0);
    const matches: MatchExplanation[] = [];
    for (const term of terms) {
      const kind = termKind(term.term);
      const id = this.#postings.termIds.get(term.term);
      const row = id === undefined ? -1 : this.#postings.rowOf(id, d);
      if (kind === 'partial') for (const i of term.words) partialTotals[i]! += 1;
      if (id === undefined || row < 0) continue;
      if (kind === 'partial') for (const i of term.words) partialHits[i]! += 1;
      const fields = FIELDS.filter((_, f) => this.#postings.tf[row * FIELD_COUNT + f]! > 0);
      const isStrong = kind !== 'partial' && kind !== 'phrase' && (kind !== 'reading' || term.words.every((i) => variantReadings[i]));
      if (kind !== 'partial' && kind !== 'phrase') {
        for (const i of term.words) {
          covered[i] = 1;
          if (isStrong) strong[i] = 1;
        }
      }
      const df = this.#postings.offsets[id + 1]! - this.#postings.offsets[id]!;
      const contribution = term.weight * idf(df, this.#ids.length) * this.#rowScores[row]!;
      matches.push({
        kind,
        text: this.#termText(term.term, kind),
        queryWords: term.words.map((i) => words[i]!.surface),
        ...(term.expandedFrom ? { expandedFrom: term.expandedFrom } : {}),
        fields,
        score: round(contribution),
        strong: isStrong,
      });
    }
    let matched = 0;
    let matchedStrongly = 0;
    let total = 0;
    words.forEach((_, i) => {
      const partialShare = partialTotals[i]! > 0 ? partialHits[i]! / partialTotals[i]! : 0;
      // A word found only through kana bigrams (a typo, a compound split differently) counts for part.
      const share = Math.max(covered[i]!, partialShare >= 0.5 ? 0.7 * partialShare : 0);
      matched += importance[i]! * share;
      matchedStrongly += importance[i]! * strong[i]!;
      total += importance[i]!;
    });
    matches.sort((a, b) => b.score - a.score);
    const share = (part: number): number => (total > 0 ? round(part / total) : 0);
    return { id: this.#ids[d]!, score: round(score), coverage: share(matched), strongCoverage: share(matchedStrongly), matches };
  }

  #termText(term: string, kind: TermKind): string {
    const value = term.slice(2);
    if (kind === 'synonym') return this.#deps.lexicon.groupWords(Number(value)).slice(0, 6).join('・');
    if (kind === 'phrase') return value.replace('|', ' + ');
    return value;
  }
}

/**
 * Most content words a question is scored on. Citizens' longest questions have about twenty; the bound
 * keeps the cost of any accepted input (a pasted page, one kanji typed 500 times) near a normal question's.
 */
const MAX_QUERY_WORDS = 40;

/** The question's first {@link MAX_QUERY_WORDS} content words, with the filler words among them. */
function scoredQueryWords(words: readonly ContentWord[]): readonly ContentWord[] {
  let scored = 0;
  const end = words.findIndex((word) => !word.filler && ++scored > MAX_QUERY_WORDS);
  return end < 0 ? words : words.slice(0, end);
}

/** The content words that say what a text asks, as one key (politeness and filler left out). */
function wordsKey(words: readonly ContentWord[]): string {
  return words
    .filter((w) => !w.filler)
    .map((w) => w.lemma)
    .join('|');
}

/** Each question and alternate's key → its QA, leaving out keys two QAs share. */
function registeredQuestions(analysed: readonly ContentWord[][][][]): Map<string, number> {
  const byKey = new Map<string, number>();
  const question = FIELDS.indexOf('question');
  analysed.forEach((fields, d) => {
    for (const words of fields[question]!) {
      const key = wordsKey(words);
      if (key === '') continue;
      const known = byKey.get(key);
      byKey.set(key, known === undefined || known === d ? d : -1);
    }
  });
  return byKey;
}

function* allTexts(analysed: readonly ContentWord[][][][]): Generator<ContentWord[]> {
  for (const fields of analysed) for (const texts of fields) yield* texts;
}

/** Each posting row's saturated BM25F term frequency (see {@link fieldTermFrequency}), in one tight loop. */
function rowScores(postings: Postings, lengths: Float32Array, averageLengths: readonly number[], options: EngineOptions): Float32Array {
  const params = FIELDS.map((field) => options.fields[field]);
  const { documents, tf } = postings;
  const scores = new Float32Array(documents.length);
  for (let row = 0; row < documents.length; row++) {
    const d = documents[row]!;
    let combined = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const frequency = tf[row * FIELD_COUNT + f]!;
      if (frequency !== 0) combined += fieldTermFrequency(frequency, lengths[d * FIELD_COUNT + f]!, averageLengths[f]!, params[f]!);
    }
    scores[row] = saturate(combined, options.bm25);
  }
  return scores;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
