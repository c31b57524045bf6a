/**
 * Synonym groups and one-way expansions, compiled into lookup tables keyed the way
 * {@link contentWords} keys text, so that a thesaurus written in plain words matches
 * every spelling and conjugation of them.
 */
import type { Analyzer, ContentWord } from './content-words.ts';
import { isKanaOnly, toKatakana } from './normalize.ts';

/** A group of interchangeable words (転居, 引っ越し, 転宅). */
export interface SynonymGroup {
  words: string[];
  /**
   * Words that are found through the group but never expand to it themselves
   * (sudachi's expandControl 1: usually abbreviations and misspellings).
   */
  passiveWords?: string[];
}

/** Everyday expressions that imply administrative terms: 引っ越してきた → 転入, 転入届. */
export interface OneWayExpansion {
  from: string[];
  to: string[];
  /**
   * How much the implied terms count relative to a typed word; default the engine's `termWeights.expansion`.
   * A city's own entries count fully: staff wrote them for their QAs.
   */
  weight?: number;
}

/** The analysed terms an expansion adds, with its own weight if it has one. */
export interface Expansion {
  words: ContentWord[];
  weight?: number;
}

/** Compiles a lexicon once the documents' vocabulary is known (see {@link Lexicon.builder}). */
export interface LexiconBuilder {
  /** The general groups' words: the only words a {@link Vocabulary} needs to look out for. */
  readonly generalWords: ReadonlySet<string>;
  build(vocabulary: Vocabulary): Lexicon;
}

export interface LexiconSource {
  groups: SynonymGroup[];
  expansions: OneWayExpansion[];
  /**
   * Large general-purpose groups (sudachi's 26,000) of which only those with a word in the
   * indexed QAs can ever change a ranking: kept only when one of their words is in the
   * vocabulary given to {@link Lexicon.build}. Their words must already be normalised
   * (normalizeText), since thousands are checked at every build.
   */
  generalGroups?: SynonymGroup[];
}

/** What a span of a text matched in the lexicon. */
export interface LexiconMatch {
  start: number;
  end: number;
  groupIds: number[];
  /** Words to search in addition (one-way expansions), already analysed. */
  expansions: Expansion[];
}

/** Longest span, in content words, that a lexicon entry may have. */
const MAX_SPAN = 4;

interface SpanEntry {
  groups: number[];
  passiveGroups: number[];
  expansions: Expansion[];
}

/**
 * Lookup tables for synonyms and expansions. Build once, share between indexing and queries.
 *
 * @example
 * const lexicon = Lexicon.build(tokenizerAnalyzer(tokenizer), {
 *   groups: [{ words: ['予防接種', '予防注射', 'ワクチン'] }],
 *   expansions: [{ from: ['引っ越してきた'], to: ['転入'] }],
 * });
 */
export class Lexicon {
  readonly #byLemmas = new Map<string, SpanEntry>();
  readonly #byReading = new Map<string, SpanEntry>();
  /** Every proper prefix of a multi-word lemma key, so that spans stop growing as soon as nothing can match. */
  readonly #lemmaPrefixes = new Set<string>();
  /** Longest reading key: reading spans stop growing past it. */
  #maxReadingLength = 0;
  readonly #groupWords: string[][] = [];

  private constructor() {}

  static build(analyzer: Analyzer, source: LexiconSource, vocabulary?: Vocabulary): Lexicon {
    const lexicon = new Lexicon();
    source.groups.forEach((group) => lexicon.#addGroup(analyzer, group));
    for (const group of source.generalGroups ?? []) {
      const mayOccur = (words: readonly string[] | undefined): boolean => !!words?.some((w) => vocabulary!.has(w));
      if (!vocabulary || mayOccur(group.words) || mayOccur(group.passiveWords)) lexicon.#addGroup(analyzer, group);
    }
    for (const expansion of source.expansions) {
      const targets = expansion.to
        .map((text) => analyzer.contentWords(text))
        .filter((w) => w.length > 0)
        .map((words): Expansion => (expansion.weight === undefined ? { words } : { words, weight: expansion.weight }));
      if (targets.length === 0) continue;
      for (const text of expansion.from) lexicon.#entryFor(analyzer, text)?.forEach((e) => e.expansions.push(...targets));
    }
    return lexicon;
  }

  /**
   * A builder that compiles the source for the vocabulary of the documents being indexed.
   *
   * @example
   * SearchIndex.build(documents, { analyzer, lexicon: Lexicon.builder(analyzer, source) });
   */
  static builder(analyzer: Analyzer, source: LexiconSource): LexiconBuilder {
    const generalWords = new Set((source.generalGroups ?? []).flatMap((g) => [...g.words, ...(g.passiveWords ?? [])]));
    return { generalWords, build: (vocabulary) => Lexicon.build(analyzer, source, vocabulary) };
  }

  /** An empty lexicon: matching on words and readings only. */
  static empty(): Lexicon {
    return new Lexicon();
  }

  get groupCount(): number {
    return this.#groupWords.length;
  }

  /** The words of a group, for explanations. */
  groupWords(groupId: number): readonly string[] {
    return this.#groupWords[groupId] ?? [];
  }

  /**
   * Every lexicon entry found in a sequence of content words.
   * `forQuery` leaves out passive words, which are found but never expand.
   */
  match(words: readonly ContentWord[], forQuery: boolean): LexiconMatch[] {
    const matches: LexiconMatch[] = [];
    for (let start = 0; start < words.length; start++) {
      let lemmaKey = '';
      let readingKey = '';
      let kanaOnly = true;
      let saysSomething = false;
      for (let end = start + 1; end <= Math.min(words.length, start + MAX_SPAN); end++) {
        const word = words[end - 1]!;
        saysSomething ||= !word.filler;
        lemmaKey = end === start + 1 ? word.lemma : `${lemmaKey}|${word.lemma}`;
        const byLemma = this.#byLemmas.get(lemmaKey);
        // Readings join kana to kanji (はんこ → 判子) but would also join homophones written
        // in kanji (公園/講演), so only text written in kana is looked up by reading.
        kanaOnly &&= word.reading !== '' && isKanaOnly(word.surface);
        let byReading: SpanEntry | undefined;
        if (kanaOnly) {
          readingKey += word.reading;
          kanaOnly = readingKey.length <= this.#maxReadingLength;
          if (kanaOnly) byReading = this.#byReading.get(readingKey);
        }
        // Filler is never scored alone, so neither are its synonyms (手続き・手続, 方法・やり方).
        if ((byLemma || byReading) && saysSomething) {
          const match = matchOf(start, end, forQuery, byLemma, byReading);
          if (match) matches.push(match);
        }
        if (!kanaOnly && !this.#lemmaPrefixes.has(lemmaKey)) break;
      }
    }
    return matches;
  }

  #addGroup(analyzer: Analyzer, group: SynonymGroup): void {
    const id = this.#groupWords.length;
    this.#groupWords.push([...group.words, ...(group.passiveWords ?? [])]);
    for (const word of group.words) this.#entryFor(analyzer, word)?.forEach((e) => pushUnique(e.groups, id));
    for (const word of group.passiveWords ?? []) this.#entryFor(analyzer, word)?.forEach((e) => pushUnique(e.passiveGroups, id));
  }

  /** The table entries (by lemmas and by reading) that a written word or phrase keys to. */
  #entryFor(analyzer: Analyzer, text: string): SpanEntry[] | undefined {
    const words = analyzer.contentWords(text);
    if (words.length === 0 || words.length > MAX_SPAN) return undefined;
    const lemmas = words.map((w) => w.lemma);
    for (let i = 1; i < lemmas.length; i++) this.#lemmaPrefixes.add(lemmas.slice(0, i).join('|'));
    const entries = [entryIn(this.#byLemmas, lemmas.join('|'))];
    const readingKey = words.map((w) => w.reading).join('');
    if (words.every((w) => w.reading)) {
      entries.push(entryIn(this.#byReading, readingKey));
      this.#maxReadingLength = Math.max(this.#maxReadingLength, readingKey.length);
    }
    return entries;
  }
}

function matchOf(start: number, end: number, forQuery: boolean, ...entries: (SpanEntry | undefined)[]): LexiconMatch | undefined {
  const groupIds = new Set<number>();
  const expansions: Expansion[] = [];
  for (const entry of entries) {
    if (!entry) continue;
    for (const id of entry.groups) groupIds.add(id);
    // Passive words are found through their group but never expand to it themselves.
    if (!forQuery) for (const id of entry.passiveGroups) groupIds.add(id);
    if (forQuery) expansions.push(...entry.expansions);
  }
  return groupIds.size > 0 || expansions.length > 0 ? { start, end, groupIds: [...groupIds], expansions } : undefined;
}

function entryIn(table: Map<string, SpanEntry>, key: string): SpanEntry {
  let entry = table.get(key);
  if (!entry) {
    entry = { groups: [], passiveGroups: [], expansions: [] };
    table.set(key, entry);
  }
  return entry;
}

function pushUnique(list: number[], value: number): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * Which of a given set of dictionary words occur in a set of documents, as written, as lemmas,
 * as readings or as short compounds: found by lookups while the documents are read, without the
 * tokenizer.
 */
export class Vocabulary {
  /** Form that may occur in a document → the watched word it stands for (ゴミ → ごみ). */
  readonly #watched = new Map<string, string>();
  readonly #found = new Set<string>();

  /** @param watched normalised words (normalizeText) to look out for. */
  constructor(watched: Iterable<string>) {
    for (const word of watched) {
      this.#watched.set(word, word);
      // Kana words are found in any kana spelling: documents give their katakana readings.
      if (isKanaOnly(word)) this.#watched.set(toKatakana(word), word);
    }
  }

  /** Adds the content words of one text. */
  add(words: readonly ContentWord[]): void {
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      this.#check(word.surface);
      this.#check(word.lemma);
      this.#check(word.reading);
      // Multi-word dictionary entries are compounds (マイナンバー + カード): adjacent words of one run.
      let compound = word.surface;
      for (let j = i + 1; j < Math.min(words.length, i + MAX_SPAN) && words[j]!.run === word.run; j++) {
        compound += words[j]!.surface;
        this.#check(compound);
      }
    }
  }

  /** True when the watched word occurs in the documents. */
  has(word: string): boolean {
    return this.#found.has(word);
  }

  #check(form: string): void {
    const word = this.#watched.get(form);
    if (word !== undefined) this.#found.add(word);
  }
}
