import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, MESSAGES, type MessageKey } from './i18n.ts';
import { LANGUAGES } from './language.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
const keys = Object.keys(MESSAGES.ja) as MessageKey[];

test('every language has every key, and no string is empty', () => {
  assert.ok(keys.length > 30);
  for (const lang of LANGUAGES) {
    const messages = MESSAGES[lang];
    assert.deepEqual(Object.keys(messages).sort(), [...keys].sort(), `keys of ${lang}`);
    for (const key of keys) assert.ok(messages[key].trim().length > 0, `${lang}.${key} is empty`);
  }
});

test('translations use the same placeholders as the Japanese original', () => {
  for (const lang of LANGUAGES) {
    for (const key of keys) {
      assert.deepEqual(placeholders(MESSAGES[lang][key]), placeholders(MESSAGES.ja[key]), `${lang}.${key}`);
    }
  }
});

test('translations are translated: only a few short strings may equal the Japanese', () => {
  for (const lang of LANGUAGES.filter((l) => l !== 'ja')) {
    const same = keys.filter((key) => MESSAGES[lang][key] === MESSAGES.ja[key]);
    assert.ok(same.every((key) => key === 'pdf' || key === 'said'), `${lang} copies ${same.join(', ')}`);
  }
});

test('Japanese sentences are polite (です・ます) and use full-width punctuation', () => {
  for (const key of ['greeting', 'thanks', 'noneSorry', 'errorNetwork', 'commentThanks', 'categoryEmpty'] as const) {
    assert.match(MESSAGES.ja[key], /(です|ます|ません|ました|でした|ください|どうぞ)。$/, key);
  }
  assert.equal(MESSAGES.ja.errorNetwork, '通信できませんでした。しばらくしてからもう一度お試しください。');
  for (const key of keys) assert.doesNotMatch(MESSAGES.ja[key], /[!?]|\.\s/, `ja.${key} uses half-width punctuation`);
});

test('format fills known placeholders and keeps unknown ones', () => {
  assert.equal(format('{count}／{max}文字', { count: 3, max: 500 }), '3／500文字');
  assert.equal(format('{name}です', { name: 'まどか' }), 'まどかです');
  assert.equal(format('{other}', { name: 'x' }), '{other}');
  assert.equal(format('{name} {name}', { name: 'a' }), 'a a');
});
