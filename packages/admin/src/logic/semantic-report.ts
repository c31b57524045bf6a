/**
 * The 意味検索の評価 report as staff read it: each figure with its plain-Japanese definition, with and
 * without semantic search, and what one question came to.
 */
import type { SemanticEvaluationReply } from '@madoguchi/server/admin-api';
import { formatCount, formatDifference, formatPointDifference, formatRate } from './figures.ts';
import { DECISION_LABELS } from './labels.ts';

type Metrics = SemanticEvaluationReply['engine'];
type Outcome = SemanticEvaluationReply['improved'][number]['engine'];

/** One line of the comparison table. `better`: whether semantic search did better, worse, or the same. */
export interface MetricRow {
  key: string;
  label: string;
  definition: string;
  engine: string;
  semantic: string;
  difference: string;
  better: 'better' | 'worse' | 'same';
}

interface MetricDefinition {
  key: keyof Metrics;
  label: string;
  definition: string;
  kind: 'rate' | 'score' | 'count';
  /** True when a smaller figure is better (wrong answers). */
  lowerIsBetter?: boolean;
}

const METRICS: readonly MetricDefinition[] = [
  { key: 'hitAt1', label: '1位の正解率', kind: 'rate', definition: '正解の QA がある質問のうち、正解が1位に出た割合です。' },
  { key: 'hitAt5', label: '5位以内の正解率', kind: 'rate', definition: '正解が5位以内に出た割合です。候補として示せる範囲です。' },
  { key: 'mrr', label: '平均逆順位（MRR）', kind: 'score', definition: '正解の順位の逆数（1位は1、2位は0.5、3位は0.33…）の平均です。1に近いほど正解が上に出ています。' },
  { key: 'ndcgAt10', label: '上位10件の並び（nDCG@10）', kind: 'score', definition: '上位10件の並びの良さです。正解が上にあるほど1に近くなります。' },
  { key: 'nonePrecision', label: '「答えられない」の的中率', kind: 'rate', definition: '「答えられない」と返した質問のうち、本当に登録した QA に答えがない質問だった割合です。' },
  { key: 'noneRecall', label: '答えのない質問の見分け率', kind: 'rate', definition: '登録した QA に答えがない質問のうち、「答えられない」と返せた割合です。' },
  { key: 'answeredRight', label: '正しい回答', kind: 'count', definition: '正解の QA の回答をそのまま表示した質問の数です。' },
  { key: 'answeredWrong', label: '誤った回答', kind: 'count', lowerIsBetter: true, definition: '違う QA の回答をそのまま表示した質問の数です（答えのない質問への回答を含みます）。少ないほど良い数字です。' },
  { key: 'candidatesWithRight', label: '候補に正解', kind: 'count', definition: '候補を表示し、その中（5位まで）に正解があった質問の数です。' },
];

function formatScore(value: number): string {
  return value.toFixed(3);
}

/**
 * @example metricRows(report.engine, report.semantic)[0] // { label: '1位の正解率', engine: '91.8%', semantic: '92.1%', difference: '+0.3ポイント', better: 'better', … }
 */
export function metricRows(engine: Metrics, semantic: Metrics): MetricRow[] {
  return METRICS.map(({ key, label, definition, kind, lowerIsBetter }) => {
    const before = engine[key];
    const after = semantic[key];
    const delta = lowerIsBetter ? before - after : after - before;
    const better = Math.abs(delta) < 1e-9 ? 'same' : delta > 0 ? 'better' : 'worse';
    const format = kind === 'rate' ? formatRate : kind === 'score' ? formatScore : formatCount;
    const difference = kind === 'rate' ? formatPointDifference(after, before) : kind === 'count' ? formatDifference(after, before) : `${after - before >= 0 ? '+' : '−'}${formatScore(Math.abs(after - before))}`;
    return { key, label, definition, engine: format(before), semantic: format(after), difference, better };
  });
}

/**
 * What the chat did with one question, in words.
 *
 * @example outcomeText({ decision: 'candidates', rank: 2, … }, ['1001']) // '候補を表示（正解は2位）'
 */
export function outcomeText(outcome: Outcome, expected: readonly string[]): string {
  const decision = DECISION_LABELS[outcome.decision];
  if (expected.length === 0) return decision;
  return `${decision}（${outcome.rank > 0 ? `正解は${outcome.rank}位` : '正解は10位以内になし'}）`;
}

/** What the test chat says about semantic search's part in a result. */
export const SEMANTIC_STATE_NOTES: Readonly<Record<'used' | 'off' | 'unavailable', string>> = {
  used: '意味検索を使って並べ直した結果です（「意味の近さ」は 1 に近いほど質問と近い QA です）。',
  off: '意味検索は設定で止めています。標準の検索だけの結果です。',
  unavailable: '意味検索を使えませんでした（準備中か、AI モデルが時間内に応答しませんでした）。標準の検索だけの結果です。',
};
