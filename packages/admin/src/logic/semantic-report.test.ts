import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SemanticEvaluationReply } from '@madoguchi/server/admin-api';
import { metricRows, outcomeText } from './semantic-report.ts';

const metrics = (overrides: Partial<SemanticEvaluationReply['engine']> = {}): SemanticEvaluationReply['engine'] => ({
  total: 10,
  answerable: 8,
  unanswerable: 2,
  hitAt1: 0.75,
  hitAt5: 0.875,
  mrr: 0.8,
  ndcgAt10: 0.85,
  nonePrecision: 0.5,
  noneRecall: 0.5,
  answeredRight: 5,
  answeredWrong: 1,
  candidatesWithRight: 2,
  ...overrides,
});

test('every figure with its definition, formatted, and whether semantic search did better', () => {
  const rows = metricRows(metrics(), metrics({ hitAt1: 0.875, mrr: 0.79, answeredWrong: 2 }));
  const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
  assert.equal(rows.length, 9);
  assert.ok(rows.every((row) => row.definition.endsWith('。')));
  assert.deepEqual([byKey.hitAt1?.engine, byKey.hitAt1?.semantic, byKey.hitAt1?.difference, byKey.hitAt1?.better], ['75.0%', '87.5%', '+12.5ポイント', 'better']);
  assert.deepEqual([byKey.mrr?.engine, byKey.mrr?.semantic, byKey.mrr?.difference, byKey.mrr?.better], ['0.800', '0.790', '−0.010', 'worse']);
  assert.deepEqual([byKey.answeredWrong?.difference, byKey.answeredWrong?.better], ['+1', 'worse'], 'more wrong answers is worse');
  assert.equal(byKey.hitAt5?.better, 'same');
});

test('what one question came to', () => {
  const outcome = { decision: 'candidates' as const, rank: 2, topId: '1002', topQuestion: '…' };
  assert.equal(outcomeText(outcome, ['1001']), '候補を表示（正解は2位）');
  assert.equal(outcomeText({ ...outcome, decision: 'none', rank: 0 }, ['1001']), '答えられない（正解は10位以内になし）');
  assert.equal(outcomeText({ ...outcome, decision: 'none', rank: 0 }, []), '答えられない');
});
