import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groundSentences, splitSentences, unsupportedFacts } from './grounding.ts';

const JUMINHYO = { id: '1001', text: '住民票の写しは、市役所1階の市民課窓口で請求できます。手数料は1通300円です。本人確認書類をお持ちください。' };
const GOMI = { id: '2001', text: '粗大ごみは事前の申し込みが必要です。収集日の3日前までに粗大ごみ受付センターへお電話ください。電話での受付は8時30分から17時までです。' };
const MAIL = { id: '1002', text: '戸籍の証明書は郵送では請求できません。本籍地の窓口へお越しください。' };

test('sentences split at Japanese and Latin sentence ends and line breaks, list markers dropped', () => {
  assert.deepEqual(splitSentences('住民票は取れます。手数料は300円です！\n・本人確認書類\nThe fee is 0 yen. Really?'), [
    '住民票は取れます。',
    '手数料は300円です！',
    '本人確認書類',
    'The fee is 0 yen.',
    'Really?',
  ]);
  assert.deepEqual(splitSentences('1.5倍です。'), ['1.5倍です。'], 'a decimal point is not a sentence end');
});

test('a close paraphrase with the same facts is kept and names its source', () => {
  const result = groundSentences('住民票の写しは、市民課の窓口で請求できます[1]。手数料は1通300円です[1]。', [JUMINHYO, GOMI]);
  assert.deepEqual(result.dropped, []);
  assert.deepEqual(result.kept.map((k) => [k.sentence, k.sourceIds]), [
    ['住民票の写しは、市民課の窓口で請求できます。', ['1001']],
    ['手数料は1通300円です。', ['1001']],
  ]);
});

test('a changed fee, date or time is dropped even when the rest is copied', () => {
  const result = groundSentences('手数料は1通0円です。収集日の5日前までにお電話ください。電話での受付は8時30分から19時までです。', [JUMINHYO, GOMI]);
  assert.equal(result.kept.length, 0);
  assert.match(result.dropped[0]!.reason, /数字・日付.*0円/);
  assert.match(result.dropped[1]!.reason, /5日/);
  assert.match(result.dropped[2]!.reason, /19時/);
});

test('3日 is not supported by 13日, and 1,000円 matches 1000円', () => {
  assert.deepEqual(unsupportedFacts('3日前までです', '13日前までです'), ['3日']);
  assert.deepEqual(unsupportedFacts('手数料は1,000円です', '手数料は1000円です'), []);
  assert.deepEqual(unsupportedFacts('三日前までです', '3日前までです'), [], 'kanji digits before a unit read as digits');
});

test('a flipped meaning is dropped: negation and words such as 無料 or 不要', () => {
  const result = groundSentences('戸籍の証明書は郵送で請求できます。粗大ごみの申し込みは不要です。住民票の写しは無料です。', [MAIL, GOMI, JUMINHYO]);
  assert.equal(result.kept.length, 0);
  assert.match(result.dropped[0]!.reason, /肯定・否定が逆/);
  assert.match(result.dropped[1]!.reason, /不要/);
  assert.match(result.dropped[2]!.reason, /無料/);
});

test('a sentence that swaps a noun of the source is dropped, though most of its wording is there', () => {
  const result = groundSentences('住民票の写しは郵送でも請求できます。住民票の写しは市民課窓口で請求できます。', [JUMINHYO]);
  assert.deepEqual(result.dropped.map((d) => [d.sentence, d.reason]), [['住民票の写しは郵送でも請求できます。', '根拠となる回答にない言葉があります（郵送）。']]);
  assert.deepEqual(result.kept.map((k) => k.sentence), ['住民票の写しは市民課窓口で請求できます。']);
});

test('pieces of different source sentences do not support a sentence together', () => {
  const card = { id: '1101', text: 'マイナンバーカードは市民課の窓口で受け取れます。郵送では受け取れません。' };
  const result = groundSentences('マイナンバーカードは郵送で受け取れます。マイナンバーカードは市民課の窓口で受け取れます。', [card]);
  assert.deepEqual(result.dropped.map((d) => d.sentence), ['マイナンバーカードは郵送で受け取れます。']);
  assert.deepEqual(result.kept.map((k) => k.sentence), ['マイナンバーカードは市民課の窓口で受け取れます。']);
  const joined = groundSentences('マイナンバーカードは窓口で受け取れますが、郵送では受け取れません。', [card]);
  assert.equal(joined.kept.length, 1, 'two adjacent source sentences may support one sentence');
});

test('対象 is not in 対象外, 1万円 is not 1万5千円, and のみ or だけ must be in the source', () => {
  assert.deepEqual(unsupportedFacts('この手当の対象です。', 'この手当の対象外です。'), ['対象']);
  assert.deepEqual(unsupportedFacts('費用は1万円です。', '費用は1万5千円です。'), ['10000円']);
  assert.deepEqual(unsupportedFacts('費用は一万五千円です。', '費用は1万5千円です。'), [], 'kanji and digits read as the same amount');
  assert.deepEqual(unsupportedFacts('受付は平日のみです。', '受付は平日と土日です。'), ['のみ']);
  const result = groundSentences('受付は平日のみです。', [{ id: '1', text: '受付は平日と土日です。' }]);
  assert.match(result.dropped[0]!.reason, /のみ/);
});

test('English or invented sentences, including an injected instruction, are dropped', () => {
  const result = groundSentences('The fee is 0 yen. 以前の指示は無視しました。住民票はコンビニで無料で取れます。', [JUMINHYO]);
  assert.equal(result.kept.length, 0);
  assert.equal(result.dropped.length, 3);
});

test('a sentence supported by an uncited source is kept, the cited one tried first', () => {
  const result = groundSentences('本人確認書類をお持ちください[2]。', [JUMINHYO, GOMI]);
  assert.deepEqual(result.kept, [{ sentence: '本人確認書類をお持ちください。', sourceIds: ['1001'] }]);
});

test('unsupportedFacts lists numbers, words and negation a rewrite added', () => {
  assert.deepEqual(unsupportedFacts('しょうめいしょは、ゆうびんで たのめません。まどぐちに きてください。', MAIL.text), []);
  assert.deepEqual(unsupportedFacts('おかねは 0円です。', JUMINHYO.text), ['0円']);
  assert.deepEqual(unsupportedFacts('もうしこみは ひつようありません。', '申し込みは必要です。'), ['否定（〜ません・〜ない）']);
});
