/**
 * Making QA drafts from city content, one job per staff request (issue 7, R27): pages by address, the pages
 * of a sitemap, or uploaded HTML/PDF files. Each page is read (two at a time), its Q&A structure turned into
 * drafts by rules, and — when asked and a chat model is configured — the model's proposals added, each
 * checked against the page. Each page's drafts are stored at once, all or none, as `pending` in the review
 * queue; nothing becomes a QA without a person.
 *
 * Jobs run in the background of this process and are kept in memory only (the most recent few): after a
 * restart a job is gone, but the drafts it stored stay in the queue. With several instances, a job's
 * progress is seen through the instance that runs it. On shutdown ({@link DraftJobs.stop}) page fetches are
 * aborted and a model call under way is left unanswered: nothing is stored after that.
 */
import { randomUUID } from 'node:crypto';
import type { NewQaDraft } from '../../store/authoring-records.ts';
import type { Store } from '../../store/store.ts';
import { ModelError, type ChatModel } from '../models/models.ts';
import { fetchPage, PageFetchError, type FetchPageOptions } from '../sources/fetch-page.ts';
import { DocumentTypeError, readDocument, type SourceDocument } from '../sources/page-text.ts';
import { SitemapError, sitemapPages } from '../sources/sitemap.ts';
import { untilAborted } from '../until-aborted.ts';
import { modelDrafts } from './model-drafts.ts';
import { htmlRuleDrafts, questionKey, textRuleDrafts } from './rule-drafts.ts';

export const DRAFT_JOB_LIMITS = {
  maxUrls: 20,
  maxSitemapPages: 100,
  defaultSitemapPages: 30,
  maxFiles: 10,
  maxFileBytes: 20 * 1024 * 1024,
  /** Pages read at the same time by one job: kind to the city's web server. */
  concurrency: 2,
  /** Jobs running at once in this process; more wait for the staff member to try again. */
  maxRunning: 3,
  /** Finished jobs remembered for their progress screen. */
  kept: 20,
} as const;

/** Notes and failures listed per job at most; more are counted in the last line. */
const MAX_LISTED = 50;
/** Pending drafts read to recognise repeats; a queue longer than this is not checked past it. */
const MAX_PENDING_READ = 10_000;

export type DraftJobSource =
  | { kind: 'urls'; urls: string[] }
  | { kind: 'sitemap'; url: string; pathPrefix: string | null; maxPages: number }
  | { kind: 'files'; files: { name: string; bytes: Buffer }[] };

/**
 * A job's progress, as the console polls it.
 *
 * @example `{ id: '…', status: 'running', source: 'sitemap', useModel: false, pagesTotal: 30, pagesDone: 12, draftsMade: 41, draftsSkipped: 0, draftsDiscarded: 0, failures: [{ source: 'https://…/old.html', reason: 'ページを開けませんでした（HTTP 404）。' }], notes: [], error: null, … }`
 */
export interface DraftJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  source: DraftJobSource['kind'];
  useModel: boolean;
  /** 0 while a sitemap is still being read. */
  pagesTotal: number;
  pagesDone: number;
  draftsMade: number;
  /** Already pending in the queue from the same source. */
  draftsSkipped: number;
  /** Proposed by the model but not supported by the page. */
  draftsDiscarded: number;
  /** Pages that could not be read or stored, with why (Japanese). */
  failures: { source: string; reason: string }[];
  /** About the whole job or a page (no Q&A found, a sitemap with more pages), Japanese. */
  notes: string[];
  /** Why the whole job stopped (an unreadable sitemap), Japanese; null otherwise. */
  error: string | null;
}

export interface DraftJobDependencies {
  store: Store;
  siteId: string;
  /** null: only rule drafts can be made. */
  chat: ChatModel | null;
  /** The working set's QA that answers the question confidently, if any (for the 「よく似ています」 note). */
  similarQa(question: string): Promise<{ id: string; question: string } | null>;
  /** Unexpected failures (a bug, the database): logged; the page is counted as failed. */
  logError(error: unknown): void;
  now?: () => Date;
  /** Fetch options for every page and sitemap: the deployment's outbound guard (tests also shorten the time-out). */
  fetch: Omit<FetchPageOptions, 'signal'>;
}

/** One page to read: an address, or an uploaded file. */
type PageSource = { kind: 'url'; url: string } | { kind: 'file'; name: string; bytes: Buffer };

/** A page could not be used; the message is Japanese, for the job's list of failures. */
class PageFailure extends Error {}

/** The job's error once {@link DraftJobs.stop} stopped it. */
const STOPPED = 'サーバーの停止のため、途中で止めました。それまでに作られた下書き候補は一覧に残っています。';

/** Why the job was refused before it started; `message` is Japanese. */
export class DraftJobRefused extends Error {
  override name = 'DraftJobRefused';

  constructor(
    readonly reason: 'busy' | 'no-model' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

/**
 * @example
 * const jobs = new DraftJobs({ store, siteId, chat: models.chat, similarQa, logError });
 * const job = jobs.start({ kind: 'urls', urls: ['https://…/faq.html'] }, { useModel: false, actor: 'suzuki' });
 * jobs.get(job.id)?.pagesDone
 */
export class DraftJobs {
  readonly #jobs = new Map<string, DraftJob>();
  readonly #running = new Map<string, Promise<void>>();
  /** Aborted by {@link stop}: fetches end at once, and no job stores anything after. */
  readonly #stop = new AbortController();

  constructor(private readonly deps: DraftJobDependencies) {}

  /**
   * Starts a job in the background and returns its first snapshot.
   *
   * @throws DraftJobRefused when too many jobs are running, the model is asked for and none is configured, or the jobs were stopped.
   */
  start(source: DraftJobSource, options: { useModel: boolean; actor: string }): DraftJob {
    if (this.#stop.signal.aborted) throw new DraftJobRefused('stopped', 'サーバーを停止しているため、下書き候補を作れません。しばらくしてから、もう一度お試しください。');
    if (options.useModel && !this.deps.chat) {
      throw new DraftJobRefused('no-model', 'AIモデル（チャットモデル）が設定されていないため、AIモデルの案は作れません。「ページの Q&A から」の案だけを作る場合は、チェックを外してください。モデルの設定はシステム管理者が行います。');
    }
    if (this.#running.size >= DRAFT_JOB_LIMITS.maxRunning) {
      throw new DraftJobRefused('busy', `いま下書き候補を作る処理が ${this.#running.size} 件動いています。終わってから、もう一度お試しください。`);
    }
    const job: DraftJob = {
      id: randomUUID(),
      status: 'running',
      startedAt: this.#now().toISOString(),
      finishedAt: null,
      startedBy: options.actor,
      source: source.kind,
      useModel: options.useModel,
      pagesTotal: source.kind === 'urls' ? source.urls.length : source.kind === 'files' ? source.files.length : 0,
      pagesDone: 0,
      draftsMade: 0,
      draftsSkipped: 0,
      draftsDiscarded: 0,
      failures: [],
      notes: [],
      error: null,
    };
    this.#jobs.set(job.id, job);
    this.#forgetOld();
    const run = this.#run(job, source, options.actor)
      .catch((error: unknown) => {
        const expected = error instanceof SitemapError || error instanceof PageFetchError;
        if (!expected && !this.#stop.signal.aborted) this.deps.logError(error);
        job.status = 'failed';
        job.error = expected ? error.message : '下書き候補の作成が途中で止まりました。もう一度お試しください。';
      })
      .finally(() => {
        if (this.#stop.signal.aborted) Object.assign(job, { status: 'failed', error: STOPPED });
        if (job.status === 'running') job.status = 'done';
        job.finishedAt = this.#now().toISOString();
        this.#running.delete(job.id);
      });
    this.#running.set(job.id, run);
    return snapshot(job);
  }

  get(id: string): DraftJob | undefined {
    const job = this.#jobs.get(id);
    return job && snapshot(job);
  }

  /** The jobs remembered, newest first. */
  list(): DraftJob[] {
    return [...this.#jobs.values()].reverse().map(snapshot);
  }

  /** Resolves when every running job has finished (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all(this.#running.values());
  }

  /**
   * Shutdown: no new jobs; running ones stop at once (page fetches aborted, a model call under way left to
   * itself) and store nothing more. Resolves when they have stopped.
   */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.settled();
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  #forgetOld(): void {
    for (const [id, job] of this.#jobs) {
      if (this.#jobs.size <= DRAFT_JOB_LIMITS.kept) break;
      if (job.status !== 'running') this.#jobs.delete(id);
    }
  }

  async #run(job: DraftJob, source: DraftJobSource, actor: string): Promise<void> {
    const pages = await this.#pages(job, source);
    job.pagesTotal = pages.length;
    const pending = await this.#pendingKeys();
    let next = 0;
    const stopped = this.#stop.signal;
    const worker = async (): Promise<void> => {
      while (next < pages.length && !stopped.aborted) {
        const page = pages[next++]!;
        try {
          await this.#draftPage(job, page, pending, actor);
        } catch (error) {
          if (stopped.aborted) return;
          if (!(error instanceof PageFailure)) this.deps.logError(error);
          addFailure(job, sourceLabel(page), error instanceof PageFailure ? error.message : '下書き候補を作れませんでした（システムで問題が発生しました）。');
        }
        job.pagesDone += 1;
      }
    };
    await Promise.all(Array.from({ length: DRAFT_JOB_LIMITS.concurrency }, worker));
  }

  async #pages(job: DraftJob, source: DraftJobSource): Promise<PageSource[]> {
    if (source.kind === 'urls') return source.urls.map((url) => ({ kind: 'url', url }));
    if (source.kind === 'files') return source.files.map((file) => ({ kind: 'file', ...file }));
    const found = await sitemapPages(source.url, { pathPrefix: source.pathPrefix, maxPages: source.maxPages, fetch: this.#fetchOptions() });
    if (found.otherOrigin > 0) {
      addNote(job, `サイトマップにあった、ほかのサイト（サイトマップと違うアドレスの始まり）のページやサイトマップ ${found.otherOrigin} 件は読みませんでした。サイトマップと同じサイトのページだけを読みます。`);
    }
    if (found.pages.length === 0) addNote(job, 'サイトマップに、条件に合うページがありませんでした。パスの指定を確かめてください。');
    if (found.more) addNote(job, `サイトマップには、ほかにもページがあります。最初の ${source.maxPages} ページから作りました。`);
    return found.pages.map((url) => ({ kind: 'url', url }));
  }

  #fetchOptions(): FetchPageOptions {
    return { ...this.deps.fetch, signal: this.#stop.signal };
  }

  /** Question keys of the pending drafts, per source, to skip proposing one again. */
  async #pendingKeys(): Promise<Set<string>> {
    const keys = new Set<string>();
    for (let offset = 0; offset < MAX_PENDING_READ; offset += 500) {
      const { drafts } = await this.deps.store.listQaDrafts(this.deps.siteId, { status: 'pending', limit: 500, offset });
      for (const draft of drafts) keys.add(pendingKey(draft.sourceUrl ?? draft.sourceName, draft.question));
      if (drafts.length < 500) break;
    }
    return keys;
  }

  async #read(page: PageSource): Promise<{ document: SourceDocument; sourceUrl: string | null; sourceName: string }> {
    let document: SourceDocument;
    try {
      if (page.kind === 'file') {
        document = await readDocument(page.bytes, { name: page.name });
        return { document, sourceUrl: null, sourceName: page.name };
      }
      const fetched = await fetchPage(page.url, this.#fetchOptions());
      if (fetched.status < 200 || fetched.status >= 300) throw new PageFailure(`ページを開けませんでした（HTTP ${fetched.status}）。`);
      document = await readDocument(fetched.body, { contentType: fetched.contentType, url: fetched.url });
      return { document, sourceUrl: fetched.url, sourceName: document.title || fetched.url };
    } catch (error) {
      if (error instanceof PageFailure) throw error;
      if (error instanceof PageFetchError || error instanceof DocumentTypeError) throw new PageFailure(error.message);
      throw new PageFailure('本文を読み取れませんでした（HTML か PDF ではないか、ファイルが壊れています）。');
    }
  }

  async #draftPage(job: DraftJob, page: PageSource, pending: Set<string>, actor: string): Promise<void> {
    const { document, sourceUrl, sourceName } = await this.#read(page);
    if (document.text.trim() === '') throw new PageFailure('本文の文字を読み取れませんでした（画像だけの PDF などは読めません）。');
    const rules = document.kind === 'html' ? htmlRuleDrafts(document.html) : textRuleDrafts(document.text);
    const proposals: Omit<NewQaDraft, 'id' | 'createdAt' | 'createdBy' | 'sourceUrl' | 'sourceName' | 'category1' | 'department'>[] = rules.map((d) => ({
      method: 'rules',
      question: d.question,
      alternates: [],
      answer: d.answer,
      notes: d.notes,
    }));
    if (job.useModel && this.deps.chat) {
      try {
        // The call cannot be cancelled: on stop the job goes on without its answer (and stores nothing).
        const model = await untilAborted(modelDrafts(this.deps.chat, document), this.#stop.signal);
        job.draftsDiscarded += model.discarded;
        const fromRules = new Set(rules.map((d) => questionKey(d.question)));
        for (const d of model.drafts) {
          if (!fromRules.has(questionKey(d.question))) proposals.push({ method: 'model', question: d.question, alternates: d.alternates, answer: d.answer, notes: [...model.notes, ...d.notes] });
        }
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        addFailure(job, sourceLabel(page), `AIモデルの案を作れませんでした。${error.message}${rules.length > 0 ? '（ページの Q&A からの案は作りました。）' : ''}`);
      }
    } else if (rules.length === 0) {
      addNote(job, `${sourceName}: Q&A の形（「Q．」「A．」や、質問の見出し）が見つかりませんでした。AIモデルが設定されていれば、「AIモデルでも案を作る」でふつうのページからも案を作れます。`);
    }
    const at = this.#now().toISOString();
    const drafts: NewQaDraft[] = [];
    for (const proposal of proposals) {
      const key = pendingKey(sourceUrl ?? sourceName, proposal.question);
      if (pending.has(key)) {
        job.draftsSkipped += 1;
        continue;
      }
      const similar = await this.deps.similarQa(proposal.question);
      const notes = similar ? [...proposal.notes, `既存のQA ${similar.id}『${similar.question}』とよく似ています。追加の前に、そちらの修正で足りないか確かめてください。`] : proposal.notes;
      drafts.push({ ...proposal, id: randomUUID(), createdAt: at, createdBy: actor, sourceUrl, sourceName, category1: '', department: '', notes });
    }
    if (drafts.length === 0 || this.#stop.signal.aborted) return;
    await this.deps.store.addQaDrafts(this.deps.siteId, drafts);
    for (const d of drafts) pending.add(pendingKey(sourceUrl ?? sourceName, d.question));
    job.draftsMade += drafts.length;
  }
}

function pendingKey(source: string, question: string): string {
  return `${source}\n${questionKey(question)}`;
}

function sourceLabel(page: PageSource): string {
  return page.kind === 'url' ? page.url : page.name;
}

function addFailure(job: DraftJob, source: string, reason: string): void {
  if (job.failures.length < MAX_LISTED) job.failures.push({ source, reason });
  else if (job.failures.length === MAX_LISTED) job.failures.push({ source: '', reason: 'ほかのページでも失敗がありました（表示は 50 件までです）。' });
}

function addNote(job: DraftJob, note: string): void {
  if (job.notes.length < MAX_LISTED) job.notes.push(note);
}

function snapshot(job: DraftJob): DraftJob {
  return { ...job, failures: job.failures.map((f) => ({ ...f })), notes: [...job.notes] };
}
