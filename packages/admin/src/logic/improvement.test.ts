import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chosenQuestions, improvementPeriodFromQuery, queryFromImprovementPeriod, reasonsText } from './improvement.ts';

const question = (text: string, count: number, reasons: Partial<Record<'none' | 'candidates' | 'rephrased' | 'notResolved', number>> = {}) => ({
  question: text,
  count,
  lastAt: '2026-11-30T01:00:00.000Z',
  none: 0,
  candidates: 0,
  rephrased: 0,
  notResolved: 0,
  ...reasons,
});

test('why a question is listed: each reason with its count, the most common first', () => {
  assert.equal(reasonsText(question('a', 5, { candidates: 1, none: 3, notResolved: 1 })), '答えられなかった 3回、候補から選ばれなかった 1回、「解決しなかった」と評価された 1回');
  assert.equal(reasonsText(question('a', 1200, { rephrased: 1200 })), '回答の直後に言い直された 1,200回');
});

test('the period: the last 30 days by default and for nonsense; a preset by name; chosen days', () => {
  const today = '2026-11-30';
  assert.deepEqual(improvementPeriodFromQuery(new URLSearchParams(''), today), { preset: 'last30', range: { from: '2026-11-01', to: today } });
  assert.deepEqual(improvementPeriodFromQuery(new URLSearchParams('from=2026-11-30&to=2026-11-01'), today).preset, 'last30');
  assert.deepEqual(improvementPeriodFromQuery(new URLSearchParams('period=soon'), today).preset, 'last30');
  assert.deepEqual(improvementPeriodFromQuery(new URLSearchParams('period=lastMonth'), today), { preset: 'lastMonth', range: { from: '2026-10-01', to: '2026-10-31' } });
  assert.deepEqual(improvementPeriodFromQuery(new URLSearchParams('from=2026-10-05&to=2026-10-20'), today), { preset: 'custom', range: { from: '2026-10-05', to: '2026-10-20' } });
});

test('the period round-trips through the address, the default leaving it plain', () => {
  const today = '2026-11-30';
  for (const text of ['period=last7', 'from=2026-10-05&to=2026-10-20']) {
    const period = improvementPeriodFromQuery(new URLSearchParams(text), today);
    assert.equal(queryFromImprovementPeriod(period), `?${text}`);
  }
  assert.equal(queryFromImprovementPeriod(improvementPeriodFromQuery(new URLSearchParams(''), today)), '');
});

test('the questions an action applies to: all but those unchosen, in the group\'s order', () => {
  const questions = [question('マイナ失くした', 3), question('マイナカード紛失', 2), question('マイナなくした', 1)];
  assert.deepEqual(chosenQuestions(questions, new Set(['マイナカード紛失'])).map((q) => q.question), ['マイナ失くした', 'マイナなくした']);
  assert.deepEqual(chosenQuestions(questions, new Set()), questions);
});
