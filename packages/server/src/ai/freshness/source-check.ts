/**
 * Checks the pages the working set's QAs cite (their 参照URL, placeholders filled): a conditional GET with the
 * stored validators, the main text hashed (check-state.ts decides what changed), the results stored a few at
 * a time so a long run keeps its progress. Two pages at a time, so a city's server is not hammered; the pages
 * checked longest ago first, so a run cut short by `maxUrls` is continued by the next.
 */
import { CITY_FACTS_SETTING, type CityFacts } from '../../qa/placeholders.ts';
import type { SourceCheck } from '../../store/authoring-records.ts';
import type { OutboundGuard } from '../../security/outbound-guard.ts';
import type { Store } from '../../store/store.ts';
import { fetchPage, PageFetchError, type FetchedPage, type FetchPageOptions } from '../sources/fetch-page.ts';
import { pageText } from '../sources/page-text.ts';
import { bytesHash, conditionalHeaders, nextCheck, statusKind, textHash, type CheckOutcome } from './check-state.ts';
import { distinctSourceUrls } from './source-urls.ts';

export interface SourceCheckLimits {
  /** Pages checked per run (default 500); the rest wait for the next run. */
  maxUrls?: number;
  /** Pages fetched at once (default 2). */
  concurrency?: number;
  /** Per page (default 15 s). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_URLS = 500;
const DEFAULT_CONCURRENCY = 2;
const DEFAULT_TIMEOUT_MS = 15_000;
/** Results are stored this many at a time. */
const SAVE_EVERY = 20;

/**
 * What one run did.
 *
 * @example `{ sources: 120, checked: 120, changed: 3, missing: 1, errors: 0 }`
 */
export interface SourceCheckSummary {
  /** Distinct pages the working set cites. */
  sources: number;
  checked: number;
  /** Pages whose main text changed in this run. */
  changed: number;
  /** Pages found missing (404, 410), newly or still. */
  missing: number;
  /** Pages that could not be checked this time. */
  errors: number;
}

export interface CheckSourcesOptions extends SourceCheckLimits {
  /** The deployment's outbound guard: every page is read through it. */
  guard: OutboundGuard;
  now?: () => Date;
  /** After each page, with the pages done and the pages this run checks. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the run: fetches under way end at once and count for nothing; results so far are kept. */
  signal?: AbortSignal;
}

/**
 * Checks the site's source pages once.
 *
 * @example const summary = await checkSources(store, 'default', { guard, onProgress: (done, total) => … });
 */
export async function checkSources(store: Store, siteId: string, options: CheckSourcesOptions): Promise<SourceCheckSummary> {
  const now = options.now ?? (() => new Date());
  const [qas, facts, stored] = await Promise.all([store.listQas(siteId), store.getSetting<CityFacts>(siteId, CITY_FACTS_SETTING), store.listSourceChecks(siteId)]);
  const previous = new Map(stored.map((c) => [c.url, c]));
  const urls = distinctSourceUrls(qas, facts ?? {});
  const due = urls
    .map((url, order) => ({ url, order, checkedAt: previous.get(url)?.checkedAt }))
    .sort((a, b) => (a.checkedAt ?? '').localeCompare(b.checkedAt ?? '') || a.order - b.order)
    .slice(0, options.maxUrls ?? DEFAULT_MAX_URLS)
    .map((entry) => entry.url);

  const results: SourceCheck[] = [];
  let unsaved: SourceCheck[] = [];
  const save = async () => {
    const batch = unsaved;
    unsaved = [];
    if (batch.length > 0) await store.saveSourceChecks(siteId, batch);
  };
  let next = 0;
  const worker = async () => {
    while (next < due.length && !options.signal?.aborted) {
      const url = due[next++] as string;
      const outcome = await readPage(url, previous.get(url), { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: options.signal, guard: options.guard });
      if (options.signal?.aborted) return;
      const check = nextCheck(url, previous.get(url), outcome, now().toISOString());
      results.push(check);
      unsaved.push(check);
      if (unsaved.length >= SAVE_EVERY) await save();
      options.onProgress?.(results.length, due.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));
  await save();
  return {
    sources: urls.length,
    checked: results.length,
    changed: results.filter((c) => c.state === 'ok' && c.changedAt === c.checkedAt).length,
    missing: results.filter((c) => c.state === 'missing').length,
    errors: results.filter((c) => c.state === 'error').length,
  };
}

/** One page fetched and read; a page that cannot be fetched is an outcome, so one bad page never stops a run. */
async function readPage(url: string, previous: SourceCheck | undefined, fetchOptions: FetchPageOptions): Promise<CheckOutcome> {
  let page: FetchedPage;
  try {
    page = await fetchPage(url, { ...fetchOptions, ...conditionalHeaders(previous) });
  } catch (error) {
    if (error instanceof PageFetchError) return { kind: 'failed', status: null, message: error.message };
    throw error;
  }
  if (page.notModified) return { kind: 'not-modified', etag: page.etag, lastModified: page.lastModified };
  const kind = statusKind(page.status);
  if (kind === 'gone') return { kind: 'gone', status: page.status };
  if (kind === 'failed') return { kind: 'failed', status: page.status, message: `ページを開けませんでした（HTTP ${page.status}）。` };
  return { kind: 'page', status: page.status, contentHash: await contentHash(page), etag: page.etag, lastModified: page.lastModified };
}

/** The main text's hash; for a file with no text to read (a spreadsheet, an image, a broken PDF) the bytes' hash. */
async function contentHash(page: FetchedPage): Promise<string> {
  try {
    return textHash((await pageText(page)).text);
  } catch {
    return bytesHash(page.body);
  }
}
