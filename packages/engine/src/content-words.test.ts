import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadTokenizer } from '@madoguchi/lexicon';
import { contentWords, deserializeContentWords, serializeContentWords } from './content-words.ts';
import type { Tokenizer } from './tokenizer.ts';

let tokenizer: Tokenizer;
before(async () => {
  tokenizer = await loadTokenizer();
});
const lemmas = (text: string): string[] => contentWords(tokenizer, text).filter((w) => !w.filler).map((w) => w.lemma);

test('politeness scaffolding is filler', () => {
  assert.deepEqual(lemmas('粗大ごみの出し方を教えていただけますか'), lemmas('粗大ごみの出し方'));
});

test('negation is part of the word: 燃えないごみ is not 燃えるごみ', () => {
  assert.notDeepEqual(lemmas('燃えないごみ'), lemmas('燃えるごみ'));
  assert.deepEqual(lemmas('燃えないゴミ'), lemmas('燃えないごみ'));
  assert.deepEqual(lemmas('投票に行けません'), lemmas('投票に行けない'));
});

test('direction after a te-form is kept for phrases (引っ越してきた ≠ 引っ越していく)', () => {
  const came = contentWords(tokenizer, '引っ越してきた').map((w) => w.lemma);
  const going = contentWords(tokenizer, '引っ越していく').map((w) => w.lemma);
  assert.notDeepEqual(came, going);
  assert.deepEqual(contentWords(tokenizer, '引っ越して来ました').map((w) => w.lemma), came);
});

test('kana spellings meet: ごみ/ゴミ/ｺﾞﾐ, こども/子ども share readings', () => {
  assert.deepEqual(lemmas('ごみ'), lemmas('ｺﾞﾐ'));
  const reading = (text: string): string[] => contentWords(tokenizer, text).map((w) => w.reading);
  assert.deepEqual(reading('子ども'), reading('こども'));
});

test('serialisation round-trips', () => {
  const words = contentWords(tokenizer, 'マイナンバーカードの暗証番号を忘れた');
  assert.deepEqual(deserializeContentWords(serializeContentWords(words)), words);
});
