/**
 * 情報源と見直し over a real port (SQLite, or PostgreSQL with MADOGUCHI_TEST_STORE=postgres) against a city
 * site on loopback: checking now (progress, one at a time, roles), the list by department after a page
 * changes or disappears, confirming a QA (audited), the review cycle setting, QAs due for review as the
 * clock moves on, and a server that makes no outbound request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeCitySite, type FakeCitySite } from '../../ai/freshness/fake-city-site.ts';
import { signIn, type TestSession } from '../../auth/test-support.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../../http/test-server.ts';
import { LOOPBACK_OUTBOUND } from '../../security/loopback-outbound.ts';
import { CITY_FACTS_SETTING, type CityFacts } from '../../qa/placeholders.ts';
import { qaContent } from '../../qa/test-fixtures.ts';
import { japanDay } from '../../time/japan-time.ts';
import { call } from '../qas/api-test-support.ts';
import type { AdminErrorReply } from '../qas/schema.ts';
import type { MarkReviewedReply, SourceCheckStateReply, SourceReviewReply, SourceReviewSettingReply } from './schema.ts';

/** How far the admin API's clock runs ahead of the real one (the review cycle test moves it on). */
let ahead = 0;
const now = () => new Date(Date.now() + ahead);
let site: FakeCitySite;
const api = {} as { server: TestServer; admin: TestSession; editor: TestSession; viewer: TestSession };

const JUMINHYO = '/soshiki/shimin/juminhyo.html';
const page = (text: string) => ({ html: `<html><body><nav>メニュー</nav><main><h1>住民票</h1><p>${text}</p></main></body></html>` });

before(async () => {
  site = await startFakeCitySite({ [JUMINHYO]: page('手数料は1通300円です。'), '/gomi.html': page('ごみの出し方'), '/kankyo.html': page('環境の取り組み') });
  api.server = await startTestServer({
    qas: [
      qaContent('9001', { question: '{{市名}}で住民票を取りたい', department: '{{担当課:市民課}}', sourceUrls: ['{{URL:市民課}}juminhyo.html'] }),
      qaContent('9002', { department: '', sourceUrls: [`${site.url}/gomi.html`] }),
      qaContent('9003', { department: '環境課', sourceUrls: [`${site.url}/kankyo.html`], status: 'draft' }),
    ],
    // The daily run is far off: the tests check now.
    sourceChecks: { firstDelayMs: 3_600_000, timeoutMs: 5_000 },
    outbound: LOOPBACK_OUTBOUND,
    auth: { now },
  });
  const { store } = api.server;
  const facts = (await store.getSetting<CityFacts>(TEST_SITE, CITY_FACTS_SETTING)) ?? {};
  await store.setSetting(TEST_SITE, CITY_FACTS_SETTING, { ...facts, 'URL:市民課': `${site.url}/soshiki/shimin/` }, 'test');
  [api.admin, api.editor, api.viewer] = await Promise.all([signIn(api.server, 'admin'), signIn(api.server, 'editor', 'suzuki'), signIn(api.server, 'viewer')]);
});
after(async () => {
  await api.server?.close();
  await site?.close();
});

async function review(): Promise<SourceReviewReply> {
  const { status, body } = await call<SourceReviewReply>(api.server, api.viewer, 'GET', '/sources/review');
  assert.equal(status, 200);
  return body;
}

/** Waits until the check under way has finished, and returns its state. */
async function finished(): Promise<SourceCheckStateReply> {
  for (;;) {
    const { body } = await call<SourceCheckStateReply>(api.server, api.viewer, 'GET', '/sources/check');
    if (body.running === null) return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Each listed QA as `department: id reason…`. */
function listed(reply: SourceReviewReply): string[] {
  return reply.groups.flatMap((g) => g.items.map((i) => `${g.department}: ${i.qaId} ${i.reasons.map((r) => r.kind).join(' ')}`));
}

describe('checking the source pages now', () => {
  test('nothing is listed before the first check, which no one has run yet', async () => {
    const body = await review();
    assert.deepEqual([body.total, body.groups, body.cycleDays, body.today], [0, [], 365, japanDay(now())]);
    assert.deepEqual(body.check, { enabled: true, running: null, lastRun: null });
  });

  test('editors start it (viewers may not); it runs in the background, one at a time, and its progress and result are readable', async () => {
    assert.equal((await call(api.server, api.viewer, 'POST', '/sources/check')).status, 403);
    site.setPage('/kankyo.html', { hang: true });
    const started = await call<SourceCheckStateReply>(api.server, api.editor, 'POST', '/sources/check');
    assert.equal(started.status, 202);
    assert.deepEqual([started.body.enabled, started.body.running?.trigger, started.body.running?.actor], [true, 'staff', 'suzuki']);

    const again = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/sources/check');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'SOURCE_CHECK_RUNNING');
    assert.match(again.body.error.message, /確認しています/);

    while (site.requests.every((r) => r.path !== '/kankyo.html')) await new Promise((resolve) => setTimeout(resolve, 10));
    const running = await call<SourceCheckStateReply>(api.server, api.viewer, 'GET', '/sources/check');
    assert.equal(running.body.running?.total, 3);
    site.setPage('/kankyo.html', page('環境の取り組み'));

    const done = await finished();
    assert.deepEqual({ ...done.lastRun, at: undefined }, { at: undefined, actor: 'suzuki', trigger: 'staff', sources: 3, checked: 3, changed: 0, missing: 0, errors: 0 });
    assert.equal((await review()).total, 0, 'the first check only records');
  });

  test('a changed page lists its QAs under their departments (filled); a missing one too; unchanged ones are not listed', async () => {
    site.setPage(JUMINHYO, page('手数料は1通350円です。'));
    site.setPage('/kankyo.html', null);
    assert.equal((await call(api.server, api.editor, 'POST', '/sources/check')).status, 202);
    assert.deepEqual({ ...(await finished()).lastRun, at: undefined }, { at: undefined, actor: 'suzuki', trigger: 'staff', sources: 3, checked: 3, changed: 1, missing: 1, errors: 0 });

    const body = await review();
    assert.deepEqual(listed(body).sort(), ['市民課: 9001 source-changed', '環境課: 9003 source-missing']);
    const item = body.groups.find((g) => g.department === '市民課')?.items[0];
    assert.equal(item?.question, 'まどぐち市で住民票を取りたい');
    assert.equal(item?.status, 'published');
    assert.deepEqual(item?.sources.map((s) => [s.entry, s.url, s.state]), [['{{URL:市民課}}juminhyo.html', `${site.url}${JUMINHYO}`, 'ok']]);
    assert.equal(body.groups.find((g) => g.department === '環境課')?.items[0]?.status, 'draft');
  });
});

describe('confirming a QA', () => {
  test('editors confirm (audited qa.reviewed); the QA leaves the list until its page changes again', async () => {
    assert.equal((await call(api.server, api.viewer, 'POST', '/sources/reviewed', { qaId: '9001' })).status, 403);
    const missing = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/sources/reviewed', { qaId: '404404' });
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'QA_NOT_FOUND']);
    const bad = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/sources/reviewed', { qaId: '' });
    assert.equal(bad.status, 400);

    const { status, body } = await call<MarkReviewedReply>(api.server, api.editor, 'POST', '/sources/reviewed', { qaId: '9001' });
    assert.equal(status, 200);
    assert.deepEqual([body.qaId, body.reviewedBy], ['9001', 'suzuki']);
    const [audited] = (await api.server.store.listAudit(TEST_SITE, { action: 'qa.reviewed' })).entries;
    assert.deepEqual([audited?.actor, audited?.target], ['suzuki', '9001']);
    assert.deepEqual(listed(await review()), ['環境課: 9003 source-missing']);

    site.setPage(JUMINHYO, page('手数料は1通400円です。'));
    await call(api.server, api.editor, 'POST', '/sources/check');
    await finished();
    assert.deepEqual(listed(await review()).sort(), ['市民課: 9001 source-changed', '環境課: 9003 source-missing']);
  });
});

describe('the review cycle', () => {
  test('is read by anyone, changed by administrators within 30–1825 days, with revisions (409) and an audit line', async () => {
    const read = await call<SourceReviewSettingReply>(api.server, api.viewer, 'GET', '/sources/settings');
    assert.deepEqual([read.body.value, read.body.revision], [{ cycleDays: 365 }, 0]);
    assert.equal((await call(api.server, api.editor, 'PUT', '/sources/settings', { value: { cycleDays: 90 }, revision: 0 })).status, 403);
    const tooShort = await call<AdminErrorReply>(api.server, api.admin, 'PUT', '/sources/settings', { value: { cycleDays: 7 }, revision: 0 });
    assert.deepEqual([tooShort.status, tooShort.body.error.code], [400, 'VALIDATION_FAILED']);
    assert.match(tooShort.body.error.message, /30 日以上/);

    const saved = await call<SourceReviewSettingReply>(api.server, api.admin, 'PUT', '/sources/settings', { value: { cycleDays: 90 }, revision: 0 });
    assert.deepEqual([saved.status, saved.body.value, saved.body.revision, saved.body.updatedBy], [200, { cycleDays: 90 }, 1, api.admin.loginId]);
    const stale = await call<AdminErrorReply & { error: { current?: SourceReviewSettingReply } }>(api.server, api.admin, 'PUT', '/sources/settings', { value: { cycleDays: 120 }, revision: 0 });
    assert.deepEqual([stale.status, stale.body.error.code, stale.body.error.current?.value], [409, 'CONFLICT', { cycleDays: 90 }]);
    const [audited] = (await api.server.store.listAudit(TEST_SITE, { action: 'settings.update' })).entries;
    assert.equal(audited?.target, 'sourceReview');
  });

  test('once the cycle has run out, every QA not saved or confirmed since is due, 担当課未設定 for those without a department', async () => {
    ahead = 91 * 86_400_000;
    const viewer = await signIn(api.server, 'viewer', api.viewer.loginId);
    const { body } = await call<SourceReviewReply>(api.server, viewer, 'GET', '/sources/review');
    assert.equal(body.today, japanDay(now()));
    const byQa = new Map(body.groups.flatMap((g) => g.items.map((i) => [i.qaId, { department: g.department, reasons: i.reasons.map((r) => r.kind) }])));
    assert.deepEqual(byQa.get('9002'), { department: '担当課未設定', reasons: ['review-due'] });
    assert.deepEqual(byQa.get('9001')?.reasons, ['source-changed', 'review-due']);
    assert.deepEqual(byQa.get('1001'), { department: '市民課', reasons: ['review-due'] }, 'the starter pack too');
    assert.equal(body.total, await api.server.store.countQas(TEST_SITE));
    const counts = body.groups.map((g) => g.items.length);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'the department with most first');
  });
});

describe('a server started with --no-source-checks', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server?.close());

  test('refuses to check, says so, and still lists the QAs due', async () => {
    const editor = await signIn(server, 'editor');
    const refused = await call<AdminErrorReply>(server, editor, 'POST', '/sources/check');
    assert.deepEqual([refused.status, refused.body.error.code], [409, 'SOURCE_CHECKS_OFF']);
    const { body } = await call<SourceReviewReply>(server, editor, 'GET', '/sources/review');
    assert.deepEqual(body.check, { enabled: false, running: null, lastRun: null });
  });
});
