/**
 * How long the chat log is kept (R23: at least one year; three years unless the city decides otherwise),
 * and the daily job that deletes what is older. Every purge that deletes something is audited.
 */
import type { Store } from '../store/store.ts';
import { addDays, japanDay } from '../time/japan-time.ts';

/** Settings key of `{ days }`. */
export const LOG_RETENTION_SETTING = 'logRetention';

export interface LogRetention {
  /** Days of log kept, counting today. */
  days: number;
}

export const DEFAULT_RETENTION_DAYS = 3 * 365;
/** R23 asks for at least a year; the setting refuses less and a hand-edited smaller value is read as this. */
export const MIN_RETENTION_DAYS = 365;
export const MAX_RETENTION_DAYS = 10 * 365;

/** The days to keep from the stored setting: the default when unset, never under a year. @example retentionDays({ days: 30 }); // 365 */
export function retentionDays(setting: Partial<LogRetention> | undefined): number {
  const days = setting?.days;
  if (typeof days !== 'number' || !Number.isInteger(days)) return DEFAULT_RETENTION_DAYS;
  return Math.min(MAX_RETENTION_DAYS, Math.max(MIN_RETENTION_DAYS, days));
}

/** What one purge did. @example `{ beforeDay: '2023-12-01', deleted: 1204, retentionDays: 1095 }` */
export interface PurgeResult {
  beforeDay: string;
  deleted: number;
  retentionDays: number;
}

/**
 * Deletes the log older than the site's retention and audits it as `logs.purge` (by `system`) when
 * anything went.
 *
 * @example `await purgeExpiredLogs(store, 'default', new Date());`
 */
export async function purgeExpiredLogs(store: Store, siteId: string, now: Date): Promise<PurgeResult> {
  const days = retentionDays(await store.getSetting<Partial<LogRetention>>(siteId, LOG_RETENTION_SETTING));
  const beforeDay = addDays(japanDay(now), -(days - 1));
  const deleted = await store.purgeChatLog(siteId, beforeDay);
  if (deleted > 0) {
    await store.appendAudit({ siteId, at: now.toISOString(), actor: 'system', action: 'logs.purge', target: beforeDay, detail: { deleted, retentionDays: days } });
  }
  return { beforeDay, deleted, retentionDays: days };
}

export interface RetentionJobOptions {
  /** First run after start (default one minute: start-up comes first). */
  firstDelayMs?: number;
  /** Between runs (default a day). */
  intervalMs?: number;
  onPurged?: (result: PurgeResult) => void;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/**
 * Runs the purge shortly after start and then daily. Several instances may run it: deleting what is
 * already gone deletes nothing.
 *
 * @example const job = startRetentionJob(store, 'default'); … job.stop();
 */
export function startRetentionJob(store: Store, siteId: string, options: RetentionJobOptions = {}): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= purgeExpiredLogs(store, siteId, options.now?.() ?? new Date())
      .then((result) => options.onPurged?.(result), options.onError)
      .finally(() => (running = undefined));
  };
  const first = setTimeout(run, options.firstDelayMs ?? 60_000).unref();
  const daily = setInterval(run, options.intervalMs ?? 86_400_000).unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(daily);
      await running;
    },
  };
}
