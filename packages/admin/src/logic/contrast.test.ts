import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contrastWithWhite, MIN_CONTRAST, parseHex } from './contrast.ts';

test('colours parse in long and short form; anything else is not a colour', () => {
  assert.deepEqual(parseHex('#1b6e53'), [27, 110, 83]);
  assert.deepEqual(parseHex('FFF'), [255, 255, 255]);
  assert.equal(parseHex('red'), undefined);
  assert.equal(parseHex('#12345'), undefined);
});

test('contrast with white follows WCAG: black 21, white 1, the default green passes, yellow fails', () => {
  assert.ok(Math.abs((contrastWithWhite('#000000') ?? 0) - 21) < 0.01);
  assert.ok(Math.abs((contrastWithWhite('#ffffff') ?? 0) - 1) < 0.01);
  assert.ok((contrastWithWhite('#1b6e53') ?? 0) >= MIN_CONTRAST);
  assert.ok((contrastWithWhite('#f5c400') ?? 99) < MIN_CONTRAST);
  // #767676 is the classic boundary grey (4.54:1).
  assert.ok(Math.abs((contrastWithWhite('#767676') ?? 0) - 4.54) < 0.01);
  assert.equal(contrastWithWhite('nope'), undefined);
});
