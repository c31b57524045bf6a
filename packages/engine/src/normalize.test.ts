import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKanaOnly, normalizeText, toKatakana } from './normalize.ts';

test('normalizeText folds width, case and invisible characters', () => {
  assert.equal(normalizeText('ｺﾞﾐ\u3000の\u3000ＰＤＦ'), 'ゴミ の pdf');
  assert.equal(normalizeText('住民票\u200bの\u0007写し'), '住民票 の 写し');
  assert.equal(normalizeText('マイナンバ-カード'), 'マイナンバーカード');
  assert.equal(normalizeText('9時〜17時'), '9時 17時');
  assert.equal(normalizeText('  \n\t '), '');
});

test('toKatakana converts hiragana only', () => {
  assert.equal(toKatakana('ごみ出し ABC'), 'ゴミ出シ ABC');
});

test('isKanaOnly', () => {
  assert.equal(isKanaOnly('はんこ'), true);
  assert.equal(isKanaOnly('ハンコー'), true);
  assert.equal(isKanaOnly('判子'), false);
});
