import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertSnippet } from './answer-insert.ts';

test('an upload becomes its own paragraph, at the caret or at the end', () => {
  assert.deepEqual(insertSnippet('', '![地図](u)', null), { answer: '![地図](u)', caret: 8 });
  assert.equal(insertSnippet('本文です。', '[様式.pdf](u)', null).answer, '本文です。\n\n[様式.pdf](u)');
  assert.equal(insertSnippet('前の段落。\n\n後の段落。', '![図](u)', 5).answer, '前の段落。\n\n![図](u)\n\n後の段落。');
  assert.equal(insertSnippet('一行目\n二行目', '![図](u)', 4).answer, '一行目\n\n![図](u)\n\n二行目');
  assert.equal(insertSnippet('本文', 'x', 99).answer, '本文\n\nx', 'a caret outside the text means the end');
});
