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

test('normalizeText replaces lone surrogates, keeps three of a repeated piece and cuts runs longer than a word', () => {
  assert.equal(normalizeText('住民票\ud800'), '住民票\ufffd');
  assert.equal(normalizeText('税'.repeat(500)), '税税税');
  assert.equal(normalizeText('ごみ ごみ ごみ ごみ ごみ ごみ '), 'ごみ ごみ ごみ');
  assert.equal(normalizeText('ペイペイで払いたい！！！！'), 'ペイペイで払いたい!!!');
  assert.equal(normalizeText('1000000円'), '1000000円', 'digits are numbers, never collapsed');
  assert.equal(normalizeText('1,000,000,000,000円'), '1,000,000,000,000円', 'nor are grouped digits');
  const kanji = Array.from({ length: 70 }, (_, i) => String.fromCharCode(0x4e00 + i * 7)).join('');
  assert.deepEqual(normalizeText(kanji).split(' ').map((piece) => piece.length), [32, 32, 6]);
  const sentence = 'こせきとうほんがほしいんですけどどうすればいいですかおしえてください';
  assert.equal(normalizeText(sentence), sentence, 'a hiragana sentence typed on a phone stays whole');
});

test('toKatakana converts hiragana only', () => {
  assert.equal(toKatakana('ごみ出し ABC'), 'ゴミ出シ ABC');
});

test('isKanaOnly', () => {
  assert.equal(isKanaOnly('はんこ'), true);
  assert.equal(isKanaOnly('ハンコー'), true);
  assert.equal(isKanaOnly('判子'), false);
});
