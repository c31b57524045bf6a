import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineRange, textLines } from './text-lines.ts';

test('lines as saved keep inner blank lines and drop trailing ones', () => {
  assert.deepEqual(textLines('ごみ, ゴミ\r\n\n# メモ\n引っ越し -> 転入\n\n  \n'), ['ごみ, ゴミ', '', '# メモ', '引っ越し -> 転入']);
  assert.deepEqual(textLines(''), []);
});

test('a line can be found to select it', () => {
  const text = 'ab\ncd\n\nef';
  assert.deepEqual(lineRange(text, 1), [0, 2]);
  assert.deepEqual(lineRange(text, 2), [3, 5]);
  assert.deepEqual(lineRange(text, 3), [6, 6]);
  assert.deepEqual(lineRange(text, 4), [7, 9]);
  assert.deepEqual(lineRange(text, 9), [9, 9]);
});
