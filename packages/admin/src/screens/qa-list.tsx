/**
 * QA一覧: search and filters (kept in the address), sortable columns, paging, how each QA stands against what
 * citizens see, who is editing it now, and bulk actions on the ticked QAs.
 */
import type { CategoryListReply, QaListReply, QaSortKey } from '@madoguchi/server/admin-api';
import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Button, ConfirmDialog, Field, formatDateTime, Loading, Message, Pager, SearchPanel } from '../components/ui.tsx';
import { STATUS_LABELS } from '../logic/merge.ts';
import {
  apiListQuery,
  DEFAULT_LIST_STATE,
  departmentLabel,
  editorsByQa,
  isFiltered,
  listStateFromQuery,
  pageCount,
  PUBLICATION_HELP,
  PUBLICATION_LABELS,
  queryFromListState,
  SORT_LABELS,
  toggleAll,
  toggleSort,
  type ListState,
} from '../logic/qa-list.ts';
import { Link, navigate } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ScreenProps } from './registry.ts';

/** Presence and changes by colleagues show up without reloading. */
const REFRESH_MS = 30_000;

type BulkDialog = null | 'published' | 'draft' | 'move' | 'delete';

export function QaListScreen({ query }: ScreenProps) {
  const { api, can, staff } = useApp();
  const announce = useAnnounce();
  const state = useMemo(() => listStateFromQuery(query), [query.toString()]);
  const [draft, setDraft] = useState<ListState>(state);
  const [data, setData] = useState<QaListReply | null>(null);
  const [categories, setCategories] = useState<CategoryListReply['items']>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<BulkDialog>(null);
  const [busy, setBusy] = useState(false);
  const [moveTo, setMoveTo] = useState({ category1: '', category2: '' });
  const [reloadKey, setReloadKey] = useState(0);
  const firstLoad = useRef(true);
  const editable = can('editQas');

  useEffect(() => setDraft(state), [state]);

  useEffect(() => {
    api.categories().then(
      (reply) => setCategories(reply.items),
      () => undefined,
    );
  }, [api, reloadKey]);

  useEffect(() => {
    const controller = new AbortController();
    const load = (quiet: boolean) =>
      api.listQas(apiListQuery(state), controller.signal).then(
        (reply) => {
          setData(reply);
          if (!quiet) setError('');
          if (!quiet && !firstLoad.current) announce(`${reply.total.toLocaleString('ja-JP')} 件の QA が見つかりました。`);
          firstLoad.current = false;
        },
        (caught: unknown) => {
          if (controller.signal.aborted) return;
          if (!quiet) setError(errorMessage(caught));
        },
      );
    void load(false);
    const timer = window.setInterval(() => void load(true), REFRESH_MS);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, [api, state, reloadKey]);

  const go = (next: ListState) => navigate(`/admin/qas${queryFromListState(next)}`);
  const editors = useMemo(() => editorsByQa(data?.editing ?? [], staff.loginId), [data, staff.loginId]);
  const subcategories = categories.find((c) => c.category1 === draft.category1)?.children ?? [];
  const pageIds = data?.items.map((item) => item.id) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));

  const runBulk = async () => {
    if (dialog === null) return;
    const ids = [...selected];
    setBusy(true);
    setError('');
    try {
      const result =
        dialog === 'delete'
          ? await api.bulk({ action: 'delete', ids })
          : dialog === 'move'
            ? await api.bulk({ action: 'move-category', ids, category1: moveTo.category1.trim(), category2: moveTo.category2.trim() })
            : await api.bulk({ action: 'set-status', ids, status: dialog });
      const target = `${moveTo.category1.trim()}${moveTo.category2.trim() ? ` ＞ ${moveTo.category2.trim()}` : ''}`;
      const done = {
        delete: `${result.changed} 件の QA を削除しました。`,
        move: `${result.changed} 件の QA の分類を「${target}」に移しました。`,
        published: `${result.changed} 件の QA を「公開」にしました。`,
        draft: `${result.changed} 件の QA を「下書き」にしました。`,
      }[dialog];
      const message = result.unchanged > 0 ? `${done}（${result.unchanged} 件は変更の必要がありませんでした）` : done;
      setNotice(message);
      announce(message);
      setSelected(new Set());
      setDialog(null);
      setReloadKey((k) => k + 1);
    } catch (caught) {
      setError(errorMessage(caught));
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };

  const sortHeader = (key: QaSortKey, label = SORT_LABELS[key]) => {
    const active = state.sort === key;
    return (
      <th scope="col" aria-sort={active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" class="sort-button" onClick={() => go(toggleSort(state, key))}>
          {label}
          <span aria-hidden="true">{active ? (state.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
          <span class="visually-hidden">{active ? (state.order === 'asc' ? '（昇順で並んでいます）' : '（降順で並んでいます）') : '（並べ替え）'}</span>
        </button>
      </th>
    );
  };

  return (
    <>
      <p>市民の質問に答える QA の一覧です。管理番号か質問を選ぶと、内容を確認・編集できます。</p>
      {editable ? (
        <p>
          <Link class="button button-primary" href={href('qaNew')}>
            新しい QA を作成する
          </Link>
        </p>
      ) : null}

      <SearchPanel
        label="QAの検索"
        onSearch={() => go({ ...draft, page: 1 })}
        actions={
          isFiltered(state) ? (
            <>
              <Button onClick={() => go({ ...DEFAULT_LIST_STATE, sort: state.sort, order: state.order })}>条件をクリア</Button>
              <Link href={`${href('transfer')}${queryFromListState({ ...state, page: 1 })}`}>この条件で書き出す</Link>
            </>
          ) : null
        }
      >
        <div class="toolbar">
          <Field label="キーワード" hint="管理番号、質問、言い換え、キーワード、回答、担当課から探します。">
            {({ id, describedBy }) => (
              <input id={id} type="search" size={32} value={draft.text} aria-describedby={describedBy} onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />
            )}
          </Field>
        </div>
        <div class="toolbar">
          <Field label="大分類">
            {({ id }) => (
              <select id={id} value={draft.category1} onChange={(e) => setDraft({ ...draft, category1: e.currentTarget.value, category2: '' })}>
                <option value="">すべて</option>
                {categories.map((c) => (
                  <option key={c.category1} value={c.category1}>
                    {c.category1 || '（なし）'}（{c.count}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="中分類">
            {({ id }) => (
              <select id={id} value={draft.category2} disabled={draft.category1 === ''} onChange={(e) => setDraft({ ...draft, category2: e.currentTarget.value })}>
                <option value="">すべて</option>
                {subcategories.map((c) => (
                  <option key={c.category2} value={c.category2}>
                    {c.category2 || '（なし）'}（{c.count}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="状態">
            {({ id }) => (
              <select id={id} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as ListState['status'] })}>
                <option value="">すべて</option>
                <option value="published">公開</option>
                <option value="draft">下書き</option>
              </select>
            )}
          </Field>
          <Field label="公開との差">
            {({ id }) => (
              <select id={id} value={draft.published} onChange={(e) => setDraft({ ...draft, published: e.currentTarget.value as ListState['published'] })}>
                <option value="">すべて</option>
                {(['new', 'changed', 'unpublished', 'same'] as const).map((key) => (
                  <option key={key} value={key}>
                    {PUBLICATION_LABELS[key]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="担当課">
            {({ id }) => <input id={id} type="text" size={14} value={draft.department} onInput={(e) => setDraft({ ...draft, department: e.currentTarget.value })} />}
          </Field>
          <Field label="更新日（から）">
            {({ id }) => <input id={id} type="date" value={draft.updatedFrom} onInput={(e) => setDraft({ ...draft, updatedFrom: e.currentTarget.value })} />}
          </Field>
          <Field label="更新日（まで）">
            {({ id }) => <input id={id} type="date" value={draft.updatedTo} onInput={(e) => setDraft({ ...draft, updatedTo: e.currentTarget.value })} />}
          </Field>
        </div>
      </SearchPanel>

      <Message kind="error">{error}</Message>
      <Message kind="success">{notice}</Message>

      {editable && selected.size > 0 ? (
        <div class="panel" role="region" aria-label="選択したQAの操作">
          <p>
            <strong>{selected.size} 件</strong>を選択しています。
          </p>
          <div class="actions">
            <Button onClick={() => setDialog('published')}>「公開」にする</Button>
            <Button onClick={() => setDialog('draft')}>「下書き」にする</Button>
            <Button
              onClick={() => {
                setMoveTo({ category1: '', category2: '' });
                setDialog('move');
              }}
            >
              分類を移す…
            </Button>
            <Button variant="danger" onClick={() => setDialog('delete')}>
              削除する…
            </Button>
            <Button variant="link" onClick={() => setSelected(new Set())}>
              選択を解除
            </Button>
          </div>
        </div>
      ) : null}

      {data === null ? (
        error ? null : <Loading />
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <caption class="table-caption">
                {data.total === 0 ? '条件に合う QA はありません。' : `全 ${data.total.toLocaleString('ja-JP')} 件（${SORT_LABELS[state.sort]}の${state.order === 'asc' ? '昇順' : '降順'}）`}
              </caption>
              <thead>
                <tr>
                  {editable ? (
                    <th scope="col">
                      <input type="checkbox" aria-label="このページの QA をすべて選択" checked={allOnPage} onChange={() => setSelected(toggleAll(selected, pageIds))} />
                    </th>
                  ) : null}
                  {sortHeader('id')}
                  {sortHeader('category')}
                  {sortHeader('question')}
                  <th scope="col">状態</th>
                  <th scope="col">公開との差</th>
                  <th scope="col">担当課</th>
                  {sortHeader('updatedAt')}
                  <th scope="col">編集中</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((qa) => {
                  const editingNow = editors.get(qa.id);
                  return (
                    <tr key={qa.id} class={selected.has(qa.id) ? 'selected' : undefined}>
                      {editable ? (
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`${qa.id} を選択`}
                            checked={selected.has(qa.id)}
                            onChange={() => {
                              const next = new Set(selected);
                              if (next.has(qa.id)) next.delete(qa.id);
                              else next.add(qa.id);
                              setSelected(next);
                            }}
                          />
                        </td>
                      ) : null}
                      <td class="nowrap">
                        <Link href={href('qaEdit', { id: qa.id })}>{qa.id}</Link>
                      </td>
                      <td>
                        {qa.category1}
                        {qa.category2 ? ` ＞ ${qa.category2}` : ''}
                      </td>
                      <td>
                        <Link href={href('qaEdit', { id: qa.id })}>{qa.question}</Link>
                      </td>
                      <td>
                        <span class={`badge badge-${qa.status}`}>{STATUS_LABELS[qa.status]}</span>
                      </td>
                      <td>{qa.published === 'same' ? <span class="visually-hidden">公開と同じ</span> : <span class={`badge badge-${qa.published}`}>{PUBLICATION_LABELS[qa.published]}</span>}</td>
                      <td>{departmentLabel(qa.department)}</td>
                      <td class="nowrap">
                        {formatDateTime(qa.updatedAt)}
                        <br />
                        <span class="hint">{qa.updatedBy}</span>
                      </td>
                      <td>{editingNow ? <span class="presence">{editingNow.join('、')} さんが編集中</span> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager page={state.page} pageCount={pageCount(data.total)} total={data.total} onPage={(page) => go({ ...state, page })} />
          <details class="collapsible">
            <summary>「公開との差」の見方</summary>
            <div class="collapsible-body">
              <dl class="facts">
                {(['new', 'changed', 'unpublished', 'same'] as const).map((key) => (
                  <Fragment key={key}>
                    <dt>{PUBLICATION_LABELS[key]}</dt>
                    <dd>{PUBLICATION_HELP[key]}</dd>
                  </Fragment>
                ))}
              </dl>
              <p>公開の画面で「公開する」を押すまで、市民に見える内容は変わりません。</p>
            </div>
          </details>
        </>
      )}

      <ConfirmDialog
        open={dialog === 'published' || dialog === 'draft'}
        title={dialog === 'draft' ? '選択した QA を「下書き」にします' : '選択した QA を「公開」にします'}
        confirmLabel={dialog === 'draft' ? '「下書き」にする' : '「公開」にする'}
        busy={busy}
        onConfirm={runBulk}
        onCancel={() => setDialog(null)}
      >
        <p>{selected.size} 件の QA の状態を変えます。市民に見える内容は、公開の画面で「公開する」を押したときに変わります。</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === 'move'}
        title="選択した QA の分類を移します"
        confirmLabel="分類を移す"
        busy={busy}
        onConfirm={() => {
          if (moveTo.category1.trim() === '') {
            announce('移動先の大分類を入力してください。', 'assertive');
            return;
          }
          void runBulk();
        }}
        onCancel={() => setDialog(null)}
      >
        <p>{selected.size} 件の QA を次の分類に移します。</p>
        <Field label="移動先の大分類" required>
          {({ id }) => (
            <>
              <input id={id} type="text" list="bulk-category1" value={moveTo.category1} onInput={(e) => setMoveTo({ ...moveTo, category1: e.currentTarget.value })} />
              <datalist id="bulk-category1">
                {categories.map((c) => (
                  <option key={c.category1} value={c.category1} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="移動先の中分類" hint="空のままにすると、中分類なしになります。">
          {({ id, describedBy }) => (
            <>
              <input id={id} type="text" list="bulk-category2" aria-describedby={describedBy} value={moveTo.category2} onInput={(e) => setMoveTo({ ...moveTo, category2: e.currentTarget.value })} />
              <datalist id="bulk-category2">
                {(categories.find((c) => c.category1 === moveTo.category1)?.children ?? []).map((c) => (
                  <option key={c.category2} value={c.category2} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === 'delete'}
        title="選択した QA を削除します"
        confirmLabel={`${selected.size} 件を削除する`}
        danger
        busy={busy}
        onConfirm={runBulk}
        onCancel={() => setDialog(null)}
      >
        <p>
          <strong>{selected.size} 件</strong>の QA を削除します。公開中の QA は、次に公開したときに市民の画面から消えます。
        </p>
        <p>削除しても QA の履歴は残り、履歴から元に戻すことができます。</p>
        <ul>
          {[...selected].slice(0, 10).map((id) => (
            <li key={id}>{id}</li>
          ))}
          {selected.size > 10 ? <li>ほか {selected.size - 10} 件</li> : null}
        </ul>
      </ConfirmDialog>
    </>
  );
}
