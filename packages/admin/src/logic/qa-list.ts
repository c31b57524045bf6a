/**
 * The QA list's state (search, filters, sort, page) and its two forms: the address's query, so a reload or
 * a shared link shows the same list, and the API's query.
 */
import type { EditingPresenceView, PublicationState, QaListQuery, QaSortKey } from '@madoguchi/server/admin-api';

export const PAGE_SIZE = 50;

export interface ListState {
  text: string;
  category1: string;
  category2: string;
  status: '' | 'draft' | 'published';
  department: string;
  published: '' | PublicationState;
  /** YYYY-MM-DD or ''. */
  updatedFrom: string;
  updatedTo: string;
  sort: QaSortKey;
  order: 'asc' | 'desc';
  /** 1-based. */
  page: number;
}

export const DEFAULT_LIST_STATE: ListState = {
  text: '',
  category1: '',
  category2: '',
  status: '',
  department: '',
  published: '',
  updatedFrom: '',
  updatedTo: '',
  sort: 'id',
  order: 'asc',
  page: 1,
};

export const PUBLICATION_LABELS: Readonly<Record<PublicationState, string>> = {
  same: '公開と同じ',
  changed: '変更あり',
  new: '新規',
  unpublished: '未公開',
};

/** What each state means, for the legend under the list. */
export const PUBLICATION_HELP: Readonly<Record<PublicationState, string>> = {
  same: '市民に見えている内容と同じです。',
  changed: '次に公開すると、市民に見える内容が変わります。',
  new: '状態は「公開」ですが、まだ一度も公開していません。',
  unpublished: '下書きのため、市民には見えません。',
};

export const SORT_LABELS: Readonly<Record<QaSortKey, string>> = { id: '管理番号', category: '分類', question: '質問', updatedAt: '更新日時' };

const SORT_KEYS: readonly QaSortKey[] = ['id', 'updatedAt', 'category', 'question'];
const PUBLICATION_STATES: readonly PublicationState[] = ['same', 'changed', 'new', 'unpublished'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * @example listStateFromQuery(new URLSearchParams('q=住民票&page=2')).page // 2
 */
export function listStateFromQuery(query: URLSearchParams): ListState {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  const date = (key: string) => {
    const value = query.get(key) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    text: query.get('q') ?? '',
    category1: query.get('category1') ?? '',
    category2: query.get('category2') ?? '',
    status: oneOf(query.get('status'), ['', 'draft', 'published'] as const, ''),
    department: query.get('department') ?? '',
    published: oneOf<'' | PublicationState>(query.get('published'), ['', ...PUBLICATION_STATES], ''),
    updatedFrom: date('from'),
    updatedTo: date('to'),
    sort: oneOf(query.get('sort'), SORT_KEYS, 'id'),
    order: query.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

/**
 * The address query for a state; defaults are left out, so the plain list is plain `/admin/qas`.
 *
 * @example queryFromListState({ ...DEFAULT_LIST_STATE, text: 'ごみ' }) // '?q=%E3%81%94%E3%81%BF'
 */
export function queryFromListState(state: ListState): string {
  const params = new URLSearchParams();
  const put = (key: string, value: string, fallback = '') => {
    if (value !== fallback) params.set(key, value);
  };
  put('q', state.text.trim());
  put('category1', state.category1);
  put('category2', state.category2);
  put('status', state.status);
  put('department', state.department);
  put('published', state.published);
  put('from', state.updatedFrom);
  put('to', state.updatedTo);
  put('sort', state.sort, 'id');
  put('order', state.order, 'asc');
  put('page', String(state.page), '1');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The filters alone (for exports of "the current filter").
 *
 * @example filterQuery({ ...DEFAULT_LIST_STATE, status: 'draft' }) // { status: 'draft' }
 */
export function filterQuery(state: ListState): Omit<QaListQuery, 'sort' | 'order' | 'limit' | 'offset'> {
  const query: Omit<QaListQuery, 'sort' | 'order' | 'limit' | 'offset'> = {};
  if (state.text.trim() !== '') query.text = state.text.trim();
  if (state.category1 !== '') query.category1 = state.category1;
  if (state.category2 !== '') query.category2 = state.category2;
  if (state.status !== '') query.status = state.status;
  if (state.department !== '') query.department = state.department;
  if (state.published !== '') query.published = state.published;
  if (state.updatedFrom !== '') query.updatedFrom = state.updatedFrom;
  if (state.updatedTo !== '') query.updatedTo = state.updatedTo;
  return query;
}

/** @example apiListQuery({ ...DEFAULT_LIST_STATE, page: 3 }) // { sort: 'id', order: 'asc', limit: '50', offset: '100' } */
export function apiListQuery(state: ListState, pageSize = PAGE_SIZE): QaListQuery {
  // The server's schema builds `sort` from an array, so its inferred type is lost; the value is one of QA_SORT_KEYS.
  const sort = state.sort as unknown as QaListQuery['sort'];
  return { ...filterQuery(state), sort, order: state.order, limit: String(pageSize), offset: String((state.page - 1) * pageSize) };
}

/** Whether any filter narrows the list. */
export function isFiltered(state: ListState): boolean {
  return Object.keys(filterQuery(state)).length > 0;
}

/**
 * Clicking a column heading: the same column flips the order, another starts ascending (updatedAt newest first).
 *
 * @example toggleSort({ ...DEFAULT_LIST_STATE }, 'id').order // 'desc'
 */
export function toggleSort(state: ListState, key: QaSortKey): ListState {
  if (state.sort === key) return { ...state, order: state.order === 'asc' ? 'desc' : 'asc', page: 1 };
  return { ...state, sort: key, order: key === 'updatedAt' ? 'desc' : 'asc', page: 1 };
}

/** @example pageCount(101, 50) // 3 */
export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Who is editing which QA, names in order, without the viewer themself.
 *
 * @example editorsByQa(editing, 'suzuki').get('1001') // ['佐藤']
 */
export function editorsByQa(editing: readonly EditingPresenceView[], self: string): Map<string, string[]> {
  const byQa = new Map<string, string[]>();
  for (const presence of editing) {
    if (presence.loginId === self) continue;
    const names = byQa.get(presence.qaId) ?? [];
    if (!names.includes(presence.displayName)) names.push(presence.displayName);
    byQa.set(presence.qaId, names);
  }
  return byQa;
}

/**
 * The selection after ticking the page's "all" box: all of the page in, or all of it out.
 *
 * @example toggleAll(new Set(['1']), ['1', '2']) // Set {'1', '2'}
 */
export function toggleAll(selected: ReadonlySet<string>, pageIds: readonly string[]): Set<string> {
  const next = new Set(selected);
  const all = pageIds.length > 0 && pageIds.every((id) => next.has(id));
  for (const id of pageIds) {
    if (all) next.delete(id);
    else next.add(id);
  }
  return next;
}

/**
 * A department as staff read it in a list: `{{担当課:市民課}}` (a placeholder with its default) shows as 市民課.
 *
 * @example departmentLabel('{{担当課:市民課}}') // '市民課'
 */
export function departmentLabel(department: string): string {
  return department.replace(/\{\{[^{}:]+:([^{}]+)\}\}/g, '$1');
}
