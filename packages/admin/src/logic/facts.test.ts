import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factRows, factsFromRows, newFactRow } from './facts.ts';

test('facts survive the table and come back trimmed, blank rows dropped', () => {
  const facts = { 市名: 'まどぐち市', '電話番号:市民課': '000-000-1001' };
  assert.deepEqual(factsFromRows(factRows(facts)), { facts, problems: [] });
  assert.deepEqual(factsFromRows([newFactRow(' 市名 ', ' まどぐち市 '), newFactRow()]), { facts: { 市名: 'まどぐち市' }, problems: [] });
});

test('problems are named by row', () => {
  const { problems } = factsFromRows([newFactRow('市名', 'a'), newFactRow('市名', 'b'), newFactRow('', 'c'), newFactRow('{{市名}}', 'd')]);
  assert.deepEqual(problems, ['2 行目: 「市名」は上の行にもあります。1 つにしてください。', '3 行目: 名前を入力してください。', '4 行目: 名前に {{ }} は付けずに書いてください（例: 市名）。']);
});
