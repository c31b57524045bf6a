import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelUsageDayView } from '@madoguchi/server/admin-api';
import { formatSeconds, formatYen, usageByDay } from './models.ts';

function row(day: string, fields: Partial<ModelUsageDayView> = {}): ModelUsageDayView {
  return { day, kind: 'chat', model: 'gpt', purpose: 'draft', calls: 2, failures: 0, inputTokens: 100, outputTokens: 20, averageLatencyMs: 900, estimatedCostYen: null, ...fields };
}

test('usage is summed per day over models and purposes, newest day first; a cost only where a price is', () => {
  assert.deepEqual(
    usageByDay([
      row('2026-11-01', { estimatedCostYen: 0.5 }),
      row('2026-11-30', { failures: 1 }),
      row('2026-11-30', { kind: 'embeddings', purpose: 'embedding', inputTokens: 400, outputTokens: 0, estimatedCostYen: 0.25 }),
      row('2026-11-30', { purpose: 'answer', estimatedCostYen: 1 }),
    ]),
    [
      { day: '2026-11-30', calls: 6, failures: 1, tokens: 640, estimatedCostYen: 1.25 },
      { day: '2026-11-01', calls: 2, failures: 0, tokens: 120, estimatedCostYen: 0.5 },
    ],
  );
  assert.deepEqual(usageByDay([row('2026-11-02')])[0]?.estimatedCostYen, null);
});

test('yen and seconds as staff read them', () => {
  assert.equal(formatYen(null), '—');
  assert.equal(formatYen(0.345), '0.35円');
  assert.equal(formatYen(12345.6), '12,346円');
  assert.equal(formatYen(0), '0円');
  assert.equal(formatSeconds(1234), '1.2秒');
  assert.equal(formatSeconds(30_000), '30.0秒');
});
