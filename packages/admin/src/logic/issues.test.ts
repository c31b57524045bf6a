import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldForIssue } from './issues.ts';

test('server issue fields find their place in the form', () => {
  assert.equal(fieldForIssue('question'), 'question');
  assert.equal(fieldForIssue('answer_en'), 'translations.en.answer');
  assert.equal(fieldForIssue('alternates_vi'), 'translations.vi.alternates');
  assert.equal(fieldForIssue('themeColor'), undefined);
  assert.equal(fieldForIssue(undefined), undefined);
});
