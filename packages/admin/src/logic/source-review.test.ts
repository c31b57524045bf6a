import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastRunText, progressText, reasonText, shortDate } from './source-review.ts';

const TODAY = '2026-11-30';

test('each reason in plain Japanese, dates as days in Japan', () => {
  assert.equal(reasonText({ kind: 'source-changed', url: 'https://a.example/', changedAt: '2026-11-27T15:30:00.000Z' }, TODAY), '情報源のページが変わりました（11月28日）');
  assert.equal(reasonText({ kind: 'source-missing', url: 'https://a.example/', since: null }, TODAY), '情報源のページが見つかりません');
  assert.equal(reasonText({ kind: 'source-missing', url: 'https://a.example/', since: '2025-12-01T00:00:00.000Z' }, TODAY), '情報源のページが見つかりません（2025年12月1日から）');
  assert.equal(
    reasonText({ kind: 'source-unreachable', url: 'https://a.example/', checkedAt: '2026-11-30T00:00:00.000Z', error: 'ページを開けませんでした（HTTP 503）。' }, TODAY),
    '情報源のページを確認できませんでした（ページを開けませんでした（HTTP 503））',
  );
  assert.equal(reasonText({ kind: 'review-due', dueDay: '2026-11-01' }, TODAY), '見直しの時期です（期限 2026年11月1日）');
});

test('shortDate leaves out this year', () => {
  assert.equal(shortDate('2026-01-05T00:00:00.000Z', TODAY), '1月5日');
  assert.equal(shortDate('2025-12-31T15:00:00.000Z', TODAY), '1月1日');
  assert.equal(shortDate('2025-12-31T14:00:00.000Z', TODAY), '2025年12月31日');
});

test('the last run and the run under way', () => {
  const run = { at: '2026-11-30T01:05:00.000Z', actor: 'system', trigger: 'schedule' as const, sources: 12, checked: 12, changed: 1, missing: 2, errors: 0 };
  assert.equal(lastRunText(run), '2026/11/30 10:05:00（毎日の自動確認）: 12 ページを確認しました。変わったページ 1、見つからないページ 2、確認できなかったページ 0');
  assert.match(lastRunText({ ...run, trigger: 'staff', actor: 'suzuki', sources: 600, checked: 500 }), /suzuki さんが開始.*500 ページを確認しました（全 600 ページのうち、確認が古いものから）/);
  assert.equal(progressText({ running: null }), '');
  assert.equal(progressText({ running: { trigger: 'staff', actor: 'suzuki', startedAt: run.at, done: 0, total: 0 } }), '情報源のページを確認しています…');
  assert.equal(progressText({ running: { trigger: 'staff', actor: 'suzuki', startedAt: run.at, done: 3, total: 12 } }), '情報源のページを確認しています（3 / 12 ページ）…');
});
