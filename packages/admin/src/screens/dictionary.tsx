/**
 * 辞書: the city's own synonyms, one entry per line, checked line by line on save; its history, with the
 * difference of any saved version and a way to bring one back into the editor.
 */
import type { DictionaryReply, DictionaryRevisionsReply, Issue } from '@madoguchi/server/admin-api';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { DiffText } from '../components/diff.tsx';
import { ActionsHeader, Button, Collapsible, formatDateTime, Loading, Message, SaveBar } from '../components/ui.tsx';
import { lineRange, textLines } from '../logic/text-lines.ts';
import { useLeaveGuard } from '../routing/router.tsx';

export function DictionaryScreen() {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const editable = can('editDictionary');
  const textId = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [stored, setStored] = useState<DictionaryReply | null>(null);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [conflict, setConflict] = useState<DictionaryReply | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<DictionaryRevisionsReply | null>(null);
  const [shown, setShown] = useState<number | null>(null);

  const load = (reply: DictionaryReply) => {
    setStored(reply);
    setText(reply.lines.join('\n'));
  };

  useEffect(() => {
    api.dictionary().then(load, (caught: unknown) => setError(errorMessage(caught)));
  }, [api]);

  const dirty = editable && stored !== null && JSON.stringify(textLines(text)) !== JSON.stringify(textLines(stored.lines.join('\n')));
  useLeaveGuard(dirty);

  const save = async (revision: number) => {
    setBusy(true);
    setError('');
    setIssues([]);
    setNotice('');
    try {
      const reply = await api.saveDictionary(textLines(text), revision);
      load(reply);
      setConflict(null);
      setHistory(null);
      setNotice('辞書を保存しました。テストチャットにも市民のチャットにも、すぐに反映されます。');
      announce('辞書を保存しました。');
    } catch (caught) {
      if (caught instanceof AdminApiError && caught.code === 'CONFLICT' && caught.details.current) {
        setConflict(caught.details.current as DictionaryReply);
        setError(caught.message);
      } else if (caught instanceof AdminApiError && Array.isArray(caught.details.issues)) {
        setIssues(caught.details.issues as Issue[]);
        setError(caught.message.split('\n')[0] ?? caught.message);
      } else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const goToLine = (line: number) => {
    const area = textRef.current;
    if (!area) return;
    const [start, end] = lineRange(area.value, line);
    area.focus();
    area.setSelectionRange(start, end);
  };

  const loadHistory = async () => {
    try {
      setHistory(await api.dictionaryRevisions());
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  if (!stored) return error ? <Message kind="error">{error}</Message> : <Loading />;
  const shownRevision = history?.items.find((item) => item.revision === shown);

  return (
    <>
      <p>市民が使う言葉と QA の言葉が違っても見つかるように、同じ意味の言葉を登録します。保存すると、公開の操作をしなくても、すぐに市民のチャットに反映されます。</p>
      <Collapsible summary="書き方" open={stored.lines.length === 0}>
        <ul>
          <li>
            同じ意味の言葉は、1 行にカンマで区切って書きます。例: <code>ごみ, ゴミ, 廃棄物</code>（どれで聞かれても、ほかの言葉の QA が見つかります）
          </li>
          <li>
            市民の言い方から窓口の言葉へ一方向に読み替えるときは <code>-&gt;</code> を使います。例: <code>引っ越してきた, 越してきた -&gt; 転入</code>
          </li>
          <li>
            <code>#</code> で始まる行はメモです（検索には使われません）。空の行は無視されます。
          </li>
          <li>1 行に書けるのは 1 つの組だけです。</li>
        </ul>
      </Collapsible>

      <div tabIndex={-1}>
        <Message kind="error">
          {error ? (
            <>
              <p>{error}</p>
              {issues.length > 0 ? (
                <ul>
                  {issues.map((issue, i) => (
                    <li key={i}>
                      {issue.row !== undefined ? (
                        <button type="button" class="button button-link" onClick={() => goToLine(issue.row ?? 1)}>
                          {issue.row} 行目
                        </button>
                      ) : null}
                      {issue.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </Message>
      </div>
      <Message kind="success">{notice}</Message>

      {conflict ? (
        <section class="panel" aria-labelledby="dict-conflict">
          <h2 id="dict-conflict">ほかの人が先に辞書を保存しました</h2>
          <p>
            {conflict.updatedBy} さんが {formatDateTime(conflict.updatedAt)} に保存した内容（版 {conflict.revision}）と、あなたの編集の違いです。−
            は最新の内容にだけある行、＋ はあなたの編集にだけある行です。
          </p>
          <DiffText before={conflict.lines.join('\n')} after={textLines(text).join('\n')} label="最新の内容とあなたの編集の違い" />
          <div class="actions">
            <Button variant="primary" busy={busy} onClick={() => save(conflict.revision)}>
              あなたの編集で上書き保存する
            </Button>
            <Button
              onClick={() => {
                load(conflict);
                setConflict(null);
                setError('');
                setNotice('最新の内容を読み込みました。あなたの編集は捨てました。');
              }}
            >
              あなたの編集を捨てて最新の内容にする
            </Button>
          </div>
        </section>
      ) : null}

      <label class="label" for={textId}>
        辞書（{textLines(text).length} 行）
      </label>
      <textarea
        id={textId}
        ref={textRef}
        class="code tall"
        rows={20}
        spellcheck={false}
        value={text}
        readOnly={!editable}
        aria-invalid={issues.length > 0}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setNotice('');
        }}
      />
      <p class="hint">
        版 {stored.revision}
        {stored.updatedAt ? `・最終更新 ${formatDateTime(stored.updatedAt)}（${stored.updatedBy}）` : '・まだ保存されていません'}
      </p>
      {editable ? (
        <SaveBar busy={busy} dirty={dirty} onSave={() => save(stored.revision)} />
      ) : null}

      <section aria-labelledby="dict-history">
        <h2 id="dict-history">履歴</h2>
        {history === null ? (
          <Button onClick={loadHistory}>履歴を表示する</Button>
        ) : history.items.length === 0 ? (
          <p>まだ履歴はありません。</p>
        ) : (
          <>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col" class="number">
                      版
                    </th>
                    <th scope="col">日時</th>
                    <th scope="col">保存した人</th>
                    <th scope="col" class="number">
                      行数
                    </th>
                    <ActionsHeader />
                  </tr>
                </thead>
                <tbody>
                  {history.items.map((item) => (
                    <tr key={item.revision} class={shown === item.revision ? 'selected' : undefined}>
                      <td class="number">{item.revision}</td>
                      <td>{formatDateTime(item.at)}</td>
                      <td>{item.actor}</td>
                      <td class="number">{item.lines.length}</td>
                      <td>
                        <Button class="button-small" onClick={() => setShown(item.revision)} aria-label={`今の辞書との違い（版 ${item.revision}）`}>
                          今の辞書との違い
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {shownRevision ? (
              <div class="panel">
                <h3>
                  版 {shownRevision.revision} から今の辞書（版 {stored.revision}）までの違い
                </h3>
                <DiffText before={shownRevision.lines.join('\n')} after={stored.lines.join('\n')} label={`版 ${shownRevision.revision} からの違い`} />
                {editable ? (
                  <div class="actions">
                    <Button
                      onClick={() => {
                        setText(shownRevision.lines.join('\n'));
                        setNotice(`版 ${shownRevision.revision} の内容を編集欄に読み込みました。保存すると、この内容が新しい版になります。`);
                        textRef.current?.focus();
                      }}
                    >
                      この版の内容を編集欄に読み込む
                    </Button>
                  </div>
                ) : null}
              </div>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}
