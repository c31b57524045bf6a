import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ignoredHeaders, mappingOverrides, mappingProblems, withChoice, type ColumnOption } from './column-mapping.ts';

const columns: ColumnOption[] = [
  { key: 'id', label: '管理番号', required: true },
  { key: 'question', label: '質問', required: true },
  { key: 'alternates', label: '言い換え', required: false },
  { key: 'answer', label: '回答', required: true },
  { key: 'department', label: '担当課', required: false },
];

test('a complete mapping has no problems; several 言い換え columns are allowed', () => {
  const headers = ['No', 'FAQ', '類似1', '類似2', '本文', '備考'];
  const mapping = { No: 'id', FAQ: 'question', 類似1: 'alternates', 類似2: 'alternates', 本文: 'answer', 備考: null };
  assert.deepEqual(mappingProblems(headers, mapping, columns), []);
});

test('a column fed twice and a missing required column are named in Japanese', () => {
  const headers = ['No', 'Q', 'Q2'];
  const problems = mappingProblems(headers, { No: 'id', Q: 'question', Q2: 'question' }, columns);
  assert.deepEqual(problems, ['「質問」に 2 つの列（Q、Q2）が割り当てられています。1 つにしてください。', '必須の「回答」に対応する列がありません。']);
});

test('only choices that differ from the server\'s suggestion are sent', () => {
  const suggested = { 管理番号: 'id', 'FAQ本文': null, 担当: 'department' };
  const mapping = { 管理番号: 'id', 'FAQ本文': 'answer', 担当: null };
  assert.deepEqual(mappingOverrides(mapping, suggested), { 'FAQ本文': 'answer', 担当: null });
  assert.deepEqual(mappingOverrides(suggested, suggested), {});
});

test('ignored headers and changing one choice', () => {
  assert.deepEqual(ignoredHeaders(['a', 'b', 'c'], { a: 'id', b: null }), ['b', 'c']);
  const before = { a: 'id' };
  const after = withChoice(before, 'a', null);
  assert.deepEqual(after, { a: null });
  assert.deepEqual(before, { a: 'id' }, 'the old mapping is left as it was');
});
