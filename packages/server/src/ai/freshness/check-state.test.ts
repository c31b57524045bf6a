/**
 * One check's effect on what is stored about a source page, through a page's life: first reading, the same
 * text in other markup, a real change, 304, an outage, disappearance and return. Also which addresses a
 * 参照URL entry stands for.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SourceCheck } from '../../store/authoring-records.ts';
import { conditionalHeaders, nextCheck, statusKind, textHash, type CheckOutcome } from './check-state.ts';
import { checkableUrl, distinctSourceUrls } from './source-urls.ts';

const URL_A = 'https://www.example.jp/a.html';
const page = (text: string, etag: string | null = null): CheckOutcome => ({ kind: 'page', status: 200, contentHash: textHash(text), etag, lastModified: null });

/** Applies outcomes in turn, one a day, and returns every stored state. */
function life(...outcomes: CheckOutcome[]): SourceCheck[] {
  const states: SourceCheck[] = [];
  outcomes.forEach((outcome, day) => states.push(nextCheck(URL_A, states.at(-1), outcome, `2026-11-${String(day + 1).padStart(2, '0')}T00:00:00.000Z`)));
  return states;
}

describe('nextCheck', () => {
  test('the first reading records; whitespace-only differences are no change; a different text is', () => {
    const [first, reflowed, changed, again] = life(page('住民票の写し\n手数料 300円', '"v1"'), page('  住民票の写し   手数料\u3000300円 '), page('住民票の写し 手数料 350円'), page('住民票の写し 手数料 350円'));
    assert.deepEqual(first, { url: URL_A, checkedAt: '2026-11-01T00:00:00.000Z', state: 'ok', httpStatus: 200, contentHash: textHash('住民票の写し 手数料 300円'), etag: '"v1"', lastModified: null, changedAt: null, error: null });
    assert.equal(reflowed?.changedAt, null);
    assert.equal(changed?.changedAt, '2026-11-03T00:00:00.000Z');
    assert.equal(again?.changedAt, '2026-11-03T00:00:00.000Z', 'kept until the next change');
  });

  test('304 keeps the reading; an outage keeps everything known and says why', () => {
    const [, notModified, failed, back] = life(
      page('本文', '"v1"'),
      { kind: 'not-modified', etag: '"v1"', lastModified: null },
      { kind: 'failed', status: null, message: '応答がありませんでした。' },
      page('本文'),
    );
    assert.equal(notModified?.state, 'ok');
    assert.equal(notModified?.httpStatus, 304);
    assert.equal(notModified?.contentHash, textHash('本文'));
    assert.deepEqual([failed?.state, failed?.contentHash, failed?.etag, failed?.error], ['error', textHash('本文'), '"v1"', '応答がありませんでした。']);
    assert.equal(back?.changedAt, null, 'no change after an outage with the same text');
  });

  test('a page that disappears is a change when it goes, not again while it stays gone (outages between included), and again when it comes back', () => {
    const [, gone, stillGone, failed, goneAgain, returned] = life(
      page('本文'),
      { kind: 'gone', status: 404 },
      { kind: 'gone', status: 410 },
      { kind: 'failed', status: 503, message: 'x' },
      { kind: 'gone', status: 404 },
      page('本文'),
    );
    assert.deepEqual([gone?.state, gone?.contentHash, gone?.changedAt], ['missing', null, '2026-11-02T00:00:00.000Z']);
    assert.equal(stillGone?.changedAt, '2026-11-02T00:00:00.000Z');
    assert.equal(failed?.changedAt, '2026-11-02T00:00:00.000Z');
    assert.equal(goneAgain?.changedAt, '2026-11-02T00:00:00.000Z');
    assert.deepEqual([returned?.state, returned?.contentHash, returned?.changedAt], ['ok', textHash('本文'), '2026-11-06T00:00:00.000Z'], 'back: read afresh, and a change to look at');
    const [, , , readAgain, nextDay] = life(page('本文'), { kind: 'gone', status: 404 }, { kind: 'failed', status: null, message: 'x' }, page('本文'), page('本文'));
    assert.equal(readAgain?.changedAt, '2026-11-04T00:00:00.000Z', 'back after an outage while missing: a change too');
    assert.equal(nextDay?.changedAt, '2026-11-04T00:00:00.000Z', 'and only once');
    assert.equal(life({ kind: 'gone', status: 404 })[0]?.changedAt, '2026-11-01T00:00:00.000Z', 'missing at the first check');
  });

  test('validators are sent only with a stored reading', () => {
    const [first, gone] = life(page('本文', '"v1"'), { kind: 'gone', status: 404 });
    assert.deepEqual(conditionalHeaders(first), { etag: '"v1"' });
    assert.deepEqual(conditionalHeaders(gone), {});
    assert.deepEqual(conditionalHeaders(undefined), {});
  });

  test('statusKind', () => {
    assert.deepEqual([200, 203, 404, 410, 403, 500].map(statusKind), ['page', 'page', 'gone', 'gone', 'failed', 'failed']);
  });
});

describe('checkableUrl', () => {
  const facts = { 'URL:市民課': 'https://www.example.jp/soshiki/shimin/', 市ホームページ: 'https://www.example.jp/' };

  test('fills placeholders, reads paths against the homepage, drops the fragment', () => {
    assert.equal(checkableUrl('{{URL:市民課}}', facts), 'https://www.example.jp/soshiki/shimin/');
    assert.equal(checkableUrl('/kurashi/gomi.html#top', facts), 'https://www.example.jp/kurashi/gomi.html');
    assert.equal(checkableUrl(' https://city.example/faq.pdf ', facts), 'https://city.example/faq.pdf');
  });

  test('null for what cannot be fetched', () => {
    for (const entry of ['{{URL:未登録課}}', 'javascript:alert(1)', 'ftp://a.example/x', 'ホームページ', '']) assert.equal(checkableUrl(entry, facts), null, entry);
    assert.equal(checkableUrl('/kurashi/', {}), null, 'a path without a homepage');
  });

  test('distinctSourceUrls: each address once', () => {
    const qas = [{ sourceUrls: ['{{URL:市民課}}', 'https://www.example.jp/soshiki/shimin/#a'] }, { sourceUrls: ['/x', '{{URL:未登録課}}'] }];
    assert.deepEqual(distinctSourceUrls(qas, facts), ['https://www.example.jp/soshiki/shimin/', 'https://www.example.jp/x']);
  });
});
