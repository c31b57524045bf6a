/**
 * The waits of sign-in throttling: free failures, then doubling, then the cap.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delayAfter } from './throttle.ts';

test('no wait while failures are free, then base, 2×, 4× … up to the cap', () => {
  const pair = { freeFailures: 4, maxDelayMs: 15 * 60_000 };
  assert.deepEqual([1, 4, 5, 6, 7, 8].map((n) => delayAfter(n, pair, 1000)), [0, 0, 1000, 2000, 4000, 8000]);
  assert.equal(delayAfter(14, pair, 1000), 512_000);
  assert.equal(delayAfter(15, pair, 1000), 15 * 60_000, 'capped at 15 minutes');
  assert.equal(delayAfter(1000, pair, 1000), 15 * 60_000, 'however many failures');
  assert.equal(delayAfter(40, { freeFailures: 20, maxDelayMs: 60_000 }, 1000), 60_000, 'a login id alone waits a minute at most');
});
