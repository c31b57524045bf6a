import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiListQuery, DEFAULT_LIST_STATE, departmentLabel, editorsByQa, filterQuery, listStateFromQuery, pageCount, queryFromListState, toggleAll, toggleSort } from './qa-list.ts';

test('the list state round-trips through the address, defaults left out', () => {
  const state = { ...DEFAULT_LIST_STATE, text: '住民票', status: 'draft' as const, published: 'changed' as const, updatedFrom: '2026-11-01', sort: 'updatedAt' as const, order: 'desc' as const, page: 3 };
  const query = queryFromListState(state);
  assert.equal(listStateFromQuery(new URLSearchParams(query)).text, '住民票');
  assert.deepEqual(listStateFromQuery(new URLSearchParams(query)), state);
  assert.equal(queryFromListState(DEFAULT_LIST_STATE), '');
});

test('nonsense in the address falls back to defaults', () => {
  const state = listStateFromQuery(new URLSearchParams('status=x&published=y&sort=z&page=-4&from=yesterday'));
  assert.deepEqual(state, DEFAULT_LIST_STATE);
});

test('the API query pages by offset and sends only the filters in use', () => {
  assert.deepEqual(apiListQuery({ ...DEFAULT_LIST_STATE, page: 3, department: '市民課' }), { department: '市民課', sort: 'id', order: 'asc', limit: '50', offset: '100' });
  assert.deepEqual(filterQuery({ ...DEFAULT_LIST_STATE, text: '  ', category1: '子育て' }), { category1: '子育て' });
});

test('sorting: the same column flips, a new one starts ascending (updated: newest first), page resets', () => {
  const flipped = toggleSort({ ...DEFAULT_LIST_STATE, page: 4 }, 'id');
  assert.equal(flipped.order, 'desc');
  assert.equal(flipped.page, 1);
  assert.equal(toggleSort(flipped, 'question').order, 'asc');
  assert.equal(toggleSort(DEFAULT_LIST_STATE, 'updatedAt').order, 'desc');
});

test('pages, presence and page selection', () => {
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(101), 3);
  const editing = [
    { qaId: '1', loginId: 'sato', displayName: '佐藤', at: '' },
    { qaId: '1', loginId: 'me', displayName: '私', at: '' },
    { qaId: '2', loginId: 'ito', displayName: '伊藤', at: '' },
  ];
  assert.deepEqual([...editorsByQa(editing, 'me')], [
    ['1', ['佐藤']],
    ['2', ['伊藤']],
  ]);
  assert.deepEqual([...toggleAll(new Set(['9', '1']), ['1', '2'])].sort(), ['1', '2', '9']);
  assert.deepEqual([...toggleAll(new Set(['9', '1', '2']), ['1', '2'])], ['9']);
});

test('departments written as placeholders read as their default', () => {
  assert.equal(departmentLabel('{{担当課:市民課}}'), '市民課');
  assert.equal(departmentLabel('市民課 証明係'), '市民課 証明係');
  assert.equal(departmentLabel('{{市名}}役所'), '{{市名}}役所');
});
