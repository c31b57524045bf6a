/**
 * 操作ログ (administrators): who did what and when — logins and failures, QA changes, imports and exports,
 * publications, account changes — with filters, paging and a CSV download of the same filter.
 */
import type { AuditFilter, AuditReply } from '@madoguchi/server/admin-api';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { saveDownload } from '../components/download.ts';
import { Button, Field, formatDateTime, Loading, Message, Pager, SearchPanel } from '../components/ui.tsx';
import { AUDIT_ACTION_LABELS, auditActionLabel, auditDetail, auditTargetLabel } from '../logic/labels.ts';
import { Link } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';

const PAGE_SIZE = 100;
const EMPTY_FILTER = { from: '', to: '', actor: '', action: '', text: '' };

function apiFilter(filter: typeof EMPTY_FILTER): AuditFilter {
  const out: AuditFilter = {};
  if (filter.from) out.from = filter.from;
  // The API's `to` is exclusive: the day after, so the chosen day is included.
  if (filter.to) {
    const next = new Date(`${filter.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    out.to = next.toISOString().slice(0, 10);
  }
  if (filter.actor.trim()) out.actor = filter.actor.trim();
  if (filter.action) out.action = filter.action;
  if (filter.text.trim()) out.text = filter.text.trim();
  return out;
}

export function AuditScreen() {
  const { api } = useApp();
  const announce = useAnnounce();
  const [draft, setDraft] = useState(EMPTY_FILTER);
  const [filter, setFilter] = useState(EMPTY_FILTER);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditReply | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setError('');
    api.audit({ ...apiFilter(filter), limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) }).then(
      (reply) => {
        setData(reply);
        if (page === 1) announce(`${reply.total.toLocaleString('ja-JP')} 件の記録があります。`);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, [api, filter, page]);

  const download = async () => {
    setBusy(true);
    try {
      saveDownload(await api.auditCsv(apiFilter(filter)));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>管理画面での操作の記録です。新しい順に表示します。</p>
      <SearchPanel
        label="操作ログの絞り込み"
        onSearch={() => {
          setPage(1);
          setFilter(draft);
        }}
        actions={
          <>
            <Button
              onClick={() => {
                setDraft(EMPTY_FILTER);
                setFilter(EMPTY_FILTER);
                setPage(1);
              }}
            >
              条件をクリア
            </Button>
            <Button busy={busy} onClick={download}>
              この条件で CSV をダウンロード
            </Button>
          </>
        }
      >
        <div class="toolbar">
          <Field label="期間（から）">{({ id }) => <input id={id} type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />}</Field>
          <Field label="期間（まで）">{({ id }) => <input id={id} type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />}</Field>
          <Field label="操作した人（ログインID）">
            {({ id }) => <input id={id} type="text" size={14} value={draft.actor} onInput={(e) => setDraft({ ...draft, actor: e.currentTarget.value })} />}
          </Field>
          <Field label="操作">
            {({ id }) => (
              <select id={id} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}>
                <option value="">すべて</option>
                {Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => (
                  <option key={action} value={action}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="キーワード" hint="対象や詳細に含まれる言葉">
            {({ id, describedBy }) => <input id={id} type="search" size={16} value={draft.text} aria-describedby={describedBy} onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />}
          </Field>
        </div>
      </SearchPanel>
      <Message kind="error">{error}</Message>
      {data === null ? (
        error ? null : <Loading />
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <caption class="table-caption">全 {data.total.toLocaleString('ja-JP')} 件</caption>
              <thead>
                <tr>
                  <th scope="col">日時</th>
                  <th scope="col">操作した人</th>
                  <th scope="col">操作</th>
                  <th scope="col">対象</th>
                  <th scope="col">詳細</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry, i) => (
                  <tr key={`${entry.at}-${i}`}>
                    <td class="nowrap">{formatDateTime(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>{auditActionLabel(entry.action)}</td>
                    <td>{entry.action.startsWith('qa.') && entry.target ? <Link href={href('qaHistory', { id: entry.target })}>{entry.target}</Link> : auditTargetLabel(entry.action, entry.target)}</td>
                    <td class="audit-detail">{auditDetail(entry.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageCount={Math.max(1, Math.ceil(data.total / PAGE_SIZE))} total={data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}
