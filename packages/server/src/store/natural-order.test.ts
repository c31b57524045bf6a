import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareQaIds } from './natural-order.ts';

describe('compareQaIds', () => {
  it('orders digit runs by value', () => {
    assert.deepEqual(['10', '2', '1', '100', '02'].sort(compareQaIds), ['1', '02', '2', '10', '100']);
  });
  it('orders mixed ids naturally', () => {
    assert.deepEqual(['A-10', 'A-9', 'B-1', 'A', '税-2', '税-10'].sort(compareQaIds), ['A', 'A-9', 'A-10', 'B-1', '税-2', '税-10']);
  });
  it('handles ids longer than a safe integer', () => {
    assert.ok(compareQaIds('99999999999999999999', '100000000000000000000') < 0);
  });
  it('is total: different ids never compare equal', () => {
    assert.notEqual(compareQaIds('2', '02'), 0);
    assert.equal(compareQaIds('x', 'x'), 0);
  });
});
