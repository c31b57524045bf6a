import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logQuery, logViewFromQuery, queryFromLogView, wordsFromText } from './ai-answers.ts';

test('the words box: one a line, trimmed, once each', () => {
  assert.deepEqual(wordsFromText('税\r\n 料金 \n\n税\n'), ['税', '料金']);
  assert.deepEqual(wordsFromText(''), []);
});

test('the log view round-trips through the address and ignores nonsense', () => {
  const view = logViewFromQuery(new URLSearchParams('outcome=shown&unreviewed=1&page=3'));
  assert.deepEqual(view, { outcome: 'shown', unreviewed: true, page: 3 });
  assert.equal(queryFromLogView(view), '?outcome=shown&unreviewed=1&page=3');
  assert.deepEqual(logViewFromQuery(new URLSearchParams('outcome=maybe&page=-2')), { outcome: '', unreviewed: false, page: 1 });
  assert.equal(queryFromLogView({ outcome: '', unreviewed: false, page: 1 }), '');
  assert.deepEqual(logQuery(view), { outcome: 'shown', unreviewed: 'true', limit: '20', offset: '40' });
});
