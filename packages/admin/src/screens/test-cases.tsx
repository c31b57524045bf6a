/**
 * 一括テスト: questions with the QAs that should answer them, edited as a table or loaded from CSV, run
 * against what citizens see now and what they would see after publishing.
 */
import type { Issue, PublishingCheckReply, TestCasesReply } from '@madoguchi/server/admin-api';
import { useEffect, useId, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { CheckResults } from '../components/check-results.tsx';
import { saveDownload } from '../components/download.ts';
import { ActionsHeader, Button, Collapsible, formatDateTime, Loading, Message, RemoveRowCell, RowInputCell } from '../components/ui.tsx';
import { casesFromRows, emptyRow, rowsFromCases, type CaseRow } from '../logic/test-cases.ts';
import { useLeaveGuard } from '../routing/router.tsx';

export function TestCasesScreen() {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const editable = can('editTestCases');
  const [data, setData] = useState<TestCasesReply | null>(null);
  const [rows, setRows] = useState<CaseRow[]>([]);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<'' | 'save' | 'import' | 'run' | 'download'>('');
  const [check, setCheck] = useState<PublishingCheckReply | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'replace' | 'append'>('replace');
  const fileId = useId();

  const load = (reply: TestCasesReply) => {
    setData(reply);
    const next = rowsFromCases(reply.cases);
    setRows(next.length > 0 ? next : [emptyRow()]);
    setSaved(JSON.stringify(casesFromRows(next).cases));
  };

  useEffect(() => {
    api.testCases().then(load, (caught: unknown) => setError([errorMessage(caught)]));
  }, [api]);

  const current = casesFromRows(rows);
  const dirty = editable && data !== null && JSON.stringify(current.cases) !== saved;
  useLeaveGuard(dirty);

  const issues = (caught: unknown): string[] => {
    if (caught instanceof AdminApiError && Array.isArray(caught.details.issues)) {
      return [caught.message.split('\n')[0] ?? caught.message, ...(caught.details.issues as Issue[]).map((i) => (i.row !== undefined ? `${i.row} 行目${i.column ? `「${i.column}」` : ''}: ${i.message}` : i.message))];
    }
    return [errorMessage(caught)];
  };

  const save = async () => {
    if (!data) return;
    if (current.problems.length > 0) {
      setError(current.problems);
      return;
    }
    setBusy('save');
    setError([]);
    try {
      const reply = await api.saveTestCases({ cases: current.cases, revision: data.revision });
      load(reply);
      setNotice(`${reply.cases.length} 件の質問を保存しました。`);
      announce('保存しました。');
    } catch (caught) {
      if (caught instanceof AdminApiError && caught.code === 'CONFLICT') {
        setError([`${caught.message}`, 'あなたの編集は画面に残っています。「最新の内容を読み込む」を押すと、あなたの編集は消えます。']);
      } else setError(issues(caught));
    } finally {
      setBusy('');
    }
  };

  const reloadLatest = async () => {
    try {
      load(await api.testCases());
      setError([]);
      setNotice('最新の内容を読み込みました。');
    } catch (caught) {
      setError([errorMessage(caught)]);
    }
  };

  const importFile = async () => {
    if (!data || !file) return;
    setBusy('import');
    setError([]);
    try {
      const reply = await api.importTestCases(file, data.revision, mode);
      load(reply);
      setFile(null);
      setNotice(`CSV を取り込みました。質問は ${reply.cases.length} 件です。`);
      announce('CSV を取り込みました。');
    } catch (caught) {
      setError(issues(caught));
    } finally {
      setBusy('');
    }
  };

  const run = async () => {
    setBusy('run');
    setError([]);
    try {
      const result = await api.publishingCheck();
      setCheck(result);
      announce(`一括テストが終わりました。公開中 ${result.summary.production.passed} 件、公開後 ${result.summary.draft.passed} 件が正しく答えました。`);
    } catch (caught) {
      setError([errorMessage(caught)]);
    } finally {
      setBusy('');
    }
  };

  const download = async () => {
    setBusy('download');
    try {
      saveDownload(await api.testCasesCsv());
    } catch (caught) {
      setError([errorMessage(caught)]);
    } finally {
      setBusy('');
    }
  };

  const update = (key: number, change: Partial<CaseRow>) => setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  if (!data) return error.length > 0 ? <Message kind="error">{error[0]}</Message> : <Loading />;

  return (
    <>
      <p>
        市民がしそうな質問と、正しく答える QA の管理番号を登録しておくと、まとめて答えを確かめられます。公開の前に「公開前チェック」でも使われます。正しい QA
        を空にすると、「答えられない」が正しい質問になります。
      </p>
      <Message kind="error">
        {error.length > 0 ? (
          <>
            <p>{error[0]}</p>
            {error.length > 1 ? (
              <ul>
                {error.slice(1, 200).map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : null}
            {error.some((line) => line.includes('最新の内容を読み込む')) ? <Button onClick={reloadLatest}>最新の内容を読み込む</Button> : null}
          </>
        ) : null}
      </Message>
      <Message kind="success">{notice}</Message>
      {data.warnings.length > 0 ? (
        <Message kind="warning">
          <p>存在しない管理番号が指定されています（保存はできます）。</p>
          <ul>
            {data.warnings.slice(0, 50).map((w, i) => (
              <li key={i}>{w.row !== undefined ? `${w.row} 件目: ${w.message}` : w.message}</li>
            ))}
          </ul>
        </Message>
      ) : null}

      <div class="actions">
        <Button variant="primary" busy={busy === 'run'} onClick={run}>
          一括テストを実行する
        </Button>
        <Button busy={busy === 'download'} onClick={download}>
          CSV をダウンロード
        </Button>
        {dirty ? <span class="hint">保存していない変更があります。実行されるのは保存した質問です。</span> : null}
      </div>
      {check ? (
        <section class="panel" aria-labelledby="run-title">
          <h2 id="run-title">実行結果</h2>
          <CheckResults check={check} />
        </section>
      ) : null}

      <h2>質問の一覧（{current.cases.length} 件）</h2>
      {data.updatedAt ? (
        <p class="hint">
          最終更新 {formatDateTime(data.updatedAt)}（{data.updatedBy}）
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col" class="number">
                番号
              </th>
              <th scope="col">質問</th>
              <th scope="col">正しい QA の管理番号</th>
              <th scope="col">メモ</th>
              {editable ? <ActionsHeader /> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <td class="number">{index + 1}</td>
                <RowInputCell row={index + 1} column="質問" value={row.question} readOnly={!editable} onValue={(question) => update(row.key, { question })} />
                <RowInputCell
                  row={index + 1}
                  column="正しい QA の管理番号（複数はカンマ区切り、空なら答えない）"
                  value={row.expected}
                  readOnly={!editable}
                  size={14}
                  onValue={(expected) => update(row.key, { expected })}
                />
                <RowInputCell row={index + 1} column="メモ" value={row.note} readOnly={!editable} onValue={(note) => update(row.key, { note })} />
                {editable ? <RemoveRowCell row={index + 1} onRemove={() => setRows(rows.length > 1 ? rows.filter((r) => r.key !== row.key) : [emptyRow()])} /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editable ? (
        <>
          <div class="actions sticky-actions">
            <Button onClick={() => setRows([...rows, emptyRow()])}>行を追加</Button>
            <Button variant="primary" busy={busy === 'save'} onClick={save}>
              保存する
            </Button>
          </div>
          <Collapsible summary="CSV から取り込む">
            <p>
              1 行目を見出し <code>question,expected,note</code> にして、質問・正しい QA・メモを並べた CSV を取り込めます（「CSV をダウンロード」と同じ形式です）。正しい QA
              が複数あるときは <code>;</code> で区切り、答えないのが正しい質問には <code>none</code> と書きます。
            </p>
            <label for={fileId} class="label">
              CSV ファイル
            </label>
            <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            <fieldset class="inline-choices">
              <legend>取り込み方</legend>
              <label class="choice">
                <input type="radio" name="case-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
                今の一覧と入れ替える
              </label>
              <label class="choice">
                <input type="radio" name="case-mode" checked={mode === 'append'} onChange={() => setMode('append')} />
                今の一覧の後ろに追加する
              </label>
            </fieldset>
            <div class="actions">
              <Button busy={busy === 'import'} disabled={!file} onClick={importFile}>
                取り込む
              </Button>
              {dirty ? <span class="hint">取り込むと、保存していない変更は失われます。</span> : null}
            </div>
          </Collapsible>
        </>
      ) : null}
    </>
  );
}
