/**
 * 取り込み・書き出し: upload a CSV/Excel/JSONL file, map its columns when its headers differ from ours, see
 * the rows and every problem by row and column before anything changes, then apply it (追加・更新 or
 * 全体を入れ替え); and download all QAs, or those of the QA list's filter, as CSV/Excel/JSONL.
 */
import type { TransferPreviewReply } from '@madoguchi/server/admin-api';
import { useId, useMemo, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { saveDownload } from '../components/download.ts';
import { Button, Collapsible, ConfirmDialog, Message } from '../components/ui.tsx';
import { ignoredHeaders, mappingOverrides, mappingProblems, withChoice, type Mapping } from '../logic/column-mapping.ts';
import { STATUS_LABELS } from '../logic/merge.ts';
import { filterQuery, isFiltered, listStateFromQuery, PUBLICATION_LABELS } from '../logic/qa-list.ts';
import { Link } from '../routing/router.tsx';
import type { ScreenProps } from './registry.ts';

type Mode = 'merge' | 'replace';
const MODE_LABELS: Readonly<Record<Mode, string>> = {
  merge: '追加・更新（ファイルにある QA を追加・更新し、ほかの QA はそのまま残す）',
  replace: '全体を入れ替え（ファイルにない QA は削除する）',
};
const FORMAT_LABELS = { csv: 'CSV（Excel で開けます）', xlsx: 'Excel（.xlsx）', jsonl: 'JSON Lines（システム間の移行用）' } as const;

export function TransferScreen({ query }: ScreenProps) {
  const { can } = useApp();
  return (
    <>
      <p>QA をファイルから取り込んだり、ファイルに書き出したりします。書き出したファイルは、Excel で見直してから取り込み直すこともできます。</p>
      {can('importQas') ? <ImportSection /> : <p class="hint">取り込みができるのは編集者と管理者です。</p>}
      <ExportSection query={query} />
    </>
  );
}

function ImportSection() {
  const { api } = useApp();
  const announce = useAnnounce();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>('merge');
  const [preview, setPreview] = useState<TransferPreviewReply | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [busy, setBusy] = useState<'' | 'preview' | 'apply'>('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [confirm, setConfirm] = useState(false);

  const problems = useMemo(() => (preview ? mappingProblems(preview.headers, mapping, preview.columns) : []), [preview, mapping]);
  const mappingChanged = preview !== null && JSON.stringify(mapping) !== JSON.stringify(preview.mapping);

  const read = async (nextMapping: Mapping | undefined, nextMode = mode) => {
    if (!file) return;
    setBusy('preview');
    setError('');
    setNotice('');
    try {
      const overrides = nextMapping && preview ? mappingOverrides(nextMapping, preview.suggestedMapping) : undefined;
      const reply = await api.transferPreview(file, overrides, nextMode);
      setPreview(reply);
      setMapping(reply.mapping);
      announce(reply.errors.length > 0 ? `ファイルを読みました。問題が ${reply.errors.length} 件あります。` : `ファイルを読みました。${reply.totalRows} 件の QA を取り込めます。`);
    } catch (caught) {
      setPreview(null);
      setError(errorMessage(caught));
    } finally {
      setBusy('');
    }
  };

  const apply = async () => {
    if (!file || !preview) return;
    setBusy('apply');
    setError('');
    try {
      const { summary } = await api.transferApply(file, mappingOverrides(mapping, preview.suggestedMapping), mode);
      const message = `取り込みました。新規 ${summary.created} 件、更新 ${summary.updated} 件、変更なし ${summary.unchanged} 件${mode === 'replace' ? `、削除 ${summary.deleted} 件` : ''}。市民に見える内容は、「公開」の画面で公開したときに変わります。`;
      setNotice(message);
      announce(message);
      setPreview(null);
      setFile(null);
    } catch (caught) {
      setError(caught instanceof AdminApiError && caught.code === 'QA_FILE_INVALID' ? `${caught.message.split('\n')[0] ?? ''} もう一度「ファイルを読む」を押して、問題の一覧を確認してください。` : errorMessage(caught));
    } finally {
      setBusy('');
      setConfirm(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">ファイルから取り込む</h2>
      <p>CSV（UTF-8 または Shift_JIS）、Excel（.xlsx）、JSON Lines を取り込めます。取り込む前に内容と問題点を確認でき、問題があるうちは何も変わりません。</p>
      <label class="label" for={fileId}>
        取り込むファイル
      </label>
      <input
        id={fileId}
        type="file"
        accept=".csv,.xlsx,.jsonl,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => {
          setFile(e.currentTarget.files?.[0] ?? null);
          setPreview(null);
          setNotice('');
        }}
      />
      <fieldset>
        <legend>取り込み方</legend>
        {(Object.keys(MODE_LABELS) as Mode[]).map((value) => (
          <label class="choice" key={value}>
            <input
              type="radio"
              name="import-mode"
              checked={mode === value}
              onChange={() => {
                setMode(value);
                if (preview) void read(mapping, value);
              }}
            />
            {MODE_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <Button variant="primary" disabled={!file} busy={busy === 'preview'} onClick={() => read(undefined)}>
          ファイルを読む（まだ取り込みません）
        </Button>
      </div>
      <Message kind="error">{error}</Message>
      <Message kind="success">{notice}</Message>

      {preview ? (
        <>
          <h3>
            {preview.fileName}（{preview.format.toUpperCase()}、{preview.totalRows} 件）
          </h3>

          {preview.headers.length > 0 ? (
            <Collapsible open={problems.length > 0 || ignoredHeaders(preview.headers, mapping).length > 0} summary="列の対応（ファイルの見出し → 窓口の項目）">
              <p>ファイルの見出しが窓口の項目名と違うときは、どの項目として読むかを選んでください。「使わない」にした列は取り込みません。</p>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">ファイルの見出し</th>
                      <th scope="col">窓口の項目</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.headers.map((header, index) => (
                      <tr key={`${index}-${header}`}>
                        <th scope="row">{header || `（${index + 1} 列目、見出しなし）`}</th>
                        <td>
                          <select
                            aria-label={`「${header}」の列を読む項目`}
                            value={mapping[header] ?? ''}
                            onChange={(e) => setMapping(withChoice(mapping, header, e.currentTarget.value === '' ? null : e.currentTarget.value))}
                          >
                            <option value="">使わない</option>
                            {preview.columns.map((column) => (
                              <option key={column.key} value={column.key}>
                                {column.label}
                                {column.required ? '（必須）' : ''}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {problems.length > 0 ? (
                <div class="message message-warning" role="status">
                  <ul>
                    {problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div class="actions">
                <Button disabled={!mappingChanged} busy={busy === 'preview'} onClick={() => read(mapping)}>
                  この対応で読み直す
                </Button>
                {mappingChanged ? <span class="hint">対応を変えました。取り込む前に読み直してください。</span> : null}
              </div>
            </Collapsible>
          ) : null}

          {preview.errors.length > 0 ? (
            <div class="message message-error" role="alert">
              <p>
                ファイルに問題が {preview.errors.length} 件{preview.truncated ? '以上' : ''}あります。直してから、もう一度ファイルを選んで読んでください。問題があるうちは取り込めません。
              </p>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col" class="number">
                        行
                      </th>
                      <th scope="col">列</th>
                      <th scope="col">問題</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.errors.map((issue, i) => (
                      <tr key={i}>
                        <td class="number">{issue.row ?? ''}</td>
                        <td>{issue.column ?? ''}</td>
                        <td>{issue.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : (
            <Message kind="info">
              取り込むと、新規 {preview.summary.created} 件、更新 {preview.summary.updated} 件、変更なし {preview.summary.unchanged} 件
              {preview.mode === 'replace' ? `、削除 ${preview.summary.deleted} 件` : ''}になります。
            </Message>
          )}

          <ChangeLists changes={preview.changes} />

          <h4>最初の {preview.rows.length} 件</h4>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col" class="number">
                    行
                  </th>
                  <th scope="col">管理番号</th>
                  <th scope="col">分類</th>
                  <th scope="col">質問</th>
                  <th scope="col">回答（最初の部分）</th>
                  <th scope="col">状態</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map(({ row, content }) => (
                  <tr key={row}>
                    <td class="number">{row}</td>
                    <td>{content.id}</td>
                    <td>
                      {content.category1}
                      {content.category2 ? ` ＞ ${content.category2}` : ''}
                    </td>
                    <td>{content.question}</td>
                    <td>{content.answer.length > 60 ? `${content.answer.slice(0, 60)}…` : content.answer}</td>
                    <td>{STATUS_LABELS[content.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div class="actions">
            <Button variant={mode === 'replace' ? 'danger' : 'primary'} disabled={preview.errors.length > 0 || problems.length > 0 || mappingChanged} onClick={() => setConfirm(true)}>
              {mode === 'replace' ? '全体を入れ替える…' : '取り込む…'}
            </Button>
          </div>
        </>
      ) : null}

      <ConfirmDialog
        open={confirm}
        title={mode === 'replace' ? '全体を入れ替えます' : '取り込みます'}
        confirmLabel={mode === 'replace' ? '入れ替える' : '取り込む'}
        danger={mode === 'replace'}
        busy={busy === 'apply'}
        onConfirm={apply}
        onCancel={() => setConfirm(false)}
      >
        <p>
          新規 {preview?.summary.created ?? 0} 件、更新 {preview?.summary.updated ?? 0} 件
          {mode === 'replace' ? (
            <>
              、<strong>削除 {preview?.summary.deleted ?? 0} 件</strong>
            </>
          ) : null}
          になります。すべての変更は履歴に残り、QA ごとに元に戻せます。
        </p>
        <p>市民に見える内容は、「公開」の画面で公開したときに変わります。</p>
      </ConfirmDialog>
    </section>
  );
}

function ChangeLists({ changes }: { changes: TransferPreviewReply['changes'] }) {
  const lists = [
    ['新規になる QA', changes.created],
    ['更新される QA', changes.updated],
    ['削除される QA', changes.deleted],
  ] as const;
  return (
    <>
      {lists.map(([label, ids]) =>
        ids.length > 0 ? (
          <Collapsible key={label} summary={`${label}（${ids.length} 件）`}>
            <p>
              {ids.slice(0, 500).join('、')}
              {ids.length > 500 ? ` ほか ${ids.length - 500} 件` : ''}
            </p>
          </Collapsible>
        ) : null,
      )}
    </>
  );
}

function ExportSection({ query }: { query: URLSearchParams }) {
  const { api } = useApp();
  const [format, setFormat] = useState<'csv' | 'xlsx' | 'jsonl'>('xlsx');
  const list = useMemo(() => listStateFromQuery(query), [query.toString()]);
  const filtered = isFiltered(list);
  const [scope, setScope] = useState<'all' | 'filter'>(filtered ? 'filter' : 'all');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const download = async () => {
    setBusy(true);
    setError('');
    try {
      saveDownload(await api.exportQas(format, scope === 'filter' ? filterQuery(list) : {}));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="export-title">
      <h2 id="export-title">ファイルに書き出す</h2>
      <fieldset>
        <legend>ファイルの形式</legend>
        {(['xlsx', 'csv', 'jsonl'] as const).map((key) => (
          <label key={key} class="choice">
            <input type="radio" name="export-format" checked={format === key} onChange={() => setFormat(key)} />
            {FORMAT_LABELS[key]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>書き出す QA</legend>
        <label class="choice">
          <input type="radio" name="export-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
          すべての QA（下書きを含む）
        </label>
        <label class="choice">
          <input type="radio" name="export-scope" checked={scope === 'filter'} disabled={!filtered} onChange={() => setScope('filter')} />
          QA一覧で絞り込んだ QA
          {filtered ? '' : '（QA一覧で条件を指定し、「この条件で書き出す」から開くと選べます）'}
        </label>
      </fieldset>
      {filtered ? (
        <p class="hint">
          条件: {describeFilter(list)}（<Link href={`/admin/qas?${query.toString()}`}>QA一覧で確認する</Link>）
        </p>
      ) : null}
      <Message kind="error">{error}</Message>
      <div class="actions">
        <Button variant="primary" busy={busy} onClick={download}>
          書き出す
        </Button>
      </div>
      <p class="hint">書き出しは操作ログに記録されます。</p>
    </section>
  );
}

function describeFilter(list: ReturnType<typeof listStateFromQuery>): string {
  const parts: string[] = [];
  if (list.text) parts.push(`キーワード「${list.text}」`);
  if (list.category1) parts.push(`大分類「${list.category1}」`);
  if (list.category2) parts.push(`中分類「${list.category2}」`);
  if (list.status) parts.push(`状態「${STATUS_LABELS[list.status]}」`);
  if (list.department) parts.push(`担当課「${list.department}」`);
  if (list.published) parts.push(`公開との差「${PUBLICATION_LABELS[list.published]}」`);
  if (list.updatedFrom || list.updatedTo) parts.push(`更新日 ${list.updatedFrom || '…'}〜${list.updatedTo || '…'}`);
  return parts.join('、');
}
