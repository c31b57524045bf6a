/**
 * The AI model screen's wording and sums: what each endpoint, purpose and outcome is called, the usage of
 * each day over every model, and yen and seconds as staff read them. Pure.
 */
import type { ModelCallView, ModelUsageDayView } from '@madoguchi/server/admin-api';

export const KIND_LABELS: Readonly<Record<ModelUsageDayView['kind'], string>> = { chat: 'チャットモデル', embeddings: '埋め込みモデル' };

export const PURPOSE_LABELS: Readonly<Record<ModelUsageDayView['purpose'], string>> = {
  draft: 'QAの下書き候補',
  suggestion: '言い換え・書き換えの提案',
  answer: 'AIによる回答',
  embedding: '意味検索の準備',
  check: '接続の確認',
};

export const OUTCOME_LABELS: Readonly<Record<ModelCallView['outcome'], string>> = { ok: '成功', error: '失敗', timeout: '時間切れ' };

/** One day of usage over every model and purpose. */
export interface DayUsage {
  day: string;
  calls: number;
  failures: number;
  tokens: number;
  /** Null when no call of the day has a price. */
  estimatedCostYen: number | null;
}

/**
 * The store's rows (per day, model, purpose) summed per day, newest day first.
 *
 * @example usageByDay(rows)[0] // { day: '2026-11-30', calls: 12, failures: 1, tokens: 10100, estimatedCostYen: 1.2 }
 */
export function usageByDay(rows: readonly ModelUsageDayView[]): DayUsage[] {
  const days = new Map<string, DayUsage>();
  for (const row of rows) {
    const sum = days.get(row.day) ?? { day: row.day, calls: 0, failures: 0, tokens: 0, estimatedCostYen: null };
    sum.calls += row.calls;
    sum.failures += row.failures;
    sum.tokens += row.inputTokens + row.outputTokens;
    if (row.estimatedCostYen !== null) sum.estimatedCostYen = (sum.estimatedCostYen ?? 0) + row.estimatedCostYen;
    days.set(row.day, sum);
  }
  return [...days.values()].sort((a, b) => b.day.localeCompare(a.day));
}

/**
 * Yen to the hundredth below 100 円 (a call costs fractions of a yen), whole yen above; 「—」 without a price.
 *
 * @example formatYen(0.345) // '0.35円'
 */
export function formatYen(yen: number | null): string {
  if (yen === null) return '—';
  return `${yen.toLocaleString('ja-JP', { maximumFractionDigits: yen < 100 ? 2 : 0 })}円`;
}

/** @example formatSeconds(1234) // '1.2秒' */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}秒`;
}
