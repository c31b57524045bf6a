import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, formatDifference, formatMilliseconds, formatPointDifference, formatRate, formatShare, NO_RATE, rate } from './figures.ts';

test('counts have thousands separators', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(1234567), '1,234,567');
});

test('rates have one decimal; without a base they are 「—」, never 0 % or 100 %', () => {
  assert.equal(rate(1, 4), 0.25);
  assert.equal(rate(0, 0), null);
  assert.equal(formatRate(0.7125), '71.3%');
  assert.equal(formatRate(1), '100.0%');
  assert.equal(formatRate(0), '0.0%');
  assert.equal(formatRate(null), NO_RATE);
  assert.equal(formatShare(57, 80), '71.3%');
  assert.equal(formatShare(0, 0), NO_RATE);
});

test('changes from the previous month are signed, rates in percentage points', () => {
  assert.equal(formatDifference(120, 98), '+22');
  assert.equal(formatDifference(1000, 2500), '−1,500');
  assert.equal(formatDifference(5, 5), '±0');
  assert.equal(formatPointDifference(0.712, 0.687), '+2.5ポイント');
  assert.equal(formatPointDifference(0.5, 0.75), '−25.0ポイント');
  assert.equal(formatPointDifference(0.5, 0.5), '±0.0ポイント');
  assert.equal(formatPointDifference(0.5, null), NO_RATE);
});

test('latency reads in milliseconds', () => {
  assert.equal(formatMilliseconds(12.34), '12.3 ミリ秒');
  assert.equal(formatMilliseconds(null), NO_RATE);
});
