import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadingDictionary } from './kana-conversion.ts';
import type { ContentWord } from './content-words.ts';

const word = (surface: string, reading: string): ContentWord => ({ surface, lemma: surface, reading, filler: false, run: 0 });
const dictionary = ReadingDictionary.fromTexts([
  word('世帯', 'セタイ'), word('主', 'ヌシ'), word('変更', 'ヘンコウ'), word('児童', 'ジドウ'), word('手当', 'テアテ'),
  word('下', 'シタ'), word('帯', 'タイ'), word('作り', 'ツクリ'), word('窓口', 'マドグチ'), word('保育園', 'ホイクエン'),
  word('住民', 'ジュウミン'), word('票', 'ヒョウ'), word('費用', 'ヒヨウ'), word('戸籍', 'コセキ'), word('謄本', 'トウホン'), word('国民健康保険', 'コクミンケンコウホケン'),
].map((w) => [w]).concat([[word('住民', 'ジュウミン'), word('票', 'ヒョウ')]]));

test('hiragana words typed alone become the QAs’ words', () => {
  assert.equal(dictionary.convert('せたいぬし へんこう'), '世帯主 変更');
  assert.equal(dictionary.convert('じどうてあて'), '児童手当');
  assert.equal(dictionary.convert('ほいくえんの申込'), '保育園の申込');
});

test('two-kana readings alone are never converted (した, たい)', () => {
  assert.equal(dictionary.convert('したい'), 'したい');
  // つくり is known and たい is grammar: the word is converted, the grammar left to the tokenizer.
  assert.equal(dictionary.convert('つくりたい'), '作りたい');
});

test('a question typed wholly in hiragana gets its known words back, its grammar stays', () => {
  assert.equal(dictionary.convert('こせきとうほんがほしいんですけど'), '戸籍謄本がほしいんですけど');
  assert.equal(dictionary.convert('3さいのこのほいくえん'), '3さいのこの保育園');
});

test('long vowels left out or written ー still find the word (じゅみんひょ, こくみんけんこーほけん)', () => {
  assert.equal(dictionary.convert('じゅみんひょ'), '住民票');
  assert.equal(dictionary.convert('こくみんけんこーほけん'), '国民健康保険');
});

test('romaji that known words cover becomes them; other Latin words stay (juminhyo, name)', () => {
  assert.equal(dictionary.convert('juminhyo'), '住民票');
  assert.equal(dictionary.convert('koseki tohon'), '戸籍 謄本');
  assert.equal(dictionary.convert('name pdf'), 'name pdf');
  // Addresses and file names are no romaji, and the QAs' own text is never read as romaji.
  assert.equal(dictionary.convert('https://www.city.example.jp/koseki/juminhyo.html'), 'https://www.city.example.jp/koseki/juminhyo.html');
  assert.equal(dictionary.convertKana('juminhyo'), 'juminhyo');
});

test('a negated word is never learnt as a spelling: もえないごみ stays for the tokenizer, not 燃えごみ', () => {
  const negated: ContentWord = { surface: '燃え', lemma: '燃えるナイ', reading: 'モエナイ', filler: false, run: 0 };
  const withNegation = ReadingDictionary.fromTexts([[negated, { ...word('ごみ', 'ゴミ'), surface: 'ゴミ' }]]);
  assert.ok(!withNegation.convert('もえないごみ').includes('燃え'));
});

test('a reading is a variant only when every spelling of it in the QAs shares a kanji with the word', () => {
  const spellings = ReadingDictionary.fromTexts([[word('引越し', 'ヒッコシ')], [word('引っ越し', 'ヒッコシ')], [word('公園', 'コウエン')], [word('講演', 'コウエン')]]);
  assert.equal(spellings.isVariantSpelling('ヒッコシ', '引越'), true);
  assert.equal(spellings.isVariantSpelling('コウエン', '講演'), false, 'the QAs also write 公園');
  assert.equal(spellings.isVariantSpelling('テンキ', '天気'), false, 'no QA writes it in kanji');
});

test('okurigana, polite sentences and place names are left to the tokenizer', () => {
  assert.equal(dictionary.convert('住民票をつくりたい'), '住民票をつくりたい');
  assert.equal(dictionary.convert('よろしくおねがいします'), 'よろしくおねがいします');
  assert.equal(dictionary.convert('まどぐち市の窓口'), 'まどぐち市の窓口');
});

test('runs mostly unknown stay as typed', () => {
  assert.equal(dictionary.convert('ありがとう'), 'ありがとう');
});
