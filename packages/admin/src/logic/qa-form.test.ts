import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QaContent } from '@madoguchi/server/admin-api';
import { emptyForm, fieldsOf, formFromQa, lines, qaFromForm, validateForm, words } from './qa-form.ts';

const qa: QaContent = {
  id: '1001',
  category1: '届出・証明',
  category2: '',
  question: '住民票の写しがほしい',
  alternates: ['住民票がほしい', '住民票の取り方'],
  keywords: ['住民票', '写し'],
  answer: '市民課で請求できます。\n\n- 本人確認書類',
  relatedIds: ['1002'],
  department: '市民課',
  contact: '',
  sourceUrls: ['https://www.example.lg.jp/a.html'],
  status: 'draft',
  validFrom: '2026-04-01',
  validUntil: null,
  translations: { en: { question: 'Resident record', alternates: ['copy of resident record'], answer: 'At the counter.' } },
};

test('a QA survives the trip through the form unchanged', () => {
  assert.deepEqual(qaFromForm(formFromQa(qa)), qa);
});

test('lists are one per line, keywords by commas of either width', () => {
  assert.deepEqual(lines(' a \n\n b\r\nc '), ['a', 'b', 'c']);
  assert.deepEqual(words('住民票、写し, 証明，印鑑\n登録'), ['住民票', '写し', '証明', '印鑑', '登録']);
  const form = { ...formFromQa(qa), alternates: '  住民票がほしい  \n\n', keywords: '、、住民票、' };
  assert.deepEqual(qaFromForm(form).alternates, ['住民票がほしい']);
  assert.deepEqual(qaFromForm(form).keywords, ['住民票']);
});

test('an empty translation section is no translation; dates empty are null', () => {
  const form = { ...formFromQa(qa), validFrom: '' };
  form.translations = { ...form.translations, en: { question: '', alternates: '', answer: '' } };
  const back = qaFromForm(form);
  assert.deepEqual(back.translations, {});
  assert.equal(back.validFrom, null);
});

test('validation names what to fix, in Japanese', () => {
  const errors = validateForm(emptyForm());
  assert.equal(errors.id, '管理番号を入力してください。');
  assert.equal(errors.question, '質問を入力してください。');
  assert.equal(errors.answer, '回答を入力してください。');
  assert.deepEqual(validateForm(formFromQa(qa)), {});
  assert.match(validateForm({ ...formFromQa(qa), validFrom: '2026-05-01', validUntil: '2026-04-01' }).validUntil ?? '', /後の日/);
  assert.match(validateForm({ ...formFromQa(qa), sourceUrls: 'www.example.lg.jp' }).sourceUrls ?? '', /https:\/\//);
  assert.match(validateForm({ ...formFromQa(qa), id: '10 01' }).id ?? '', /空白/);
});

test('fieldsOf drops only the id', () => {
  const fields = fieldsOf(qa);
  assert.equal('id' in fields, false);
  assert.equal(fields.question, qa.question);
});
