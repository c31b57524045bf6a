/**
 * The published QAs of one site, indexed and searchable; rebuilt when QAs, facts or
 * synonyms change.
 */
import { SearchIndex, fieldTexts, type EngineOptionOverrides, type SearchResponse } from '@madoguchi/engine';
import { loadLexicon, parseThesaurus, loadTokenizer } from '@madoguchi/lexicon';
import type { Qa } from '../qa/model.ts';
import { CITY_FACTS_SETTING, fillPlaceholders, type CityFacts } from '../qa/placeholders.ts';
import type { Store } from '../store/store.ts';
import { CachingAnalyzer } from './analysis-cache.ts';
import { isVisibleOn, toSearchDocument } from './documents.ts';

/**
 * The settings key of a site's engine tuning (`EngineOptionOverrides`, e.g.
 * `{ "decision": { "answerCoverage": 0.7 } }`): thresholds are calibrated on the evaluation set,
 * and a city can move them after running its own 一括テスト.
 */
export const ENGINE_OPTIONS_SETTING = 'engineOptions';

export interface SearchHit {
  id: string;
  /** The QA's question with the city's facts filled in. */
  question: string;
  score: number;
  coverage: number;
  /** The share covered by evidence that may answer on its own (the engine's `strongCoverage`). */
  strongCoverage: number;
  matches: SearchResponse['results'][number]['matches'];
}

export interface SiteSearchResponse {
  decision: SearchResponse['decision'];
  results: SearchHit[];
  queryWords: string[];
  /** Set when hiragana words were read as the QAs' words (see the engine's kana conversion). */
  convertedQuestion?: string;
}

export interface SearchServiceOptions {
  /**
   * Which QAs to index: `published`, the last publication (what citizens see); `working`, the working set's
   * QAs marked 公開, as the next publication would show them (the console's test chat).
   */
  scope?: 'published' | 'working';
  engine?: EngineOptionOverrides;
  /** Leave sudachi's synonyms out (tests that do not need them start faster). */
  withoutSudachi?: boolean;
}

/**
 * @example
 * const search = await SearchService.open(store, 'default');
 * search.search('粗大ごみの出し方', { top: 5 });
 */
export class SearchService {
  #index: SearchIndex;
  #built: BuiltIndex;
  readonly #rebuiltListeners = new Set<() => void>();

  private constructor(
    private readonly store: Store,
    private readonly siteId: string,
    private readonly analyzer: CachingAnalyzer,
    private readonly options: SearchServiceOptions,
    built: BuiltIndex,
  ) {
    this.#index = built.index;
    this.#built = built;
  }

  static async open(store: Store, siteId: string, options: SearchServiceOptions = {}): Promise<SearchService> {
    const analyzer = new CachingAnalyzer(await loadTokenizer());
    const built = await buildIndex(store, siteId, analyzer, options);
    return new SearchService(store, siteId, analyzer, options, built);
  }

  /** Number of QAs in the index. */
  get size(): number {
    return this.#index.size;
  }

  /** Re-reads QAs, facts and staff synonyms from the store and swaps in a new index. */
  async rebuild(): Promise<void> {
    const built = await buildIndex(this.store, this.siteId, this.analyzer, this.options);
    this.#index = built.index;
    this.#built = built;
    for (const listener of this.#rebuiltListeners) listener();
  }

  /**
   * Calls `listener` after each rebuild, once the new index serves (what follows the QAs, such as their
   * embeddings, refreshes then). Returns a function that stops the calls.
   */
  onRebuilt(listener: () => void): () => void {
    this.#rebuiltListeners.add(listener);
    return () => this.#rebuiltListeners.delete(listener);
  }

  /** The indexed QA with this id (as stored: placeholders not filled), or undefined. */
  qa(id: string): Qa | undefined {
    return this.#built.qas.get(id);
  }

  /** Every indexed QA, in the store's natural id order. */
  qas(): Iterable<Qa> {
    return this.#built.qas.values();
  }

  /** The city facts the index was built with, for filling placeholders in what is shown. */
  get facts(): CityFacts {
    return this.#built.facts;
  }

  search(question: string, options: { top?: number } = {}): SiteSearchResponse {
    const response = this.#index.search(question, options);
    return {
      ...response,
      results: response.results.map((r) => ({ ...r, question: fillPlaceholders(this.#built.qas.get(r.id)?.question ?? '', this.#built.facts) })),
    };
  }
}

interface BuiltIndex {
  index: SearchIndex;
  /** 管理番号 → the indexed QA. */
  qas: Map<string, Qa>;
  facts: CityFacts;
}

async function buildIndex(store: Store, siteId: string, analyzer: CachingAnalyzer, options: SearchServiceOptions): Promise<BuiltIndex> {
  const [qas, facts, synonymLines, tuning] = await Promise.all([
    options.scope === 'working' ? store.listQas(siteId, { status: 'published' }) : store.listPublishedQas(siteId),
    store.getSetting<CityFacts>(siteId, CITY_FACTS_SETTING),
    store.listSynonymEntries(siteId),
    store.getSetting<EngineOptionOverrides>(siteId, ENGINE_OPTIONS_SETTING),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const visible = qas.filter((qa) => isVisibleOn(qa, today));
  const lexicon = await loadLexicon(analyzer, {
    extra: parseThesaurus(synonymLines.join('\n')),
    withoutSudachi: options.withoutSudachi ?? false,
  });
  const cityFacts = facts ?? {};
  const documents = visible.map((qa) => toSearchDocument(qa, cityFacts));
  const texts = new Set(documents.flatMap((doc) => Object.values(fieldTexts(doc)).flat()));
  await analyzer.load(store, texts);
  // A site's tuning (e.g. its decision thresholds) first, then what the caller asked for.
  const engine = { ...tuning, ...options.engine };
  const index = SearchIndex.build(documents, { analyzer, lexicon, options: engine });
  await analyzer.save(store, texts);
  return { index, qas: new Map(visible.map((qa: Qa) => [qa.id, qa])), facts: cityFacts };
}
