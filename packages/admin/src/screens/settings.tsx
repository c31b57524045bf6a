/**
 * 設定: 市の情報 (the values of {{…}} placeholders), キャラクター (name, image, greetings, colour, position,
 * with a preview of the chat's look), よくある質問 (QAs featured in the chat's opening menu), 会話ログの保存期間
 * (R23). Administrators change them; everyone else reads them.
 */
import type { CharacterReply, CharacterValue, ChatMenuReply, CityFactsReply, Issue, LogRetentionReply } from '@madoguchi/server/admin-api';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { QaPicker } from '../components/qa-picker.tsx';
import { ActionsHeader, Button, Collapsible, Field, formatDateTime, Loading, Message, RemoveRowCell, RowInputCell, SaveBar } from '../components/ui.tsx';
import { contrastWithWhite, MIN_CONTRAST } from '../logic/contrast.ts';
import { factRows, factsFromRows, newFactRow, type FactRow } from '../logic/facts.ts';
import { LANGUAGE_LABELS, LANGUAGES } from '../logic/qa-form.ts';
import { Link, useLeaveGuard } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';

interface Stamp {
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export function StampLine({ stamp }: { stamp: Stamp }) {
  return <p class="hint">{stamp.updatedAt ? `最終更新 ${formatDateTime(stamp.updatedAt)}（${stamp.updatedBy}）・版 ${stamp.revision}` : 'まだ保存されていません（初期値を使っています）。'}</p>;
}

/** Words for a failed save; a conflict offers to load the latest or to save over it. */
function useSaveErrors() {
  const [error, setError] = useState<{ message: string; lines: string[]; conflict: boolean } | null>(null);
  const fail = (caught: unknown) => {
    if (caught instanceof AdminApiError && caught.code === 'CONFLICT') setError({ message: caught.message, lines: [], conflict: true });
    else if (caught instanceof AdminApiError && Array.isArray(caught.details.issues)) {
      setError({ message: caught.message.split('\n')[0] ?? caught.message, lines: (caught.details.issues as Issue[]).map((i) => i.message), conflict: false });
    } else setError({ message: errorMessage(caught), lines: [], conflict: false });
  };
  /** The conflict buttons of {@link SaveError}: load the latest (dropping the edit) or save over it. */
  const conflictActions = <R extends { revision: number }>(latest: () => Promise<R>, load: (reply: R) => void, save: (revision: number) => void) => ({
    onReload: () =>
      void latest().then((reply) => {
        load(reply);
        setError(null);
      }, fail),
    onOverwrite: () => void latest().then((reply) => save(reply.revision), fail),
  });
  return { error, setError, fail, conflictActions };
}

/** {@link useSaveErrors} plus the save itself: busy while it runs, then its notice and a spoken 「保存しました」. */
export function useSettingSave() {
  const announce = useAnnounce();
  const errors = useSaveErrors();
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const saving = async (run: () => Promise<void>, done: string) => {
    setBusy(true);
    errors.setError(null);
    try {
      await run();
      setNotice(done);
      announce('保存しました。');
    } catch (caught) {
      errors.fail(caught);
    } finally {
      setBusy(false);
    }
  };
  return { ...errors, notice, busy, saving };
}

/** A failed save: the message, its lines, and on a conflict the way out (reload, or overwrite when offered). */
export function SaveError({ error, onReload, onOverwrite }: { error: { message: string; lines: string[]; conflict: boolean } | null; onReload: () => void; onOverwrite?: () => void }) {
  return (
    <Message kind="error">
      {error ? (
        <>
          <p>{error.message}</p>
          {error.lines.length > 0 ? (
            <ul>
              {error.lines.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          ) : null}
          {error.conflict ? (
            <div class="actions">
              <Button onClick={onReload}>最新の内容を読み込む（自分の編集を捨てる）</Button>
              {onOverwrite ? <Button onClick={onOverwrite}>自分の編集で上書き保存する</Button> : null}
            </div>
          ) : null}
        </>
      ) : null}
    </Message>
  );
}

export function ReadOnlyNote({ children }: { children?: ComponentChildren }) {
  return <p class="hint">{children ?? '設定を変更できるのは管理者です。'}</p>;
}

// ── 市の情報 ─────────────────────────────────────────────────────────────
export function CityFactsScreen() {
  const { api, can } = useApp();
  const editable = can('editSettings');
  const [stored, setStored] = useState<CityFactsReply | null>(null);
  const [rows, setRows] = useState<FactRow[]>([]);
  const { error, setError, fail, conflictActions, notice, busy, saving } = useSettingSave();

  const load = (reply: CityFactsReply) => {
    setStored(reply);
    setRows([...factRows(reply.value), newFactRow()]);
  };
  useEffect(() => {
    api.cityFacts().then(load, fail);
  }, [api]);

  const current = factsFromRows(rows);
  const dirty = editable && stored !== null && JSON.stringify(current.facts) !== JSON.stringify(stored.value);
  useLeaveGuard(dirty);

  const save = async (revision: number) => {
    if (current.problems.length > 0) {
      setError({ message: '入力内容を直してください。', lines: current.problems, conflict: false });
      return;
    }
    await saving(async () => load(await api.saveCityFacts(current.facts, revision)), '市の情報を保存しました。回答の {{…}} は、すぐに新しい値で表示されます。');
  };

  if (!stored) return error ? <Message kind="error">{error.message}</Message> : <Loading />;
  const update = (key: number, change: Partial<FactRow>) => setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  return (
    <>
      <p>
        QA の回答やキャラクターのあいさつに <code>{'{{市名}}'}</code> のように書いた部分は、ここで登録した値に置き換わって市民に表示されます。
        <code>{'{{電話番号:市民課}}'}</code> のように「:」で区切った名前も使えます。
      </p>
      {editable ? null : <ReadOnlyNote />}
      <SaveError error={error} {...conflictActions(() => api.cityFacts(), load, save)} />
      <Message kind="success">{notice}</Message>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">名前（{'{{ }}'} の中）</th>
              <th scope="col">値</th>
              {editable ? <ActionsHeader /> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <RowInputCell row={index + 1} column="名前" value={row.name} readOnly={!editable} onValue={(name) => update(row.key, { name })} />
                <RowInputCell row={index + 1} column="値" value={row.value} readOnly={!editable} onValue={(value) => update(row.key, { value })} />
                {editable ? <RemoveRowCell row={index + 1} onRemove={() => setRows(rows.filter((r) => r.key !== row.key))} /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <StampLine stamp={stored} />
      {editable ? (
        <SaveBar busy={busy} dirty={dirty} onSave={() => save(stored.revision)}>
          <Button onClick={() => setRows([...rows, newFactRow()])}>行を追加</Button>
        </SaveBar>
      ) : null}
    </>
  );
}

// ── キャラクター ──────────────────────────────────────────────────────────
interface CharacterForm {
  name: string;
  avatarUrl: string;
  greeting: string;
  greetings: Record<(typeof LANGUAGES)[number], string>;
  themeColor: string;
  position: 'right' | 'left';
}

function characterForm(reply: CharacterReply): CharacterForm {
  const value = reply.value;
  const resolved = reply.resolved;
  return {
    name: value.name ?? resolved.name,
    avatarUrl: value.avatarUrl ?? resolved.avatarUrl,
    greeting: value.greeting ?? resolved.greeting,
    greetings: { en: value.greetings?.en ?? '', zh: value.greetings?.zh ?? '', ko: value.greetings?.ko ?? '', vi: value.greetings?.vi ?? '' },
    themeColor: value.themeColor ?? resolved.themeColor,
    position: value.position === 'left' ? 'left' : resolved.position,
  };
}

function characterValue(form: CharacterForm): CharacterValue {
  const greetings: NonNullable<CharacterValue['greetings']> = {};
  for (const lang of LANGUAGES) if (form.greetings[lang].trim() !== '') greetings[lang] = form.greetings[lang].trim();
  return { name: form.name.trim(), avatarUrl: form.avatarUrl.trim(), greeting: form.greeting.trim(), greetings, themeColor: form.themeColor.trim(), position: form.position };
}

export function CharacterScreen() {
  const { api, can } = useApp();
  const editable = can('editSettings');
  const [stored, setStored] = useState<CharacterReply | null>(null);
  const [form, setForm] = useState<CharacterForm | null>(null);
  const { error, fail, conflictActions, notice, busy, saving } = useSettingSave();

  const load = (reply: CharacterReply) => {
    setStored(reply);
    setForm(characterForm(reply));
  };
  useEffect(() => {
    api.character().then(load, fail);
  }, [api]);

  const dirty = editable && stored !== null && form !== null && JSON.stringify(characterValue(form)) !== JSON.stringify(characterValue(characterForm(stored)));
  useLeaveGuard(dirty);

  const save = async (revision: number) => {
    if (!form) return;
    await saving(async () => load(await api.saveCharacter(characterValue(form), revision)), 'キャラクターを保存しました。市民のチャットには数分以内に反映されます。');
  };

  if (!stored || !form) return error ? <Message kind="error">{error.message}</Message> : <Loading />;
  const set = <K extends keyof CharacterForm>(key: K, value: CharacterForm[K]) => setForm({ ...form, [key]: value });
  const contrast = contrastWithWhite(form.themeColor);
  const colourValid = /^#[0-9a-f]{6}$/i.test(form.themeColor.trim());

  return (
    <>
      <p>チャットに表示されるキャラクターの名前、画像、あいさつ、色、表示位置を設定します。</p>
      {editable ? null : <ReadOnlyNote />}
      <SaveError error={error} {...conflictActions(() => api.character(), load, save)} />
      <Message kind="success">{notice}</Message>
      {stored.problems.map((problem, i) => (
        <Message key={i} kind="warning">
          {problem.message}
        </Message>
      ))}
      <div class="editor">
        <div>
          <Field label="名前" required hint="40 文字まで。">
            {({ id, describedBy }) => <input id={id} type="text" value={form.name} readOnly={!editable} aria-describedby={describedBy} onInput={(e) => set('name', e.currentTarget.value)} />}
          </Field>
          <Field label="画像の URL" hint="https:// で始まる URL か、/ で始まるこのサーバーのパス。空にすると初期の画像になります。">
            {({ id, describedBy }) => <input id={id} type="url" value={form.avatarUrl} readOnly={!editable} aria-describedby={describedBy} onInput={(e) => set('avatarUrl', e.currentTarget.value)} />}
          </Field>
          <Field label="あいさつ（日本語）" required hint="チャットを開いたときに表示されます。{{市名}} などが使えます。400 文字まで。">
            {({ id, describedBy }) => <textarea id={id} rows={4} value={form.greeting} readOnly={!editable} aria-describedby={describedBy} onInput={(e) => set('greeting', e.currentTarget.value)} />}
          </Field>
          <Collapsible summary="ほかの言語のあいさつ">
            <p class="hint">空にした言語では、チャットに用意された標準のあいさつが表示されます。</p>
            {LANGUAGES.map((lang) => (
              <Field key={lang} label={`あいさつ（${LANGUAGE_LABELS[lang]}）`}>
                {({ id }) => (
                  <textarea id={id} lang={lang} rows={3} value={form.greetings[lang]} readOnly={!editable} onInput={(e) => set('greetings', { ...form.greetings, [lang]: e.currentTarget.value })} />
                )}
              </Field>
            ))}
          </Collapsible>
          <div class="field">
            <label class="label" for="theme-color-text">
              テーマカラー
            </label>
            <p class="hint" id="theme-color-hint">
              見出しとボタンの色です。白い文字が読みやすい濃い色にしてください。
            </p>
            <div class="toolbar">
              <input
                type="color"
                aria-label="テーマカラーを色見本から選ぶ"
                value={colourValid ? form.themeColor : '#1b6e53'}
                disabled={!editable}
                onInput={(e) => set('themeColor', e.currentTarget.value)}
              />
              <input
                id="theme-color-text"
                type="text"
                size={9}
                value={form.themeColor}
                readOnly={!editable}
                aria-describedby="theme-color-hint theme-color-contrast"
                onInput={(e) => set('themeColor', e.currentTarget.value)}
              />
            </div>
            <p id="theme-color-contrast" role="status" class={contrast !== undefined && contrast < MIN_CONTRAST ? 'field-error' : 'hint'}>
              {contrast === undefined
                ? '#1b6e53 のように、# と 6 桁で指定してください。'
                : contrast < MIN_CONTRAST
                  ? `白い文字との明暗差が ${contrast.toFixed(1)}:1 で、基準の ${MIN_CONTRAST}:1 に足りません。保存すると、読みやすい濃さに自動で調整されます。`
                  : `白い文字との明暗差は ${contrast.toFixed(1)}:1 です（基準 ${MIN_CONTRAST}:1 以上）。`}
            </p>
          </div>
          <fieldset class="inline-choices">
            <legend>ボタンの表示位置</legend>
            <label class="choice">
              <input type="radio" name="position" checked={form.position === 'right'} disabled={!editable} onChange={() => set('position', 'right')} />
              右下
            </label>
            <label class="choice">
              <input type="radio" name="position" checked={form.position === 'left'} disabled={!editable} onChange={() => set('position', 'left')} />
              左下
            </label>
          </fieldset>
        </div>
        <div class="preview-pane">
          <h2 class="label" id="widget-preview-title">
            表示の見本
          </h2>
          <div
            class={`widget-preview ${form.position}`}
            role="img"
            aria-labelledby="widget-preview-title"
            aria-describedby="widget-preview-text"
            style={{ '--theme': colourValid ? form.themeColor : stored.resolved.themeColor }}
          >
            <div class="wp-panel">
              <div class="wp-header">
                <img src={form.avatarUrl || '/assets/avatar.svg'} alt="" />
                <span>{form.name || stored.resolved.name}</span>
              </div>
              <div class="wp-greeting">
                <img src={form.avatarUrl || '/assets/avatar.svg'} alt="" />
                <p id="widget-preview-text">{form.greeting || stored.resolved.greeting}</p>
              </div>
            </div>
            <div class="wp-launcher" aria-hidden="true">
              質問する
            </div>
          </div>
          <p class="hint">
            実際の表示は <a href="/demo">見本のページ</a> で確かめられます（保存後、数分で反映されます）。
          </p>
        </div>
      </div>
      <StampLine stamp={stored} />
      {editable ? (
        <SaveBar busy={busy} dirty={dirty} onSave={() => save(stored.revision)} />
      ) : null}
    </>
  );
}

// ── よくある質問 ─────────────────────────────────────────────────────────
export function FeaturedScreen() {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const editable = can('editSettings');
  const [stored, setStored] = useState<ChatMenuReply | null>(null);
  const [ids, setIds] = useState<string[]>([]);
  const [questions, setQuestions] = useState<Map<string, string>>(new Map());
  const { error, fail, conflictActions, notice, busy, saving } = useSettingSave();

  const load = (reply: ChatMenuReply) => {
    setStored(reply);
    setIds(reply.value.featuredQaIds);
  };
  useEffect(() => {
    api.chatMenu().then(load, fail);
  }, [api]);

  useEffect(() => {
    const missing = ids.filter((id) => !questions.has(id));
    if (missing.length === 0) return;
    void Promise.all(
      missing.map((id) =>
        api.getQa(id).then(
          (reply) => [id, reply.qa.question] as const,
          () => [id, '（見つかりません）'] as const,
        ),
      ),
    ).then((pairs) => setQuestions((previous) => new Map([...previous, ...pairs])));
  }, [api, ids.join('\n')]);

  const dirty = editable && stored !== null && JSON.stringify(ids) !== JSON.stringify(stored.value.featuredQaIds);
  useLeaveGuard(dirty);

  const save = (revision: number) =>
    saving(async () => load(await api.saveChatMenu(ids, revision)), 'よくある質問を保存しました。市民のチャットには数分以内に反映されます。');

  const move = (index: number, by: -1 | 1) => {
    const next = [...ids];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(index + by, 0, item);
    setIds(next);
    announce(`${item} を ${index + by + 1} 番目に移しました。`);
  };

  if (!stored) return error ? <Message kind="error">{error.message}</Message> : <Loading />;

  return (
    <>
      <p>
        チャットを開いたときの「よくある質問」に、最初に表示する QA を選びます（20 件まで）。質問の記録がたまると、よく聞かれる質問も表示されます。
      </p>
      {editable ? null : <ReadOnlyNote />}
      <SaveError error={error} {...conflictActions(() => api.chatMenu(), load, save)} />
      <Message kind="success">{notice}</Message>
      {ids.length === 0 ? (
        <p>まだ選ばれていません。</p>
      ) : (
        <ol class="featured-list">
          {ids.map((id, index) => (
            <li key={id}>
              <span>
                <Link href={href('qaEdit', { id })}>{id}</Link> {questions.get(id) ?? ''}
              </span>
              {editable ? (
                <span class="actions-inline">
                  <Button class="button-small" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`上へ（${id}）`}>
                    上へ
                  </Button>
                  <Button class="button-small" disabled={index === ids.length - 1} onClick={() => move(index, 1)} aria-label={`下へ（${id}）`}>
                    下へ
                  </Button>
                  <Button variant="link" class="button-small" onClick={() => setIds(ids.filter((other) => other !== id))} aria-label={`外す（${id}）`}>
                    外す
                  </Button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {editable ? (
        <>
          <QaPicker
            label="QA を探して追加"
            chosen={ids}
            disabled={ids.length >= 20}
            onPick={(qa) => {
              setQuestions((previous) => new Map(previous).set(qa.id, qa.question));
              setIds([...ids, qa.id]);
              announce(`${qa.id} を追加しました。`);
            }}
          />
          <StampLine stamp={stored} />
          <SaveBar busy={busy} dirty={dirty} onSave={() => save(stored.revision)} />
        </>
      ) : (
        <StampLine stamp={stored} />
      )}
    </>
  );
}

// ── 会話ログの保存期間 ─────────────────────────────────────────────────────
/** Whole years are what a city's records rules speak in; any day count from a year to ten is accepted. */
const RETENTION_CHOICES = [1, 2, 3, 5, 7, 10].map((years) => ({ days: years * 365, label: `${years}年（${years * 365}日）` }));

export function LogRetentionScreen() {
  const { api, can } = useApp();
  const editable = can('editSettings');
  const [stored, setStored] = useState<LogRetentionReply | null>(null);
  const [days, setDays] = useState(0);
  const { error, fail, conflictActions, notice, busy, saving } = useSettingSave();

  const load = (reply: LogRetentionReply) => {
    setStored(reply);
    setDays(reply.value.days);
  };
  useEffect(() => {
    api.logRetention().then(load, fail);
  }, [api]);

  const dirty = editable && stored !== null && days !== stored.value.days;
  useLeaveGuard(dirty);

  const save = (revision: number) =>
    saving(async () => load(await api.saveLogRetention(days, revision)), '保存期間を保存しました。期間を過ぎた会話ログは、毎日 1 回削除されます。');

  if (!stored) return error ? <Message kind="error">{error.message}</Message> : <Loading />;
  const choices = RETENTION_CHOICES.some((choice) => choice.days === days) ? RETENTION_CHOICES : [...RETENTION_CHOICES, { days, label: `${days}日` }];

  return (
    <>
      <p>
        市民の質問と回答の記録（会話ログ）を保存する期間です。期間を過ぎた記録は毎日 1 回自動で削除され、削除したことは操作ログに残ります。
        統計や「うまくいかなかった質問」も、この期間の記録から作られます。
      </p>
      <p class="hint">質問に含まれる電話番号・メールアドレス・番地などは、保存する前に伏せ字にしています。保存期間は 1 年以上にしてください。</p>
      {editable ? null : <ReadOnlyNote />}
      <SaveError error={error} {...conflictActions(() => api.logRetention(), load, save)} />
      <Message kind="success">{notice}</Message>
      <Field label="保存期間">
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} value={String(days)} disabled={!editable} onChange={(event) => setDays(Number(event.currentTarget.value))}>
            {choices.map((choice) => (
              <option key={choice.days} value={String(choice.days)}>
                {choice.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <StampLine stamp={stored} />
      {editable ? <SaveBar busy={busy} dirty={dirty} onSave={() => save(stored.revision)} /> : null}
    </>
  );
}
