import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSessionId, newSessionId } from './session-id.ts';

test('session ids match the server pattern and do not repeat', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = newSessionId();
    assert.equal(id.length, 22);
    assert.ok(isSessionId(id), id);
    ids.add(id);
  }
  assert.equal(ids.size, 1000);
});

test('isSessionId rejects what the server would reject', () => {
  assert.equal(isSessionId('a'.repeat(15)), false);
  assert.equal(isSessionId('a'.repeat(65)), false);
  assert.equal(isSessionId('abc def ghi jkl mno'), false);
  assert.equal(isSessionId(42), false);
  assert.equal(isSessionId('A-b_' + '0'.repeat(12)), true);
});
