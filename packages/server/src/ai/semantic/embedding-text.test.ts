import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMBEDDING_TEXT_MAX_CHARS, embeddingKey, embeddingQuestion, embeddingText } from './embedding-text.ts';

test('question, alternates and the answer\'s words, facts filled, cut without splitting a character', () => {
  const text = embeddingText({ question: '{{市名}}の住民票', alternates: ['住民票  ほしい', ''], answer: '[市民課](https://example.jp)で **請求**' }, { 市名: 'まどぐち市' });
  assert.equal(text, 'まどぐち市の住民票\n住民票 ほしい\n市民課 で 請求');
  const long = embeddingText({ question: '𠮷'.repeat(EMBEDDING_TEXT_MAX_CHARS + 10), alternates: [], answer: '' }, {});
  assert.equal([...long].length, EMBEDDING_TEXT_MAX_CHARS);
  assert.equal(long, '𠮷'.repeat(EMBEDDING_TEXT_MAX_CHARS));
  assert.equal(embeddingQuestion('  粗大ごみ\n 出し方 '), '粗大ごみ 出し方');
});

test('the key differs by model and by text, and is stable', () => {
  assert.match(embeddingKey('m', '住民票'), /^[0-9a-f]{64}$/);
  assert.equal(embeddingKey('m', '住民票'), embeddingKey('m', '住民票'));
  assert.notEqual(embeddingKey('m', '住民票'), embeddingKey('n', '住民票'));
  assert.notEqual(embeddingKey('m', '住民票'), embeddingKey('m', '住民票の写し'));
  assert.notEqual(embeddingKey('ab', 'c'), embeddingKey('a', 'bc'), 'model and text are separated');
});
