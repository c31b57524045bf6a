import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadingDictionary } from './kana-conversion.ts';
import type { ContentWord } from './content-words.ts';

const word = (surface: string, reading: string): ContentWord => ({ surface, lemma: surface, reading, filler: false, run: 0 });
const dictionary = ReadingDictionary.fromWords([
  word('世帯', 'セタイ'), word('主', 'ヌシ'), word('変更', 'ヘンコウ'), word('児童', 'ジドウ'), word('手当', 'テアテ'),
  word('下', 'シタ'), word('帯', 'タイ'), word('作り', 'ツクリ'), word('窓口', 'マドグチ'), word('保育園', 'ホイクエン'),
]);

test('hiragana words typed alone become the QAs’ words', () => {
  assert.equal(dictionary.convert('せたいぬし へんこう'), '世帯主 変更');
  assert.equal(dictionary.convert('じどうてあて'), '児童手当');
  assert.equal(dictionary.convert('ほいくえんの申込'), '保育園の申込');
});

test('two-kana readings alone are never converted (した, たい)', () => {
  assert.equal(dictionary.convert('したい'), 'したい');
  // つくり is known but たい is grammar: too little of the run is a word, the tokenizer reads it.
  assert.equal(dictionary.convert('つくりたい'), 'つくりたい');
});

test('okurigana, polite sentences and place names are left to the tokenizer', () => {
  assert.equal(dictionary.convert('住民票をつくりたい'), '住民票をつくりたい');
  assert.equal(dictionary.convert('よろしくおねがいします'), 'よろしくおねがいします');
  assert.equal(dictionary.convert('まどぐち市の窓口'), 'まどぐち市の窓口');
});

test('runs mostly unknown stay as typed', () => {
  assert.equal(dictionary.convert('ありがとう'), 'ありがとう');
});
