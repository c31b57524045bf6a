import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_MARK_CONTRAST, OUTCOME_MARKS, PLAIN_MARK } from './chart-marks.ts';
import { contrastWithWhite } from './contrast.ts';

test('every chart colour stands out 3:1 from the white page and the white lines between marks', () => {
  for (const mark of [PLAIN_MARK, ...Object.values(OUTCOME_MARKS)]) {
    const contrast = contrastWithWhite(mark.color);
    assert.ok(contrast !== undefined && contrast >= MIN_MARK_CONTRAST, `${mark.color}: ${contrast}`);
  }
});

test('the three outcomes differ by pattern too, so they read in grey and for colour-blind staff', () => {
  const patterns = new Set(Object.values(OUTCOME_MARKS).map((mark) => mark.pattern));
  const colours = new Set(Object.values(OUTCOME_MARKS).map((mark) => mark.color));
  assert.equal(patterns.size, 3);
  assert.equal(colours.size, 3);
});
