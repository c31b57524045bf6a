import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSendKey } from './keys.ts';

const key = (overrides: Partial<Parameters<typeof isSendKey>[0]>): Parameters<typeof isSendKey>[0] => ({
  key: 'Enter',
  shiftKey: false,
  isComposing: false,
  keyCode: 13,
  ...overrides,
});

test('Enter sends; Shift+Enter is a new line; other keys do nothing', () => {
  assert.equal(isSendKey(key({})), true);
  assert.equal(isSendKey(key({ shiftKey: true })), false);
  assert.equal(isSendKey(key({ key: 'a', keyCode: 65 })), false);
});

test('the Enter that confirms an IME conversion never sends', () => {
  assert.equal(isSendKey(key({ isComposing: true })), false, 'Chrome, Firefox, Edge');
  assert.equal(isSendKey(key({ keyCode: 229 })), false, 'Safari: keydown after compositionend');
  assert.equal(isSendKey(key({ isComposing: true, keyCode: 229 })), false);
});
