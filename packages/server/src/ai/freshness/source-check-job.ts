/**
 * Running source checks: one at a time per instance, started by the daily job or by staff (「今すぐ確認する」),
 * its progress readable while it runs. Each finished run is audited as `sources.check` with its summary,
 * which is also how every instance (and the console) learns when the last run was.
 *
 * Several instances on one PostgreSQL: the daily run is skipped when any source page was checked within the
 * last 20 hours (checks are stored as a run goes, so a run under way elsewhere counts too). Two instances
 * started in the same minute may both run once; that costs a second round of requests, nothing worse.
 * (An advisory lock would need a store method for a connection held through the run; this needs none.)
 */
import type { OutboundGuard } from '../../security/outbound-guard.ts';
import type { Store } from '../../store/store.ts';
import { checkSources, type SourceCheckLimits, type SourceCheckSummary } from './source-check.ts';

/** Audit action of a finished run. */
export const SOURCE_CHECK_AUDIT = 'sources.check';

export type SourceCheckTrigger = 'schedule' | 'staff';

/** A run under way. @example `{ trigger: 'staff', actor: 'suzuki', startedAt: '…', done: 12, total: 40 }` */
export interface SourceCheckProgress {
  trigger: SourceCheckTrigger;
  actor: string;
  startedAt: string;
  done: number;
  total: number;
}

export interface SourceCheckRunnerOptions extends SourceCheckLimits {
  now?: () => Date;
  onChecked?: (summary: SourceCheckSummary) => void;
  onError?: (error: unknown) => void;
}

/**
 * @example
 * const runner = new SourceCheckRunner(store, 'default', guard);
 * if (!runner.start('staff', 'suzuki')) … // one is under way
 */
export class SourceCheckRunner {
  #progress: SourceCheckProgress | null = null;
  #running: Promise<void> | undefined;
  /** Aborted by {@link stop}: fetches under way end at once. */
  readonly #stop = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly siteId: string,
    private readonly guard: OutboundGuard,
    private readonly options: SourceCheckRunnerOptions = {},
  ) {}

  /** The run under way in this instance, or null. */
  get progress(): SourceCheckProgress | null {
    return this.#progress && { ...this.#progress };
  }

  /**
   * Starts a run in the background; false when one is under way here (or the runner was stopped).
   */
  start(trigger: SourceCheckTrigger, actor: string): boolean {
    if (this.#running || this.#stop.signal.aborted) return false;
    const now = this.options.now ?? (() => new Date());
    const progress: SourceCheckProgress = { trigger, actor, startedAt: now().toISOString(), done: 0, total: 0 };
    this.#progress = progress;
    this.#running = this.#run(progress, now).finally(() => {
      this.#running = undefined;
      this.#progress = null;
    });
    return true;
  }

  async #run(progress: SourceCheckProgress, now: () => Date): Promise<void> {
    try {
      const { maxUrls, concurrency, timeoutMs } = this.options;
      const summary = await checkSources(this.store, this.siteId, {
        maxUrls,
        concurrency,
        timeoutMs,
        guard: this.guard,
        now,
        signal: this.#stop.signal,
        onProgress: (done, total) => Object.assign(progress, { done, total }),
      });
      if (this.#stop.signal.aborted) return;
      await this.store.appendAudit({
        siteId: this.siteId,
        at: now().toISOString(),
        actor: progress.actor,
        action: SOURCE_CHECK_AUDIT,
        target: '',
        detail: { trigger: progress.trigger, startedAt: progress.startedAt, ...summary },
      });
      this.options.onChecked?.(summary);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Resolves when the run under way, if any, has finished. */
  async settled(): Promise<void> {
    await this.#running;
  }

  /** No new runs; the run under way stops at once, its fetches aborted (their pages are not stored). */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }
}

export interface SourceCheckJobOptions extends SourceCheckRunnerOptions {
  /** First run after start (default ten minutes: start-up and the other jobs come first). */
  firstDelayMs?: number;
  /** Between runs (default a day). */
  intervalMs?: number;
  /** A scheduled run is skipped when a page was checked this recently (default 20 hours): another instance ran. */
  skipWithinMs?: number;
  /** A scheduled run was skipped: a page was checked at `lastCheckedAt` (by another instance, or by staff). */
  onSkipped?: (lastCheckedAt: string) => void;
}

/**
 * The daily check: a runner, its first run some minutes after start, then one a day.
 *
 * @example const job = startSourceCheckJob(store, 'default', guard); … job.runner.start('staff', 'suzuki'); … await job.stop();
 */
export function startSourceCheckJob(store: Store, siteId: string, guard: OutboundGuard, options: SourceCheckJobOptions = {}): { runner: SourceCheckRunner; stop(): Promise<void> } {
  const runner = new SourceCheckRunner(store, siteId, guard, options);
  const now = options.now ?? (() => new Date());
  const skipWithinMs = options.skipWithinMs ?? 20 * 3_600_000;
  const scheduled = () =>
    void lastCheckedAt(store, siteId).then((last) => {
      if (last === undefined || now().getTime() - Date.parse(last) >= skipWithinMs) runner.start('schedule', 'system');
      else options.onSkipped?.(last);
    }, options.onError);
  const first = setTimeout(scheduled, options.firstDelayMs ?? 600_000).unref();
  const daily = setInterval(scheduled, options.intervalMs ?? 86_400_000).unref();
  return {
    runner,
    async stop() {
      clearTimeout(first);
      clearInterval(daily);
      await runner.stop();
    },
  };
}

/** When any source page of the site was last checked, by any instance. */
async function lastCheckedAt(store: Store, siteId: string): Promise<string | undefined> {
  const checks = await store.listSourceChecks(siteId);
  return checks.reduce<string | undefined>((last, c) => (last === undefined || c.checkedAt > last ? c.checkedAt : last), undefined);
}
