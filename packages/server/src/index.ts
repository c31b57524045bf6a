/**
 * @madoguchi/server: storage, QA files, the search service and the HTTP application.
 */
export type { Qa, QaContent, QaStatus, TranslationLanguage } from './qa/model.ts';
export { DEFAULT_SITE_ID } from './qa/model.ts';
export type { Store } from './store/store.ts';
export { openSqliteStore } from './store/sqlite/index.ts';
export { parseQaFile, writeQaFile, formatFromFileName, QaImportError } from './qa/io/index.ts';
export { SearchService, ENGINE_OPTIONS_SETTING, type SiteSearchResponse, type SearchHit } from './search/search-service.ts';
export { CITY_FACTS_SETTING, fillPlaceholders, type CityFacts } from './qa/placeholders.ts';
export { seedIfEmpty } from './starter/seed.ts';
export { buildApp } from './http/app.ts';
