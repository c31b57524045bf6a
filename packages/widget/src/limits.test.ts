import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as server from '@madoguchi/server/chat-api';
import { Value } from 'typebox/value';
import { FEEDBACK_COMMENT_MAX_LENGTH, MESSAGE_MAX_LENGTH, PAGE_ADDRESS_MAX_LENGTH } from './limits.ts';

test('the widget limits equal the server schema limits', () => {
  assert.equal(MESSAGE_MAX_LENGTH, server.MESSAGE_MAX_LENGTH);
  assert.equal(FEEDBACK_COMMENT_MAX_LENGTH, server.FEEDBACK_COMMENT_MAX_LENGTH);
  assert.equal(Value.Check(server.ChatRequest, { page: 'a'.repeat(PAGE_ADDRESS_MAX_LENGTH) }), true);
  assert.equal(Value.Check(server.ChatRequest, { page: 'a'.repeat(PAGE_ADDRESS_MAX_LENGTH + 1) }), false);
});
