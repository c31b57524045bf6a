/**
 * Checking source pages against a real HTTP server on loopback whose pages change, answer 304, disappear,
 * redirect to nothing, and hang, with a real SQLite store. The tests run in order: each continues the site's
 * story from the one before.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CITY_FACTS_SETTING } from '../../qa/placeholders.ts';
import { qaContent } from '../../qa/test-fixtures.ts';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/index.ts';
import { startFakeCitySite, type FakeCitySite } from './fake-city-site.ts';
import { loopbackGuard } from '../../security/loopback-outbound.ts';
import { UNREACHABLE_MESSAGE } from '../../security/outbound-guard.ts';
import { checkSources, type CheckSourcesOptions } from './source-check.ts';

const SITE = 'default';
let dir: string;
let store: SqliteStore;
let site: FakeCitySite;
let minutes = 0;
/** Each reading of the clock is a minute later: check times differ and order the runs. */
const options: CheckSourcesOptions = { now: () => new Date(Date.UTC(2026, 10, 30, 0, minutes++)), timeoutMs: 1_000, guard: loopbackGuard() };

const page = (body: string, extra = '') => ({ html: `<html><head><title>まどぐち市</title></head><body><nav>ホーム くらし</nav>${extra}<main>${body}</main></body></html>` });
const JUMINHYO = '/soshiki/shimin/juminhyo.html';
const GOMI = '/kurashi/gomi.html';
const HOIKU = '/kurashi/hoiku.html';
const BOSAI = '/kurashi/bosai.html';
const NENKIN = '/kurashi/nenkin.html';

async function stored() {
  return new Map((await store.listSourceChecks(SITE)).map((c) => [new URL(c.url).pathname, c]));
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-sources-'));
  store = openSqliteStore(dir);
  site = await startFakeCitySite({
    [JUMINHYO]: page('<h1>住民票の写し</h1><p>手数料は1通300円です。</p>'),
    [GOMI]: page('<h1>ごみの出し方</h1><p>燃えるごみは月曜と木曜です。</p>'),
    [HOIKU]: page('<h1>保育園の入園</h1><p>申込みは11月末までです。</p>'),
    [BOSAI]: page('<h1>防災マップ</h1><p>避難所の一覧です。</p>'),
    [NENKIN]: page('<h1>国民年金</h1><p>保険料の免除について。</p>'),
  });
  await store.setSetting(SITE, CITY_FACTS_SETTING, { 'URL:市民課': `${site.url}/soshiki/shimin/`, 市ホームページ: `${site.url}/` }, 'test');
  await store.importQas(
    SITE,
    [
      qaContent('1001', { sourceUrls: ['{{URL:市民課}}juminhyo.html', GOMI] }),
      qaContent('1002', { sourceUrls: [`${site.url}${GOMI}#gomi`, '{{URL:未登録課}}'] }),
      qaContent('1003', { sourceUrls: [`${site.url}${HOIKU}`, `${site.url}${BOSAI}`, `${site.url}${NENKIN}`] }),
      qaContent('1004', { sourceUrls: [], status: 'draft' }),
    ],
    { actor: 'test', mode: 'merge' },
  );
});
after(async () => {
  await site?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('checkSources', () => {
  test('the first run reads each cited page once (placeholders and paths filled from the city facts) and only records', async () => {
    const progress: [number, number][] = [];
    const summary = await checkSources(store, SITE, { ...options, onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(summary, { sources: 5, checked: 5, changed: 0, missing: 0, errors: 0 });
    assert.deepEqual(site.requests.map((r) => r.path).sort(), [BOSAI, GOMI, HOIKU, NENKIN, JUMINHYO].sort());
    assert.deepEqual(progress.at(-1), [5, 5]);
    const checks = await stored();
    assert.deepEqual([...checks.values()].map((c) => [c.state, c.httpStatus, c.changedAt, c.error]), Array(5).fill(['ok', 200, null, null]));
    assert.ok([...checks.values()].every((c) => c.contentHash !== null && c.etag !== null));
    assert.ok(site.mostAtOnce <= 2, `at most two pages at once (${site.mostAtOnce})`);
  });

  test('an unchanged page is asked for conditionally and answers 304; new markup around the same text is no change; new text is', async () => {
    site.requests.length = 0;
    assert.deepEqual(await checkSources(store, SITE, options), { sources: 5, checked: 5, changed: 0, missing: 0, errors: 0 });
    assert.ok(site.requests.every((r) => r.conditional));
    assert.equal((await stored()).get(GOMI)?.httpStatus, 304);

    site.setPage(GOMI, page('<h1 class="title">ごみの出し方</h1>\n\n  <p style="color:red">燃えるごみは　月曜と木曜です。</p>', '<aside hidden>お知らせ</aside><script>track()</script>'));
    site.setPage(JUMINHYO, page('<h1>住民票の写し</h1><p>手数料は1通350円です。</p>'));
    const summary = await checkSources(store, SITE, options);
    assert.deepEqual(summary, { sources: 5, checked: 5, changed: 1, missing: 0, errors: 0 });
    const checks = await stored();
    assert.deepEqual([checks.get(GOMI)?.httpStatus, checks.get(GOMI)?.changedAt], [200, null], 'markup only');
    const juminhyo = checks.get(JUMINHYO);
    assert.equal(juminhyo?.changedAt, juminhyo?.checkedAt, 'the fee changed');
  });

  test('a page taken away (404), redirected to nothing, or gone (410) is missing; one that hangs is an error that keeps what was known', async () => {
    const before = await stored();
    site.setPage(JUMINHYO, null);
    site.setPage(GOMI, { redirectTo: '/kurashi/gomi-2026.html' });
    site.setPage(HOIKU, { status: 410 });
    site.setPage(BOSAI, { hang: true });
    site.setPage(NENKIN, { status: 503 });
    const summary = await checkSources(store, SITE, { ...options, timeoutMs: 300 });
    assert.deepEqual(summary, { sources: 5, checked: 5, changed: 0, missing: 3, errors: 2 });
    const checks = await stored();
    for (const [path, status] of [[JUMINHYO, 404], [GOMI, 404], [HOIKU, 410]] as const) {
      const check = checks.get(path);
      assert.deepEqual([check?.state, check?.httpStatus, check?.contentHash], ['missing', status, null], path);
      assert.equal(check?.changedAt, check?.checkedAt, `${path}: its disappearance is a change`);
    }
    const bosai = checks.get(BOSAI);
    assert.deepEqual([bosai?.state, bosai?.httpStatus, bosai?.contentHash, bosai?.etag], ['error', null, before.get(BOSAI)?.contentHash, before.get(BOSAI)?.etag]);
    assert.equal(bosai?.error, UNREACHABLE_MESSAGE);
    const nenkin = checks.get(NENKIN);
    assert.deepEqual([nenkin?.state, nenkin?.httpStatus, nenkin?.contentHash, nenkin?.error], ['error', 503, before.get(NENKIN)?.contentHash, 'ページを開けませんでした（HTTP 503）。']);
  });

  test('a page back with the same text after an outage is no change; maxUrls checks the pages checked longest ago first', async () => {
    site.setPage(BOSAI, page('<h1>防災マップ</h1><p>避難所の一覧です。</p>'));
    site.setPage(NENKIN, page('<h1>国民年金</h1><p>保険料の免除について。</p>'));
    const earlier = await stored();
    const oldest = [...earlier.keys()].sort((a, b) => (earlier.get(a)?.checkedAt ?? '').localeCompare(earlier.get(b)?.checkedAt ?? '')).slice(0, 2);
    const summary = await checkSources(store, SITE, { ...options, maxUrls: 2 });
    assert.equal(summary.checked, 2);
    const later = await stored();
    assert.deepEqual([...later.keys()].filter((path) => later.get(path)?.checkedAt !== earlier.get(path)?.checkedAt).sort(), oldest.sort());

    await checkSources(store, SITE, options);
    const checks = await stored();
    assert.deepEqual([checks.get(BOSAI)?.state, checks.get(BOSAI)?.changedAt], ['ok', null]);
    assert.deepEqual([checks.get(NENKIN)?.state, checks.get(NENKIN)?.changedAt], ['ok', null]);
  });
});
