import assert from 'node:assert/strict';
import { test } from 'node:test';
import { casesFromRows, emptyRow, expectedIds, rowsFromCases } from './test-cases.ts';

test('cases survive the trip through the table', () => {
  const cases = [
    { question: '住民票がほしい', expected: ['1001', '1002'], note: '窓口' },
    { question: '天気は？', expected: [] },
  ];
  assert.deepEqual(casesFromRows(rowsFromCases(cases)), { cases, problems: [] });
});

test('ids may be separated any way staff type them; duplicates fold', () => {
  assert.deepEqual(expectedIds(' 1001、1002;1003 ,1001\t1004 '), ['1001', '1002', '1003', '1004']);
  assert.deepEqual(expectedIds(''), []);
});

test('blank rows are dropped; a row with ids but no question is a problem', () => {
  const rows = [emptyRow(), { ...emptyRow(), expected: '1001' }, { ...emptyRow(), question: ' q ', note: '  ' }];
  assert.deepEqual(casesFromRows(rows), { cases: [{ question: 'q', expected: [] }], problems: ['2 行目: 質問を入力してください。'] });
  assert.notEqual(rows[0]?.key, rows[1]?.key);
});
