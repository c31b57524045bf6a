/**
 * The usage table of the AI model screen: the store's daily totals with average latency and the estimated
 * cost from each endpoint's configured price. Pure.
 */
import type { ModelUsageTotal } from '../../store/authoring-records.ts';
import type { ModelPrice, ModelStatus } from '../../ai/models/models.ts';
import type { ModelStatusView, ModelUsageDayView, ModelUsageReport, ModelUsageTotalView } from './schema.ts';

/** Rows of the store (per day, kind, model, purpose) → the report, costs where the model has a price. */
export function usageReport(rows: readonly ModelUsageTotal[], statuses: readonly ModelStatus[], range: { from: string; to: string }): ModelUsageReport {
  const priceOf = (kind: string, model: string): ModelPrice | undefined => statuses.find((s) => s.kind === kind && s.model === model)?.price;
  const days: ModelUsageDayView[] = rows.map((row) => ({ day: row.day, ...figures(row, priceOf(row.kind, row.model)) }));
  const sums = new Map<string, ModelUsageTotal>();
  for (const row of rows) {
    const key = `${row.kind}\u0000${row.model}\u0000${row.purpose}`;
    const sum = sums.get(key);
    if (!sum) sums.set(key, { ...row });
    else {
      sum.calls += row.calls;
      sum.failures += row.failures;
      sum.inputTokens += row.inputTokens;
      sum.outputTokens += row.outputTokens;
      sum.latencyMsSum += row.latencyMsSum;
    }
  }
  const totals: ModelUsageTotalView[] = [...sums.values()]
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.model.localeCompare(b.model) || a.purpose.localeCompare(b.purpose))
    .map((sum) => figures(sum, priceOf(sum.kind, sum.model)));
  const costs = totals.map((t) => t.estimatedCostYen).filter((cost): cost is number => cost !== null);
  return { ...range, days, totals, estimatedCostYen: costs.length === 0 ? null : roundYen(costs.reduce((a, b) => a + b, 0)) };
}

function figures(row: ModelUsageTotal, price: ModelPrice | undefined): ModelUsageTotalView {
  return {
    kind: row.kind,
    model: row.model,
    purpose: row.purpose,
    calls: row.calls,
    failures: row.failures,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    averageLatencyMs: row.calls === 0 ? 0 : Math.round(row.latencyMsSum / row.calls),
    estimatedCostYen: price ? roundYen((row.inputTokens * price.input + row.outputTokens * price.output) / 1_000_000) : null,
  };
}

/** To the hundredth of a yen: small calls cost fractions of a yen. */
function roundYen(yen: number): number {
  return Math.round(yen * 100) / 100;
}

/** A status as the API sends it (no price → null). */
export function statusView(status: ModelStatus): ModelStatusView {
  return { ...status, price: status.price ?? null };
}
