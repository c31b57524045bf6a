import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankingText, seriesText } from './chart-text.ts';

test('a ranking names the two largest with their share; the earlier wins a tie; zeros are never the most', () => {
  const hours = [
    { label: '8時台', count: 0 },
    { label: '9時台', count: 15 },
    { label: '10時台', count: 12 },
    { label: '11時台', count: 15 },
  ];
  assert.equal(rankingText(hours, '時間帯', 42), '最も多い時間帯は 9時台（15 件、35.7%）、次いで 11時台（15 件、35.7%）です。');
  assert.equal(rankingText([{ label: '日本語', count: 3 }], '言語', 3), '最も多い言語は 日本語（3 件、100.0%）です。');
  assert.equal(rankingText([{ label: '日本語', count: 0 }], '言語', 0), '');
});

test('a series states its total, the average per bucket and its busiest bucket', () => {
  const days = [
    { label: '11月1日', count: 4 },
    { label: '11月2日', count: 6 },
    { label: '11月3日', count: 0 },
  ];
  assert.equal(seriesText(days, '日'), '入力された質問は合計 10 件、1日あたり平均 3.3 件です。最も多かったのは 11月2日 の 6 件です。');
  assert.equal(seriesText([{ label: '2026年11月', count: 1200 }], '月'), '入力された質問は合計 1,200 件、1か月あたり平均 1,200 件です。最も多かったのは 2026年11月 の 1,200 件です。');
  assert.equal(seriesText(days.map((d) => ({ ...d, count: 0 })), '週'), 'この期間に入力された質問はありません。');
});
