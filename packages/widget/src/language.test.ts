import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_LANGUAGES } from '@madoguchi/server/chat-api';
import { asLanguage, chooseLanguage, languageFromTag, LANGUAGE_NAMES, LANGUAGES } from './language.ts';

test('the widget offers exactly the server languages, each with a native name', () => {
  assert.deepEqual([...LANGUAGES], [...CHAT_LANGUAGES]);
  assert.deepEqual(Object.keys(LANGUAGE_NAMES).sort(), [...CHAT_LANGUAGES].sort());
});

test('browser tags map to the supported languages by their primary subtag', () => {
  assert.equal(languageFromTag('ja'), 'ja');
  assert.equal(languageFromTag('ja-JP'), 'ja');
  assert.equal(languageFromTag('en-US'), 'en');
  assert.equal(languageFromTag('EN-gb'), 'en');
  assert.equal(languageFromTag('zh-CN'), 'zh');
  assert.equal(languageFromTag('zh-Hant-TW'), 'zh');
  assert.equal(languageFromTag('zh_TW'), 'zh');
  assert.equal(languageFromTag('ko-KR'), 'ko');
  assert.equal(languageFromTag('vi'), 'vi');
  assert.equal(languageFromTag('fr-FR'), null);
  assert.equal(languageFromTag('jav'), null, 'Javanese is not Japanese');
  assert.equal(languageFromTag(''), null);
});

test('the first supported browser language wins, otherwise Japanese', () => {
  assert.equal(chooseLanguage({ forced: null, stored: null, preferred: ['fr-FR', 'vi-VN', 'en'] }), 'vi');
  assert.equal(chooseLanguage({ forced: null, stored: null, preferred: ['en-US', 'ja'] }), 'en');
  assert.equal(chooseLanguage({ forced: null, stored: null, preferred: ['fr', 'de'] }), 'ja');
  assert.equal(chooseLanguage({ forced: null, stored: null, preferred: [] }), 'ja');
});

test('data-lang beats the stored choice, which beats the browser', () => {
  assert.equal(chooseLanguage({ forced: 'ko', stored: 'en', preferred: ['vi'] }), 'ko');
  assert.equal(chooseLanguage({ forced: 'EN', stored: null, preferred: [] }), 'en');
  assert.equal(chooseLanguage({ forced: null, stored: 'zh', preferred: ['en'] }), 'zh');
  assert.equal(chooseLanguage({ forced: 'xx', stored: 'bogus', preferred: ['ko-KR'] }), 'ko', 'unknown values are ignored');
});

test('asLanguage accepts only supported codes', () => {
  assert.equal(asLanguage('vi'), 'vi');
  assert.equal(asLanguage('jp'), null);
  assert.equal(asLanguage(null), null);
  assert.equal(asLanguage(undefined), null);
});
