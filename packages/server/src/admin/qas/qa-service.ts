/**
 * The rules of the QA editor (R20, R29): listing with filters, how each QA stands against the published set,
 * validated saves, bulk changes, presence and restoring revisions. Routes only validate shapes and present.
 */
import { ApiError } from '../../http/api-error.ts';
import { normalizeQaContent, validateQaContent } from '../../qa/io/index.ts';
import type { Qa, QaContent, QaStatus } from '../../qa/model.ts';
import { contentJson } from '../../store/content.ts';
import { compareQaIds } from '../../store/natural-order.ts';
import type { EditingPresence, Store } from '../../store/store.ts';
import { fieldIssues, validationFailed } from './errors.ts';
import type { BulkReply, BulkRequest, PublicationState, QaFilterQuery, QaListQuery, QaSortKey, QaSummary } from './schema.ts';
import { isDay, japanDayStart } from '../../time/japan-time.ts';

/** A heartbeat older than this no longer counts as having the QA open (the editor beats every ~15 s). */
export const EDITING_WINDOW_MS = 45_000;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * How a working QA stands against its published copy (see `PublicationState` in ./schema.ts).
 *
 * @example `publicationState(qa, live.get(qa.id)) // 'changed'`
 */
export function publicationState(qa: Qa, live: Qa | undefined): PublicationState {
  if (!live) return qa.status === 'published' ? 'new' : 'unpublished';
  if (qa.status !== 'published') return 'changed';
  return contentJson(qa) === contentJson(live) ? 'same' : 'changed';
}

/** The published set by id. */
export async function publishedById(store: Store, siteId: string): Promise<Map<string, Qa>> {
  return new Map((await store.listPublishedQas(siteId)).map((qa) => [qa.id, qa]));
}

/** Who has a QA open now (heartbeat within {@link EDITING_WINDOW_MS}). */
export async function currentEditing(store: Store, siteId: string, now = new Date()): Promise<EditingPresence[]> {
  return store.listEditing(siteId, new Date(now.getTime() - EDITING_WINDOW_MS).toISOString());
}

/** Width and case folded, so ＡＢＣ finds abc and ｶﾅ finds カナ. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}


/** A filter bound as epoch ms: a bare day is a day in Japan time (from its start, or to its end). */
function timeBound(value: string, edge: 'from' | 'to', field: 'updatedFrom' | 'updatedTo'): number {
  if (isDay(value)) {
    const start = Date.parse(japanDayStart(value));
    return edge === 'from' ? start : start + 86_400_000 - 1;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) {
    return Date.parse(value);
  }
  throw validationFailed([{ field, message: `日付は 2026-04-01 の形で指定してください（${value}）` }]);
}

/**
 * The QAs matching the filters, each with its publication state, in id order.
 *
 * @throws ApiError VALIDATION_FAILED for an unreadable date.
 * @example `await filterQas(store, siteId, { text: '住民票', status: 'published' })`
 */
export async function filterQas(store: Store, siteId: string, filter: QaFilterQuery): Promise<{ qa: Qa; state: PublicationState }[]> {
  const from = filter.updatedFrom ? timeBound(filter.updatedFrom, 'from', 'updatedFrom') : undefined;
  const to = filter.updatedTo ? timeBound(filter.updatedTo, 'to', 'updatedTo') : undefined;
  const words = fold(filter.text ?? '').split(/\s+/).filter((w) => w !== '');
  const department = filter.department === undefined ? undefined : fold(filter.department.trim());
  const [qas, live] = await Promise.all([store.listQas(siteId, filter.status ? { status: filter.status } : {}), publishedById(store, siteId)]);
  const matches = (qa: Qa): boolean => {
    if (filter.category1 !== undefined && qa.category1 !== filter.category1) return false;
    if (filter.category2 !== undefined && qa.category2 !== filter.category2) return false;
    if (department !== undefined && department !== '' && !fold(qa.department).includes(department)) return false;
    const at = Date.parse(qa.updatedAt);
    if (from !== undefined && at < from) return false;
    if (to !== undefined && at > to) return false;
    if (words.length > 0) {
      const haystack = fold([qa.id, qa.question, ...qa.alternates, ...qa.keywords, qa.answer, qa.department, qa.category1, qa.category2].join('\n'));
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  };
  return qas
    .filter(matches)
    .map((qa) => ({ qa, state: publicationState(qa, live.get(qa.id)) }))
    .filter((item) => filter.published === undefined || item.state === filter.published);
}

const collator = new Intl.Collator('ja');

const COMPARE: Record<QaSortKey, (a: Qa, b: Qa) => number> = {
  id: (a, b) => compareQaIds(a.id, b.id),
  updatedAt: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || compareQaIds(a.id, b.id),
  category: (a, b) => collator.compare(a.category1, b.category1) || collator.compare(a.category2, b.category2) || compareQaIds(a.id, b.id),
  question: (a, b) => collator.compare(a.question, b.question) || compareQaIds(a.id, b.id),
};

/**
 * One page of the list, sorted.
 *
 * @example `await listQaSummaries(store, siteId, { sort: 'updatedAt', order: 'desc', limit: 20 })`
 */
export async function listQaSummaries(store: Store, siteId: string, query: QaListQuery): Promise<{ items: QaSummary[]; total: number }> {
  const found = await filterQas(store, siteId, query);
  const compare = COMPARE[query.sort ?? 'id'];
  const sign = query.order === 'desc' ? -1 : 1;
  found.sort((a, b) => sign * compare(a.qa, b.qa));
  const offset = Number(query.offset ?? 0);
  const page = found.slice(offset, offset + Number(query.limit ?? DEFAULT_PAGE_SIZE));
  return {
    total: found.length,
    items: page.map(({ qa, state }) => ({
      id: qa.id,
      question: qa.question,
      category1: qa.category1,
      category2: qa.category2,
      status: qa.status,
      department: qa.department,
      updatedAt: qa.updatedAt,
      updatedBy: qa.updatedBy,
      version: qa.version,
      published: state,
    })),
  };
}

/**
 * The editor's content normalised (trimmed, lists without blanks or repeats) and checked with the import
 * rules, so a QA saved in the console can always be exported and imported again.
 *
 * @throws ApiError VALIDATION_FAILED listing every problem with its field.
 * @example `const content = checkedContent({ ...form, id: '1001' });`
 */
export function checkedContent(content: QaContent): QaContent {
  const normalized = normalizeQaContent(content);
  const problems = validateQaContent(normalized);
  if (problems.length > 0) throw validationFailed(fieldIssues(problems), `QA の入力内容に問題が ${problems.length} 件あります。`);
  return normalized;
}

/**
 * A whole QaContent from a create request, with empty defaults; a QA made in the console starts as a draft.
 *
 * @example `withDefaults({ id: '2001', question: 'Q', answer: 'A' }).status // 'draft'`
 */
export function withDefaults(input: Partial<QaContent> & Pick<QaContent, 'id' | 'question' | 'answer'>): QaContent {
  return {
    category1: '',
    category2: '',
    alternates: [],
    keywords: [],
    relatedIds: [],
    department: '',
    contact: '',
    sourceUrls: [],
    status: 'draft',
    validFrom: null,
    validUntil: null,
    translations: {},
    ...input,
  };
}

/**
 * Applies one bulk action to many QAs. Status and category changes are one `importQas` transaction (all or
 * nothing, revisions recorded as `import`). Deletion has no multi-QA store call: every id is checked first,
 * then each is deleted at the version just read; the caller holds the admin write lock, so only a storage
 * failure can stop it midway, and then the error says which QAs were deleted.
 *
 * @throws ApiError QA_NOT_FOUND (unknown ids), VALIDATION_FAILED (missing or unusable arguments).
 * @example `await applyBulk(store, siteId, 'suzuki', { action: 'set-status', ids: ['1001'], status: 'draft' })`
 */
export async function applyBulk(store: Store, siteId: string, actor: string, request: BulkRequest): Promise<BulkReply> {
  const byId = new Map((await store.listQas(siteId)).map((qa) => [qa.id, qa]));
  const unknown = request.ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new ApiError(404, 'QA_NOT_FOUND', `見つからない QA があります（削除された可能性があります）: ${unknown.slice(0, 20).join('、')}${unknown.length > 20 ? ` ほか ${unknown.length - 20} 件` : ''}`);
  }
  const selected = request.ids.map((id) => byId.get(id)!);

  if (request.action === 'delete') {
    const deleted: string[] = [];
    for (const qa of selected) {
      try {
        await store.deleteQa(siteId, qa.id, { actor, expectedVersion: qa.version });
      } catch (error) {
        if (deleted.length === 0) throw error;
        throw new Error(`bulk delete stopped after deleting ${deleted.join(', ')}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      deleted.push(qa.id);
    }
    return { action: request.action, changed: deleted.length, unchanged: 0 };
  }

  let change: (qa: Qa) => QaContent;
  if (request.action === 'set-status') {
    const status: QaStatus | undefined = request.status;
    if (status === undefined) throw validationFailed([{ field: 'status', message: '変更後の状態（公開か下書き）を選んでください。' }]);
    change = (qa) => ({ ...qa, status });
  } else {
    const category1 = request.category1?.trim();
    if (category1 === undefined) throw validationFailed([{ field: 'category1', message: '移動先の大分類を入力してください。' }]);
    const category2 = request.category2?.trim() ?? '';
    change = (qa) => ({ ...qa, category1, category2 });
  }
  const changed = selected.map((qa) => ({ before: qa, after: normalizeQaContent(change(qa)) })).filter(({ before, after }) => contentJson(before) !== contentJson(after));
  const problems = changed.flatMap(({ after }) => validateQaContent(after).map((p) => ({ ...p, id: after.id })));
  if (problems.length > 0) {
    throw validationFailed(problems.map((p) => ({ field: p.field, message: `${p.id}: ${p.message}` })));
  }
  if (changed.length > 0) await store.importQas(siteId, changed.map((c) => c.after), { actor, mode: 'merge' });
  return { action: request.action, changed: changed.length, unchanged: selected.length - changed.length };
}

/**
 * The 大分類 and 中分類 of the working set with their QA counts, in the order their first QA appears.
 *
 * @example `await categoryTree(store, siteId) // [{ category1: '届出・証明', count: 40, children: [{ category2: '住民票', count: 9 }] }]`
 */
export async function categoryTree(store: Store, siteId: string): Promise<{ category1: string; count: number; children: { category2: string; count: number }[] }[]> {
  const tree = new Map<string, { count: number; children: Map<string, number> }>();
  for (const qa of await store.listQas(siteId)) {
    let node = tree.get(qa.category1);
    if (!node) {
      node = { count: 0, children: new Map() };
      tree.set(qa.category1, node);
    }
    node.count++;
    node.children.set(qa.category2, (node.children.get(qa.category2) ?? 0) + 1);
  }
  return [...tree].map(([category1, node]) => ({
    category1,
    count: node.count,
    children: [...node.children].map(([category2, count]) => ({ category2, count })),
  }));
}
