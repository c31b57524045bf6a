import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactPersonalData } from './redact.ts';

test('masks e-mail addresses, phone numbers and long numbers, in half- and full-width', () => {
  assert.equal(redactPersonalData('taro.yamada@example.co.jp に返事をください'), '［メール］ に返事をください');
  assert.equal(redactPersonalData('電話は090-1234-5678です'), '電話は［電話番号］です');
  assert.equal(redactPersonalData('電話は０３（１２３４）５６７８です'), '電話は［電話番号］です');
  assert.equal(redactPersonalData('マイナンバーは1234 5678 9012です'), 'マイナンバーは［番号］です');
});

test('leaves the ordinary numbers of questions alone', () => {
  for (const text of ['令和7年度の住民税', '2026年11月30日に転入', '65歳以上の介護保険料', '粗大ごみ3点']) assert.equal(redactPersonalData(text), text);
});
