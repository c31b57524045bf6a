/**
 * The sentence that sums up each chart, read before the chart and its table: the total and where the
 * figures are highest, so a screen-reader user (and a busy manager) gets the point without the picture.
 */
import { formatCount, formatShare } from './figures.ts';

export interface LabelledCount {
  /** As read aloud: 「2026年11月30日（月）」, 「9時台」, 「戸籍・住民票」. */
  label: string;
  count: number;
}

/** The largest counts, largest first; the earlier item wins a tie. Zeros are never "the most". */
function largest(items: readonly LabelledCount[], how: number): LabelledCount[] {
  return items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.count > 0)
    .sort((a, b) => b.item.count - a.item.count || a.index - b.index)
    .slice(0, how)
    .map(({ item }) => item);
}

/**
 * @example rankingText([{ label: '9時台', count: 15 }, { label: '10時台', count: 12 }], '時間帯', 27)
 * // '最も多い時間帯は 9時台（15 件、55.6%）、次いで 10時台（12 件、44.4%）です。'
 */
export function rankingText(items: readonly LabelledCount[], what: string, total: number): string {
  const [first, second] = largest(items, 2);
  if (!first) return '';
  const part = (item: LabelledCount) => `${item.label}（${formatCount(item.count)} 件、${formatShare(item.count, total)}）`;
  return `最も多い${what}は ${part(first)}${second ? `、次いで ${part(second)}` : ''}です。`;
}

/**
 * The summary of a series over time: the total, the average per bucket and the busiest bucket.
 *
 * @example seriesText([{ label: '11月1日', count: 4 }, { label: '11月2日', count: 6 }], '日')
 * // '入力された質問は合計 10 件、1日あたり平均 5 件です。最も多かったのは 11月2日 の 6 件です。'
 */
export function seriesText(items: readonly LabelledCount[], unit: '日' | '週' | '月'): string {
  const total = items.reduce((sum, item) => sum + item.count, 0);
  if (total === 0) return 'この期間に入力された質問はありません。';
  const average = Math.round((total / items.length) * 10) / 10;
  const [peak] = largest(items, 1);
  const per = unit === '日' ? '1日' : unit === '週' ? '1週' : '1か月';
  return `入力された質問は合計 ${formatCount(total)} 件、${per}あたり平均 ${average.toLocaleString('ja-JP')} 件です。最も多かったのは ${peak?.label ?? ''} の ${formatCount(peak?.count ?? 0)} 件です。`;
}
