import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdminApiError, apiErrorFrom, errorMessage, messageForStatus, networkError } from './errors.ts';

test('the server\'s code and Japanese message are kept, with the rest of `error` as details', () => {
  const current = { id: '1001', version: 5 };
  const error = apiErrorFrom(409, { error: { code: 'CONFLICT', message: 'ほかの人が先に保存しました。', current } });
  assert.equal(error.status, 409);
  assert.equal(error.code, 'CONFLICT');
  assert.equal(error.message, 'ほかの人が先に保存しました。');
  assert.deepEqual(error.details, { current });
});

test('validation issues come through as details', () => {
  const issues = [{ field: 'question', column: '質問', message: '質問が空です' }];
  const error = apiErrorFrom(400, { error: { code: 'VALIDATION_FAILED', message: '入力内容に問題が 1 件あります。', issues } });
  assert.deepEqual(error.details.issues, issues);
});

test('without a message from the server, the status chooses a Japanese one', () => {
  assert.match(apiErrorFrom(403, null).message, /権限がありません/);
  assert.equal(apiErrorFrom(403, null).code, 'HTTP_403');
  assert.match(apiErrorFrom(502, '<html>Bad gateway</html>').message, /サーバーで問題が発生しました/);
  assert.match(apiErrorFrom(401, { error: { code: 'UNAUTHENTICATED', message: '' } }).message, /もう一度ログインしてください/);
  assert.equal(apiErrorFrom(401, { error: { code: 'UNAUTHENTICATED', message: '' } }).code, 'UNAUTHENTICATED');
  assert.match(apiErrorFrom(418, {}).message, /エラー 418/);
  assert.match(messageForStatus(429), /少し待って/);
});

test('odd bodies never throw and never show internals', () => {
  for (const body of [undefined, 'text', 42, [], { error: 'x' }, { error: { code: 5, message: ['a'] } }]) {
    const error = apiErrorFrom(500, body);
    assert.ok(error instanceof AdminApiError);
    assert.match(error.message, /サーバーで問題/);
  }
});

test('no answer at all is a network error or a timeout, status 0', () => {
  assert.equal(networkError(false).code, 'NETWORK');
  assert.equal(networkError(true).code, 'TIMEOUT');
  assert.equal(networkError(true).status, 0);
  assert.match(networkError(false).message, /接続できませんでした/);
});

test('errorMessage shows API messages and hides programming errors', () => {
  assert.equal(errorMessage(new AdminApiError(400, 'X', '直してください。')), '直してください。');
  assert.match(errorMessage(new TypeError('undefined is not a function')), /予期しない問題/);
});
