/**
 * A site's search with the semantic plug-in: the engine's ranking fused with the QAs' similarity to the
 * question (engine/fusion.ts holds the rules, and the safety rules), as the city's setting allows. Whatever
 * fails, the engine's own response comes back: the chat never waits on, or breaks with, the model.
 */
import { fuse, resolveFusionOptions, type FusedResponse, type FusionOptions, type SemanticMatch } from '@madoguchi/engine';
import type { SearchHit, SearchService, SiteSearchResponse } from '../../search/search-service.ts';
import type { Store } from '../../store/store.ts';
import { fillPlaceholders } from '../../qa/placeholders.ts';
import type { EmbeddingModel } from '../models/models.ts';
import { SemanticIndex, type SemanticIndexOptions } from './semantic-index.ts';

/** The settings key: `{ enabled, fusion }` (see {@link SemanticSearchSettings}). */
export const SEMANTIC_SEARCH_SETTING = 'semanticSearch';

/** Results each side contributes to the fusion, whatever the caller shows. */
export const FUSION_DEPTH = 10;

/**
 * @example `{ enabled: true, fusion: { candidatesSimilarity: 0.55 } }`
 */
export interface SemanticSearchSettings {
  /** On by default once an embeddings endpoint is configured. */
  enabled: boolean;
  /** The city's values for the fusion's tunables (the engine's defaults otherwise). */
  fusion: Partial<FusionOptions>;
}

const FUSION_KEYS = ['semanticWeight', 'minSimilarity', 'candidatesSimilarity'] as const satisfies readonly (keyof FusionOptions)[];

/**
 * The stored setting as the search uses it: missing or unreadable parts take their defaults.
 *
 * @example readSemanticSettings(undefined) // { enabled: true, fusion: {} }
 */
export function readSemanticSettings(stored: unknown): SemanticSearchSettings {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const fusionValue = typeof value.fusion === 'object' && value.fusion !== null ? (value.fusion as Record<string, unknown>) : {};
  const fusion: Partial<FusionOptions> = {};
  for (const key of FUSION_KEYS) {
    const n = fusionValue[key];
    if (typeof n === 'number' && Number.isFinite(n)) fusion[key] = n;
  }
  return { enabled: value.enabled !== false, fusion };
}

/** A hit with the QA's similarity to the question (null: not among the similar ones). */
export type SemanticHit = SearchHit & { similarity: number | null };

export interface SemanticSearchResponse extends SiteSearchResponse {
  results: SemanticHit[];
  /** used: fused; off: the city turned it off; unavailable: no vectors yet, or the model failed (the engine alone). */
  semantic: 'used' | 'off' | 'unavailable';
  /** Why the decision differs from the engine's (see the engine's `fuse`). */
  change: FusedResponse<SearchHit>['change'];
  /**
   * The engine's own response, unfused: what AI answers go by. Fusion may widen a 'none' to QAs that are only
   * similar, which a citizen may open but a model must not summarise.
   */
  engine: SiteSearchResponse;
}

/** What the chat needs of the plug-in. */
export interface SemanticRanker {
  /** Never rejects because of the model: falls back to the engine's response. */
  search(question: string, options: { top: number }): Promise<SiteSearchResponse & Pick<SemanticSearchResponse, 'engine'>>;
}

/**
 * The engine's response fused with similarities, as hits of the site's search.
 *
 * @example fuseHits(search, search.search(question, { top: 10 }), similar, resolveFusionOptions(), 6)
 */
export function fuseHits(search: SearchService, engine: SiteSearchResponse, similar: readonly SemanticMatch[], fusion: FusionOptions, top: number): SemanticSearchResponse {
  // Only QAs the index holds now: a vector may outlive its QA until the next refresh has finished.
  const current = similar.filter((match) => search.qa(match.id) !== undefined);
  const fused = fuse(engine, current, fusion);
  return {
    ...engine,
    decision: fused.decision,
    change: fused.change,
    semantic: 'used',
    engine,
    results: fused.results.slice(0, top).map((result) => ({ ...(result.engine ?? similarOnlyHit(search, result.id)), similarity: result.similarity })),
  };
}

/** A QA only the similarity found: no score or evidence from the engine. */
function similarOnlyHit(search: SearchService, id: string): SearchHit {
  return { id, question: fillPlaceholders(search.qa(id)?.question ?? '', search.facts), score: 0, coverage: 0, strongCoverage: 0, matches: [] };
}

/**
 * @example
 * const semantic = await SemanticSearch.open(store, 'default', new SemanticIndex(store, search, models.embeddings));
 * const response = await semantic.search('引っ越してきました', { top: 6 });
 */
export class SemanticSearch implements SemanticRanker {
  #settings: SemanticSearchSettings;
  readonly #stopListening: () => void;

  private constructor(
    private readonly store: Store,
    private readonly siteId: string,
    readonly index: SemanticIndex,
    settings: SemanticSearchSettings,
  ) {
    this.#settings = settings;
    // Settings changed on another instance arrive as a rebuild (PostgreSQL change announcements).
    this.#stopListening = index.search.onRebuilt(() => void this.reloadSettings());
  }

  /** Reads the city's setting first, so a city that turned the plug-in off never gets it after a restart. */
  static async open(store: Store, siteId: string, index: SemanticIndex): Promise<SemanticSearch> {
    return new SemanticSearch(store, siteId, index, readSemanticSettings(await store.getSetting(siteId, SEMANTIC_SEARCH_SETTING)));
  }

  get settings(): SemanticSearchSettings {
    return this.#settings;
  }

  get fusionOptions(): FusionOptions {
    return resolveFusionOptions(this.#settings.fusion);
  }

  /** Reads the setting again (after a save); while the store does not answer, the last one stays. */
  async reloadSettings(): Promise<void> {
    try {
      this.#settings = readSemanticSettings(await this.store.getSetting(this.siteId, SEMANTIC_SEARCH_SETTING));
    } catch {
      // The chat answers from memory while the database is away; the setting is read again on the next rebuild.
    }
  }

  /** The engine's response, fused with similarities when the setting allows and the model answers in time. */
  async search(question: string, options: { top: number }): Promise<SemanticSearchResponse> {
    const search = this.index.search;
    const engine = search.search(question, { top: Math.max(options.top, FUSION_DEPTH) });
    const alone = (semantic: 'off' | 'unavailable'): SemanticSearchResponse => ({
      ...engine,
      results: engine.results.slice(0, options.top).map((hit) => ({ ...hit, similarity: null })),
      semantic,
      change: null,
      engine,
    });
    if (!this.#settings.enabled) return alone('off');
    const similar = await this.index.rank(question, { top: FUSION_DEPTH });
    if (similar === null) return alone('unavailable');
    return fuseHits(search, engine, similar, this.fusionOptions, options.top);
  }

  async close(): Promise<void> {
    this.#stopListening();
    await this.index.close();
  }
}

/** The plug-in for both of a site's indexes: citizens' (published) and the console's (working). */
export interface SemanticSearches {
  published: SemanticSearch;
  working: SemanticSearch;
  close(): Promise<void>;
}

/**
 * Opens the plug-in for both indexes and starts embedding in the background (the server answers with the
 * engine alone meanwhile).
 *
 * @example const semantic = await openSemanticSearches(store, 'default', { published, working }, models.embeddings, { onError });
 */
export async function openSemanticSearches(
  store: Store,
  siteId: string,
  indexes: { published: SearchService; working: SearchService },
  model: EmbeddingModel,
  options: SemanticIndexOptions = {},
): Promise<SemanticSearches> {
  const open = (search: SearchService): Promise<SemanticSearch> => SemanticSearch.open(store, siteId, new SemanticIndex(store, search, model, options));
  const [published, working] = await Promise.all([open(indexes.published), open(indexes.working)]);
  // Published first: the working set holds mostly the same texts, which are then found in the store's cache.
  void published.index.refresh().then(() => working.index.refresh());
  return {
    published,
    working,
    close: async () => {
      await Promise.all([published.close(), working.close()]);
    },
  };
}
