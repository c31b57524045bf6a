import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditActionLabel, auditDetail, auditTargetLabel } from './labels.ts';

test('audit actions read in Japanese; unknown ones stay as they are', () => {
  assert.equal(auditActionLabel('auth.sign-in-failed'), 'ログイン失敗');
  assert.equal(auditActionLabel('something.new'), 'something.new');
});

test('audit details read as one line', () => {
  assert.equal(auditDetail({ version: 4, mode: 'merge', ids: ['1', '2'] }), 'version: 4、mode: merge、ids: ["1","2"]');
  assert.equal(auditDetail({}), '');
});

test('setting keys in the audit log read as screen names', () => {
  assert.equal(auditTargetLabel('settings.update', 'cityFacts'), '市の情報');
  assert.equal(auditTargetLabel('qa.update', 'cityFacts'), 'cityFacts');
});
