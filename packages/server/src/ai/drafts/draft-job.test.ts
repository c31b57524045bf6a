/**
 * DraftJobs on its own, with a real SQLite store, a loopback city site and the fake OpenAI-compatible server:
 * stopping a job (shutdown) mid-fetch and mid-model-call, and a sitemap that lists other sites' pages.
 * The fetch time-out is ten minutes: only stopping can end a hanging page, so a test that ends proves it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { loopbackGuard } from '../../security/loopback-outbound.ts';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/index.ts';
import { startFakeCitySite, type FakeCitySite } from '../freshness/fake-city-site.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../models/fake-openai-server.ts';
import { createModelProviders } from '../models/providers.ts';
import { DraftJobRefused, DraftJobs, type DraftJob, type DraftJobDependencies } from './draft-job.ts';
import { FAQ_PAGE } from './sample-pages.ts';

const SITE = 'default';
const guard = loopbackGuard();
let dir: string;
let store: SqliteStore;
let site: FakeCitySite;
let fake: FakeOpenAi;
/** Opens the model's answer; set anew by each request. */
let answerModel: () => void = () => {};

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-draft-job-'));
  store = openSqliteStore(dir);
  site = await startFakeCitySite({ '/faq.html': { html: FAQ_PAGE }, '/slow-1.html': { hang: true }, '/slow-2.html': { hang: true } });
  fake = await startFakeOpenAi({
    chat: async () => {
      await new Promise<void>((resolve) => (answerModel = resolve));
      return '{"qas":[]}';
    },
  });
});
after(async () => {
  await site?.close();
  await fake?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function draftJobs(errors: unknown[], chat: DraftJobDependencies['chat'] = null): DraftJobs {
  return new DraftJobs({ store, siteId: SITE, chat, similarQa: async () => null, logError: (error) => errors.push(error), fetch: { timeoutMs: 600_000, guard } });
}

async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await done()); tries++) {
    assert.ok(tries < 2_000, 'the awaited event happens');
    await sleep(5);
  }
}

async function storedDrafts(): Promise<number> {
  return (await store.listQaDrafts(SITE, { limit: 1, offset: 0 })).total;
}

describe('DraftJobs.stop', () => {
  test('while pages hang: the fetches are aborted, nothing is stored, the job says why, no job starts after', async () => {
    const errors: unknown[] = [];
    const jobs = draftJobs(errors);
    const asked = site.requests.length;
    const { id } = jobs.start({ kind: 'urls', urls: [`${site.url}/slow-1.html`, `${site.url}/slow-2.html`, `${site.url}/faq.html`] }, { useModel: false, actor: 'suzuki' });
    await until(() => site.requests.length === asked + 2);
    await jobs.stop();

    const job = jobs.get(id) as DraftJob;
    assert.deepEqual([job.status, job.pagesDone, job.draftsMade, job.failures], ['failed', 0, 0, []]);
    assert.match(job.error ?? '', /サーバーの停止のため、途中で止めました/);
    assert.ok(job.finishedAt);
    assert.equal(await storedDrafts(), 0);
    assert.ok(!site.requests.slice(asked).some((r) => r.path === '/faq.html'), 'the next page is not read');
    assert.deepEqual(errors, []);
    assert.throws(
      () => jobs.start({ kind: 'urls', urls: [`${site.url}/faq.html`] }, { useModel: false, actor: 'suzuki' }),
      (error) => error instanceof DraftJobRefused && error.reason === 'stopped',
    );
  });

  test('while the model is asked: stop returns without its answer, and nothing is stored when it comes', async () => {
    const errors: unknown[] = [];
    const models = createModelProviders({ chat: { url: fake.url, model: 'gpt-test' }, embeddings: null, timeoutMs: 600_000, retries: 0 }, store, SITE);
    const jobs = draftJobs(errors, models.chat);
    const { id } = jobs.start({ kind: 'urls', urls: [`${site.url}/faq.html`] }, { useModel: true, actor: 'suzuki' });
    await until(() => fake.requests.length === 1);
    await jobs.stop();
    assert.equal(jobs.get(id)?.status, 'failed');
    assert.equal(await storedDrafts(), 0);

    // The model answers after the stop: the page's drafts (rules and model) are still not stored.
    answerModel();
    await until(async () => (await store.listModelUsage(SITE, 10)).length === 1);
    await models.usageSettled();
    assert.equal(await storedDrafts(), 0);
    assert.equal(jobs.get(id)?.draftsMade, 0);
    assert.deepEqual(errors, []);
  });
});

test('a sitemap\'s pages on other sites (or refused addresses) are skipped and counted in a note', async () => {
  const other = `http://localhost:${new URL(site.url).port}`;
  const urlset = [`${site.url}/faq.html`, `${other}/faq.html`, 'https://www.example.com/faq.html', 'http://169.254.169.254/latest/meta-data/'];
  site.setPage('/sitemap.xml', { html: `<urlset>${urlset.map((u) => `<url><loc>${u}</loc></url>`).join('')}</urlset>`, contentType: 'application/xml' });
  const jobs = draftJobs([]);
  const asked = site.requests.length;
  const { id } = jobs.start({ kind: 'sitemap', url: `${site.url}/sitemap.xml`, pathPrefix: null, maxPages: 30 }, { useModel: false, actor: 'suzuki' });
  await jobs.settled();
  const job = jobs.get(id) as DraftJob;
  assert.deepEqual([job.status, job.pagesTotal, job.draftsMade > 0], ['done', 1, true]);
  assert.deepEqual(job.notes, ['サイトマップにあった、ほかのサイト（サイトマップと違うアドレスの始まり）のページやサイトマップ 3 件は読みませんでした。サイトマップと同じサイトのページだけを読みます。']);
  assert.deepEqual(site.requests.slice(asked).map((r) => r.path), ['/sitemap.xml', '/faq.html']);
});
