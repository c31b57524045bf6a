import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as serverLabels from '../../../server/src/admin/statistics/labels.ts';
import { categoryName, CHANNEL_LABELS, DECISION_LABELS, LANGUAGE_LABELS, labelOf, VIA_LABELS } from './log-labels.ts';

test('the console names logged values as the downloads and the monthly report do', () => {
  assert.deepEqual(DECISION_LABELS, serverLabels.DECISION_LABELS);
  assert.deepEqual(CHANNEL_LABELS, serverLabels.CHANNEL_LABELS);
  assert.deepEqual(LANGUAGE_LABELS, serverLabels.LANGUAGE_LABELS);
  assert.deepEqual(VIA_LABELS, serverLabels.VIA_LABELS);
});

test('unknown values show as they are; missing ones say so', () => {
  assert.equal(labelOf(LANGUAGE_LABELS, 'vi'), 'ベトナム語');
  assert.equal(labelOf(LANGUAGE_LABELS, 'fr'), 'fr');
  assert.equal(labelOf(LANGUAGE_LABELS, ''), '（なし）');
  assert.equal(categoryName('戸籍・住民票'), '戸籍・住民票');
  assert.equal(categoryName(''), '（分類なし：合うQAなし）');
});
