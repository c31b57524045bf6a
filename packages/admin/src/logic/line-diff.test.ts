import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineDiff } from './line-diff.ts';

test('changed lines show as removed then added, shared lines stay', () => {
  assert.deepEqual(lineDiff('a\nb\nc', 'a\nx\nc'), [
    { kind: 'same', text: 'a' },
    { kind: 'removed', text: 'b' },
    { kind: 'added', text: 'x' },
    { kind: 'same', text: 'c' },
  ]);
  assert.deepEqual(lineDiff('', 'a'), [{ kind: 'added', text: 'a' }]);
  assert.deepEqual(lineDiff('a', ''), [{ kind: 'removed', text: 'a' }]);
  assert.deepEqual(lineDiff('', ''), []);
});

test('property: the before side and the after side can be read back from the diff', () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', '住民票', ''), { maxLength: 12 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const diff = lineDiff(before, after);
      const old = diff.filter((l) => l.kind !== 'added').map((l) => l.text);
      const neu = diff.filter((l) => l.kind !== 'removed').map((l) => l.text);
      assert.deepEqual(old, before === '' ? [] : before.split('\n'));
      assert.deepEqual(neu, after === '' ? [] : after.split('\n'));
    }),
  );
});

test('identical texts are all "same"', () => {
  assert.ok(lineDiff('x\ny', 'x\ny').every((line) => line.kind === 'same'));
});
