/**
 * The runner (one run at a time, its progress, the audit line) and the daily job (runs, skips when pages
 * were checked recently, as another instance would have), with a real SQLite store and a loopback city site.
 * The job is given a short interval; the tests wait for its events, never for a time.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { qaContent } from '../../qa/test-fixtures.ts';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/index.ts';
import { loopbackGuard } from '../../security/loopback-outbound.ts';
import { startFakeCitySite, type FakeCitySite } from './fake-city-site.ts';
import type { SourceCheckSummary } from './source-check.ts';
import { SOURCE_CHECK_AUDIT, SourceCheckRunner, startSourceCheckJob, type SourceCheckProgress } from './source-check-job.ts';

const SITE = 'default';
const guard = loopbackGuard();
let dir: string;
let store: SqliteStore;
let site: FakeCitySite;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-source-job-'));
  store = openSqliteStore(dir);
  site = await startFakeCitySite({ '/a.html': { html: '<main>A</main>' }, '/slow.html': { hang: true } });
  await store.importQas(SITE, [qaContent('1001', { sourceUrls: [`${site.url}/a.html`, `${site.url}/slow.html`] })], { actor: 'test', mode: 'merge' });
});
after(async () => {
  await site?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SourceCheckRunner', () => {
  test('one run at a time, its progress readable; the finished run is audited with who started it', async () => {
    let finished: (summary: SourceCheckSummary) => void = () => {};
    const done = new Promise<SourceCheckSummary>((resolve) => (finished = resolve));
    const runner = new SourceCheckRunner(store, SITE, guard, { timeoutMs: 500, concurrency: 1, onChecked: (summary) => finished(summary) });
    assert.equal(runner.progress, null);
    assert.equal(runner.start('staff', 'suzuki'), true);
    assert.equal(runner.start('staff', 'sato'), false, 'one is under way');
    const progress = runner.progress as SourceCheckProgress | null;
    assert.deepEqual([progress?.trigger, progress?.actor], ['staff', 'suzuki']);
    assert.deepEqual(await done, { sources: 2, checked: 2, changed: 0, missing: 0, errors: 1 });
    await runner.settled();
    assert.equal(runner.progress, null);
    const { entries } = await store.listAudit(SITE, { action: SOURCE_CHECK_AUDIT });
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.actor, 'suzuki');
    assert.deepEqual({ ...entries[0]?.detail, startedAt: undefined }, { trigger: 'staff', startedAt: undefined, sources: 2, checked: 2, changed: 0, missing: 0, errors: 1 });
  });

  test('stopped while a page hangs: the fetch is aborted at once; nothing more is stored or audited, and no run starts after', async () => {
    const before = await store.listSourceChecks(SITE);
    // A time-out of ten minutes: only stop() aborting the fetch lets this test end.
    const runner = new SourceCheckRunner(store, SITE, guard, { timeoutMs: 600_000, concurrency: 1 });
    site.setPage('/a.html', { hang: true });
    const asked = site.requests.length;
    runner.start('staff', 'suzuki');
    while (site.requests.length === asked) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(site.requests.at(-1)?.path, '/a.html', 'the hanging page is being fetched');
    await runner.stop();
    assert.equal(runner.start('staff', 'suzuki'), false);
    assert.deepEqual(await store.listSourceChecks(SITE), before);
    assert.equal((await store.listAudit(SITE, { action: SOURCE_CHECK_AUDIT })).entries.length, 1);
    site.setPage('/a.html', { html: '<main>A</main>' });
  });
});

describe('startSourceCheckJob', () => {
  test('runs after its first delay, skips while pages were checked recently, and runs again a day later', async () => {
    const audited = async () => (await store.listAudit(SITE, { action: SOURCE_CHECK_AUDIT })).entries;
    const before = (await audited()).length;
    // The tests above checked the pages at the real time: the clock starts past them.
    let clock = Date.now() + 21 * 3_600_000;
    const events: string[] = [];
    const waiters: (() => void)[] = [];
    const record = (what: string) => {
      events.push(what);
      for (const wake of waiters.splice(0)) wake();
    };
    /** Resolves once `what` happened after the `from`-th event. */
    const seen = async (what: string, from: number) => {
      while (!events.slice(from).includes(what)) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const job = startSourceCheckJob(store, SITE, guard, {
      firstDelayMs: 0,
      intervalMs: 20,
      timeoutMs: 300,
      now: () => new Date(clock),
      onChecked: () => record('checked'),
      onSkipped: () => record('skipped'),
      onError: (error) => record(`error ${String(error)}`),
    });
    try {
      await seen('checked', 0);
      const [last] = await audited();
      assert.deepEqual([last?.actor, last?.detail.trigger], ['system', 'schedule']);
      assert.equal((await audited()).length, before + 1);

      await seen('skipped', 0);
      const mark = events.length;
      clock += 21 * 3_600_000;
      await seen('checked', mark);
      assert.equal((await audited()).length, before + 2);
      assert.deepEqual(events.filter((e) => e.startsWith('error')), []);
    } finally {
      await job.stop();
    }
  });
});
