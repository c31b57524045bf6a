/**
 * QAの編集 / 新規作成: every field of a QA, the answer's preview as citizens see it, who else has the QA open,
 * a warning before leaving unsaved changes, and the conflict view when someone saved first.
 */
import type { CategoryListReply, EditingPresenceView, Issue, QaContent, QaDetailReply, QaView } from '@madoguchi/server/admin-api';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { ImprovementApi } from '../api/improvement-api.ts';
import { useApp } from '../app-context.ts';
import { AiSuggestions } from '../components/ai-suggestions.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { ConflictView } from '../components/conflict-view.tsx';
import { DiffText } from '../components/diff.tsx';
import { QaPicker } from '../components/qa-picker.tsx';
import { Button, Collapsible, ConfirmDialog, Field, formatDateTime, Loading, Message } from '../components/ui.tsx';
import { diffVersions, STATUS_LABELS } from '../logic/merge.ts';
import { PUBLICATION_HELP, PUBLICATION_LABELS } from '../logic/qa-list.ts';
import { contentOf, emptyForm, fieldsOf, formFromQa, LANGUAGE_LABELS, LANGUAGES, qaFromForm, validateForm, type QaForm, type TranslationForm } from '../logic/qa-form.ts';
import { fieldForIssue } from '../logic/issues.ts';
import { insertSnippet } from '../logic/answer-insert.ts';
import { clearDraftPrefill, FROM_IMPROVEMENT, readDraftPrefill } from '../logic/draft-prefill.ts';
import { SafeHtml } from '../render/safe-html.tsx';
import { Link, navigate, useLeaveGuard } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ScreenProps } from './registry.ts';

const HEARTBEAT_MS = 15_000;
/** Without keyboard or pointer activity for this long, presence stops (and with it, keeping the session alive). */
const IDLE_MS = 5 * 60_000;
const PREVIEW_DELAY_MS = 400;

type Errors = Record<string, string>;

export function QaEditScreen({ params, query }: ScreenProps) {
  const id = params.id;
  const isNew = id === undefined;
  const { api, can, staff, setTitle } = useApp();
  const announce = useAnnounce();
  const editable = can('editQas');
  /** Failed questions the 改善 screen chose for this new QA (see logic/draft-prefill.ts). */
  const prefill = useMemo(() => (isNew && query.get('from') === FROM_IMPROVEMENT ? readDraftPrefill(window.sessionStorage) : null), [isNew, query.get('from')]);

  const [detail, setDetail] = useState<QaDetailReply | null>(null);
  const [loadError, setLoadError] = useState<{ message: string; notFound: boolean } | null>(null);
  /** The stored version the form started from. */
  const [base, setBase] = useState<QaView | null>(null);
  const [form, setForm] = useState<QaForm>(() => (prefill ? { ...emptyForm(), question: prefill.question, alternates: prefill.alternates.join('\n') } : emptyForm()));
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: QaView; mine: QaContent } | null>(null);
  const [conflictError, setConflictError] = useState('');
  const [others, setOthers] = useState<EditingPresenceView[]>([]);
  const [categories, setCategories] = useState<CategoryListReply['items']>([]);
  const [questions, setQuestions] = useState<Map<string, string>>(new Map());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const content = useMemo(() => qaFromForm(form), [form]);
  const startedFrom = useMemo(() => (base ? contentOf(base) : qaFromForm(emptyForm())), [base]);
  const dirty = editable && JSON.stringify(content) !== JSON.stringify(startedFrom);
  useLeaveGuard(dirty);

  // Load the QA (or start empty).
  useEffect(() => {
    if (isNew) {
      setTitle('QAの新規作成');
      return;
    }
    api.getQa(id).then(
      (reply) => {
        setDetail(reply);
        setBase(reply.qa);
        setForm(formFromQa(reply.qa));
        setTitle(`QAの編集（管理番号 ${reply.qa.id}）`);
      },
      (caught: unknown) => setLoadError({ message: errorMessage(caught), notFound: caught instanceof AdminApiError && caught.status === 404 }),
    );
  }, [api, id]);

  useEffect(() => {
    api.categories().then(
      (reply) => setCategories(reply.items),
      () => undefined,
    );
  }, [api]);

  // The related QAs' questions, for showing them by name.
  useEffect(() => {
    const missing = form.relatedIds.filter((related) => !questions.has(related));
    if (missing.length === 0) return;
    let cancelled = false;
    void Promise.all(
      missing.map((related) =>
        api.getQa(related).then(
          (reply) => [related, reply.qa.question] as const,
          () => [related, '（見つかりません。削除された可能性があります）'] as const,
        ),
      ),
    ).then((pairs) => {
      if (cancelled) return;
      setQuestions((previous) => new Map([...previous, ...pairs]));
    });
    return () => {
      cancelled = true;
    };
  }, [api, form.relatedIds.join('\n')]);

  // Presence: a heartbeat while open and in use; gone when the editor closes.
  useEffect(() => {
    if (isNew || !editable || !base) return;
    let lastActivity = Date.now();
    const active = () => {
      lastActivity = Date.now();
    };
    window.addEventListener('keydown', active);
    window.addEventListener('pointerdown', active);
    const beat = () => {
      if (Date.now() - lastActivity > IDLE_MS || document.hidden) return;
      api.heartbeat(id).then(
        (reply) => setOthers(reply.editing.filter((presence) => presence.loginId !== staff.loginId)),
        () => undefined,
      );
    };
    beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('keydown', active);
      window.removeEventListener('pointerdown', active);
      void api.stopEditing(id).catch(() => undefined);
    };
  }, [api, id, editable, base !== null]);

  useEffect(() => {
    if (detail && !editable) setOthers(detail.editing.filter((presence) => presence.loginId !== staff.loginId));
  }, [detail]);

  const set = <K extends keyof QaForm>(key: K, value: QaForm[K]) => {
    setForm((previous) => ({ ...previous, [key]: value }));
    setNotice('');
  };
  const setTranslation = (lang: (typeof LANGUAGES)[number], key: keyof TranslationForm, value: string) => {
    setForm((previous) => ({ ...previous, translations: { ...previous.translations, [lang]: { ...previous.translations[lang], [key]: value } } }));
    setNotice('');
  };

  const showProblems = (fieldErrors: Errors, others: string[]) => {
    setErrors(fieldErrors);
    setSummary(others);
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  };

  const issuesToErrors = (issues: readonly Issue[]) => {
    const fieldErrors: Errors = {};
    const rest: string[] = [];
    for (const issue of issues) {
      const key = fieldForIssue(issue.field);
      if (key && !fieldErrors[key]) fieldErrors[key] = issue.message;
      else rest.push(issue.column ? `${issue.column}: ${issue.message}` : issue.message);
    }
    showProblems(fieldErrors, rest);
  };

  /** Saves `toSave` over `version` (null: create). */
  const save = async (toSave: QaContent, version: number | null) => {
    setBusy(true);
    setNotice('');
    setConflictError('');
    try {
      if (version === null) {
        const saved = await api.createQa(toSave);
        announce(`QA ${saved.id} を作成しました。`);
        if (prefill) {
          // The questions it was drafted from leave the 改善 list.
          await new ImprovementApi(api.http).review({ questions: prefill.sources, action: 'draft', qaId: saved.id }).then(
            () => clearDraftPrefill(window.sessionStorage),
            () => announce('QA は作成しましたが、元の質問を「改善」の一覧から外せませんでした。「改善」の画面で対象外にしてください。', 'assertive'),
          );
        }
        navigate(href('qaEdit', { id: saved.id }), { replace: true, force: true });
        return;
      }
      const saved = await api.updateQa(toSave.id, { version, ...fieldsOf(toSave) });
      setBase(saved);
      setForm(formFromQa(saved));
      setConflict(null);
      setErrors({});
      setSummary([]);
      const message = `保存しました（版 ${saved.version}）。市民に見える内容は、「公開」の画面で公開したときに変わります。`;
      setNotice(message);
      announce('保存しました。');
      api.getQa(saved.id).then(setDetail, () => undefined);
    } catch (caught) {
      if (!(caught instanceof AdminApiError)) {
        showProblems({}, [errorMessage(caught)]);
        return;
      }
      const current = caught.details.current as QaView | undefined;
      if (caught.code === 'CONFLICT' && current) {
        setConflict({ theirs: current, mine: toSave });
        setErrors({});
        setSummary([]);
        announce('ほかの人が先にこの QA を保存しました。内容を見比べて、残す内容を選んでください。', 'assertive');
      } else if (conflict) {
        setConflictError(caught.message);
      } else if (caught.code === 'VALIDATION_FAILED' && Array.isArray(caught.details.issues)) {
        issuesToErrors(caught.details.issues as Issue[]);
      } else if (caught.code === 'QA_RELATED_MISSING') {
        showProblems({ relatedIds: caught.message }, []);
      } else if (caught.code === 'QA_ALREADY_EXISTS') {
        showProblems({ id: caught.message }, []);
      } else if (caught.status === 401) {
        showProblems({}, ['ログインの有効期限が切れたため、保存できませんでした。ログインしたあと、もう一度「保存する」を押してください。']);
      } else {
        showProblems({}, [caught.message]);
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const problems = validateForm(form) as Errors;
    if (Object.keys(problems).length > 0) {
      showProblems(problems, []);
      return;
    }
    void save(content, isNew ? null : (base?.version ?? null));
  };

  const remove = async () => {
    if (!base) return;
    setBusy(true);
    try {
      await api.deleteQa(base.id, base.version);
      announce(`QA ${base.id} を削除しました。`);
      navigate('/admin/qas', { force: true });
    } catch (caught) {
      setConfirmDelete(false);
      showProblems({}, [errorMessage(caught)]);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    return (
      <>
        <Message kind="error">{loadError.message}</Message>
        <p>
          {loadError.notFound && id ? (
            <>
              <Link href={href('qaHistory', { id })}>この管理番号の履歴を見る</Link>（削除した QA を元に戻せます）／{' '}
            </>
          ) : null}
          <Link href="/admin/qas">QA一覧へ戻る</Link>
        </p>
      </>
    );
  }
  if (!isNew && !base) return <Loading />;

  const subcategories = categories.find((c) => c.category1 === form.category1.trim())?.children ?? [];
  const readOnly = !editable;
  const errorCount = Object.keys(errors).length + summary.length;

  return (
    <>
      {!isNew && id ? <QaTabs id={id} current="edit" /> : null}

      {prefill ? (
        <Message kind="info">
          「改善」の画面で選んだ質問から作っています。いちばん多い質問を「質問」に、ほかの質問を「言い換え」に入れました。状態は下書きです。作成すると、元の質問は「改善」の一覧から外れます。
        </Message>
      ) : null}

      {detail ? <PublicationNote detail={detail} /> : null}

      {others.length > 0 ? (
        <Message kind="warning">
          {others.map((o) => o.displayName).join('、')} さんもこの QA を開いています。同時に保存すると、後から保存した人に内容の見比べをお願いします。
        </Message>
      ) : null}

      <div tabIndex={-1} ref={summaryRef} class="summary-focus">
        <Message kind="error">
          {errorCount > 0 ? (
            <>
              <p>{Object.keys(errors).length > 0 ? `保存できませんでした。次の ${errorCount} 件を直してください。` : '保存できませんでした。'}</p>
              <ul>
                {Object.entries(errors).map(([key, message]) => (
                  <li key={key}>
                    <a href={`#qa-${key.replace(/\./g, '-')}`}>{message}</a>
                  </li>
                ))}
                {summary.map((message, i) => (
                  <li key={`s${i}`}>{message}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Message>
      </div>
      <Message kind="success">{notice}</Message>

      {conflict ? (
        <ConflictView
          base={base ? contentOf(base) : undefined}
          mine={conflict.mine}
          theirs={conflict.theirs}
          busy={busy}
          error={conflictError}
          onKeepTheirs={() => {
            setBase(conflict.theirs);
            setForm(formFromQa(conflict.theirs));
            setConflict(null);
            setNotice('最新の内容を表示しています。あなたの編集は捨てました。');
          }}
          onSave={(merged) => void save(merged, conflict.theirs.version)}
          onEdit={(merged) => {
            // The form now builds on the latest version: saving it counts as a normal save over that version.
            setBase(conflict.theirs);
            setForm(formFromQa(merged));
            setConflict(null);
            setNotice('選んだ内容を編集画面に戻しました。まだ保存していません。');
          }}
        />
      ) : (
        <form onSubmit={submit} noValidate aria-label={isNew ? 'QAの新規作成' : 'QAの編集'}>
          <div class="grid-3">
            <Field id="qa-id" label="管理番号" required error={errors.id} hint={isNew ? '例: 1001。作成後は変更できません。' : '変更できません。'}>
              {({ id: fieldId, describedBy, invalid }) => (
                <input
                  id={fieldId}
                  type="text"
                  value={form.id}
                  readOnly={!isNew}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onInput={(e) => set('id', e.currentTarget.value)}
                />
              )}
            </Field>
            <Field id="qa-category1" label="大分類" required error={errors.category1}>
              {({ id: fieldId, describedBy, invalid }) => (
                <>
                  <input
                    id={fieldId}
                    type="text"
                    list="qa-category1-list"
                    value={form.category1}
                    readOnly={readOnly}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onInput={(e) => set('category1', e.currentTarget.value)}
                  />
                  <datalist id="qa-category1-list">
                    {categories.map((c) => (
                      <option key={c.category1} value={c.category1} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <Field id="qa-category2" label="中分類" error={errors.category2}>
              {({ id: fieldId, describedBy, invalid }) => (
                <>
                  <input
                    id={fieldId}
                    type="text"
                    list="qa-category2-list"
                    value={form.category2}
                    readOnly={readOnly}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onInput={(e) => set('category2', e.currentTarget.value)}
                  />
                  <datalist id="qa-category2-list">
                    {subcategories.map((c) => (
                      <option key={c.category2} value={c.category2} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>

          <Field id="qa-question" label="質問" required error={errors.question} hint="市民が見る質問の文です。">
            {({ id: fieldId, describedBy, invalid }) => (
              <input id={fieldId} type="text" value={form.question} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('question', e.currentTarget.value)} />
            )}
          </Field>

          <div class="grid-2">
            <Field id="qa-alternates" label="言い換え" error={errors.alternates} hint="同じことを別の言い方で聞く質問を、1 行に 1 つずつ書きます。">
              {({ id: fieldId, describedBy, invalid }) => (
                <textarea id={fieldId} rows={5} value={form.alternates} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('alternates', e.currentTarget.value)} />
              )}
            </Field>
            <Field id="qa-keywords" label="キーワード" error={errors.keywords} hint="探すときの手がかりになる言葉を、読点（、）かカンマで区切って書きます。">
              {({ id: fieldId, describedBy, invalid }) => (
                <textarea id={fieldId} rows={5} value={form.keywords} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('keywords', e.currentTarget.value)} />
              )}
            </Field>
          </div>

          <AnswerField value={form.answer} error={errors.answer} readOnly={readOnly} onChange={(value) => set('answer', value)} />

          {editable ? (
            <AiSuggestions
              form={form}
              onForm={(next) => {
                setForm(next);
                setNotice('');
              }}
            />
          ) : null}

          <fieldset>
            <legend>関連QA</legend>
            <p class="hint">回答の下に「関連する質問」として表示されます。</p>
            {errors.relatedIds ? (
              <p class="field-error" id="qa-relatedIds" tabIndex={-1}>
                {errors.relatedIds}
              </p>
            ) : null}
            {form.relatedIds.length === 0 ? (
              <p>関連QAはありません。</p>
            ) : (
              <ul class="chips" aria-label="選んだ関連QA">
                {form.relatedIds.map((related) => (
                  <li key={related}>
                    <span>
                      <strong>{related}</strong> {questions.get(related) ?? ''}
                    </span>
                    {editable ? (
                      <button
                        type="button"
                        class="button button-link button-small"
                        aria-label={`外す（関連QA ${related}）`}
                        onClick={() => set('relatedIds', form.relatedIds.filter((other) => other !== related))}
                      >
                        外す
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {editable ? (
              <QaPicker
                label="関連QAを探して追加"
                chosen={[...form.relatedIds, form.id]}
                onPick={(qa) => {
                  setQuestions((previous) => new Map(previous).set(qa.id, qa.question));
                  set('relatedIds', [...form.relatedIds, qa.id]);
                  announce(`${qa.id} を関連QAに追加しました。`);
                }}
              />
            ) : null}
          </fieldset>

          <div class="grid-2">
            <Field id="qa-department" label="担当課" error={errors.department} hint="例: 市民課。{{担当課:市民課}} のような書き方もできます。">
              {({ id: fieldId, describedBy, invalid }) => (
                <input id={fieldId} type="text" value={form.department} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('department', e.currentTarget.value)} />
              )}
            </Field>
            <Field id="qa-contact" label="連絡先" error={errors.contact} hint="電話番号、受付時間、問い合わせフォームの URL など。">
              {({ id: fieldId, describedBy, invalid }) => (
                <textarea id={fieldId} rows={3} value={form.contact} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('contact', e.currentTarget.value)} />
              )}
            </Field>
          </div>

          <Field id="qa-sourceUrls" label="参照URL" error={errors.sourceUrls} hint="この回答のもとになった市のページの URL を、1 行に 1 つずつ書きます。">
            {({ id: fieldId, describedBy, invalid }) => (
              <textarea id={fieldId} rows={2} value={form.sourceUrls} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('sourceUrls', e.currentTarget.value)} />
            )}
          </Field>

          <div class="grid-3">
            <fieldset id="qa-status">
              <legend>状態</legend>
              {(['draft', 'published'] as const).map((status) => (
                <label key={status} class="choice">
                  <input type="radio" name="qa-status" value={status} checked={form.status === status} disabled={readOnly} onChange={() => set('status', status)} />
                  {STATUS_LABELS[status]}
                  <span class="hint">{status === 'draft' ? '（市民には見えません）' : '（次の公開から市民に見えます）'}</span>
                </label>
              ))}
            </fieldset>
            <Field id="qa-validFrom" label="公開開始日" error={errors.validFrom} hint="この日から表示します。空なら制限なし。">
              {({ id: fieldId, describedBy, invalid }) => (
                <input id={fieldId} type="date" value={form.validFrom} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('validFrom', e.currentTarget.value)} />
              )}
            </Field>
            <Field id="qa-validUntil" label="公開終了日" error={errors.validUntil} hint="この日まで表示します。空なら制限なし。">
              {({ id: fieldId, describedBy, invalid }) => (
                <input id={fieldId} type="date" value={form.validUntil} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set('validUntil', e.currentTarget.value)} />
              )}
            </Field>
          </div>

          <h2>翻訳</h2>
          <p class="hint">翻訳がない言語では、日本語の回答が表示されます。</p>
          {LANGUAGES.map((lang) => {
            const t = form.translations[lang];
            const written = t.question !== '' || t.answer !== '' || t.alternates !== '';
            const hasError = Object.keys(errors).some((key) => key.startsWith(`translations.${lang}.`));
            return (
              <Collapsible key={lang} open={written || hasError} summary={`${LANGUAGE_LABELS[lang]}${written ? '（入力あり）' : '（なし）'}`}>
                <div lang={lang}>
                  <Field id={`qa-translations-${lang}-question`} label={`質問（${LANGUAGE_LABELS[lang]}）`} error={errors[`translations.${lang}.question`]}>
                    {({ id: fieldId, describedBy, invalid }) => (
                      <input id={fieldId} type="text" value={t.question} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setTranslation(lang, 'question', e.currentTarget.value)} />
                    )}
                  </Field>
                  <Field id={`qa-translations-${lang}-alternates`} label={`言い換え（${LANGUAGE_LABELS[lang]}、1 行に 1 つ）`} error={errors[`translations.${lang}.alternates`]}>
                    {({ id: fieldId, describedBy, invalid }) => (
                      <textarea id={fieldId} rows={3} value={t.alternates} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setTranslation(lang, 'alternates', e.currentTarget.value)} />
                    )}
                  </Field>
                  <Field id={`qa-translations-${lang}-answer`} label={`回答（${LANGUAGE_LABELS[lang]}、Markdown）`} error={errors[`translations.${lang}.answer`]}>
                    {({ id: fieldId, describedBy, invalid }) => (
                      <textarea id={fieldId} rows={6} value={t.answer} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setTranslation(lang, 'answer', e.currentTarget.value)} />
                    )}
                  </Field>
                </div>
              </Collapsible>
            );
          })}

          {base ? (
            <p class="hint">
              版 {base.version}・最終更新 {formatDateTime(base.updatedAt)}（{base.updatedBy}）
            </p>
          ) : null}

          {editable ? (
            <div class="actions sticky-actions">
              <Button type="submit" variant="primary" busy={busy}>
                {isNew ? '作成する' : '保存する'}
              </Button>
              <span class="hint" role="status">
                {dirty ? '保存していない変更があります。' : ''}
              </span>
              {!isNew ? (
                <Button variant="danger" class="push-right" onClick={() => setConfirmDelete(true)}>
                  この QA を削除する…
                </Button>
              ) : null}
            </div>
          ) : null}
        </form>
      )}

      <ConfirmDialog open={confirmDelete} title="この QA を削除します" confirmLabel="削除する" danger busy={busy} onConfirm={remove} onCancel={() => setConfirmDelete(false)}>
        <p>
          管理番号 {base?.id}「{base?.question}」を削除します。公開中の場合は、次に公開したときに市民の画面から消えます。
        </p>
        <p>削除しても履歴は残り、履歴から元に戻せます。</p>
        {dirty ? <p>保存していない変更は失われます。</p> : null}
      </ConfirmDialog>
    </>
  );
}

/** 内容 / 履歴 tabs of one QA. */
export function QaTabs({ id, current }: { id: string; current: 'edit' | 'history' }) {
  return (
    <nav class="tabs" aria-label="この QA の画面">
      <Link href={href('qaEdit', { id })} aria-current={current === 'edit' ? 'page' : undefined}>
        内容
      </Link>
      <Link href={href('qaHistory', { id })} aria-current={current === 'history' ? 'page' : undefined}>
        履歴
      </Link>
    </nav>
  );
}

/** How this QA stands against what citizens see, and the difference when it changed. */
function PublicationNote({ detail }: { detail: QaDetailReply }) {
  const state = detail.published;
  const differences = detail.publishedQa ? diffVersions(detail.publishedQa, detail.qa) : [];
  return (
    <div class="message message-info">
      <p>
        <span class={`badge badge-${state === 'same' ? 'published' : state}`}>{state === 'same' ? '公開中' : PUBLICATION_LABELS[state]}</span> {PUBLICATION_HELP[state]}
      </p>
      {differences.length > 0 ? (
        <Collapsible summary={`公開中の内容との違い（${differences.length} 項目）`}>
          {differences.map((d) => (
            <div key={d.key}>
              <h3>{d.label}</h3>
              <DiffText before={d.before} after={d.after} label={`${d.label}: 公開中の内容からの変更`} />
            </div>
          ))}
        </Collapsible>
      ) : null}
    </div>
  );
}

/** 回答 with help on the Markdown it accepts and a live preview rendered by the server. */
function AnswerField({ value, error, readOnly, onChange }: { value: string; error?: string; readOnly: boolean; onChange: (value: string) => void }) {
  const { api } = useApp();
  const announce = useAnnounce();
  const [html, setHtml] = useState('');
  const [previewError, setPreviewError] = useState('');
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);

  const attach = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setUploading(true);
    setUploadError('');
    try {
      const uploaded = await api.uploadFile(file);
      const caret = textarea.current && document.activeElement === textarea.current ? textarea.current.selectionStart : null;
      onChange(insertSnippet(value, uploaded.markdown, caret).answer);
      announce(`${uploaded.name} を回答に入れました。`);
    } catch (caught) {
      setUploadError(errorMessage(caught));
    } finally {
      setUploading(false);
    }
  };

  useEffect(() => {
    if (value.trim() === '') {
      setHtml('');
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.preview(value, controller.signal).then(
        (reply) => {
          setHtml(reply.html);
          setPreviewError('');
        },
        (caught: unknown) => {
          if (!controller.signal.aborted) setPreviewError(errorMessage(caught));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [api, value]);

  return (
    <div class="editor answer-row">
      <div>
        <Field id="qa-answer" label="回答" required error={error} hint="Markdown という書き方で書けます。下の「回答の書き方」をご覧ください。">
          {({ id, describedBy, invalid }) => (
            <textarea ref={textarea} id={id} class="tall" value={value} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange(e.currentTarget.value)} />
          )}
        </Field>
        {readOnly ? null : (
          <Field id="qa-answer-file" label="画像・PDFを回答に入れる" hint="PNG・JPEG・GIF・WebP の画像か PDF（10 MB まで）。選ぶとアップロードされ、回答に書き込まれます。">
            {({ id, describedBy }) => (
              <input
                id={id}
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
                disabled={uploading}
                aria-describedby={describedBy}
                onChange={(e) => {
                  const input = e.currentTarget;
                  void attach(input.files?.[0]).then(() => (input.value = ''));
                }}
              />
            )}
          </Field>
        )}
        <Message kind="error">{uploadError}</Message>
        <Collapsible summary="回答の書き方">
          <ul>
            <li>段落は、空の行で区切ります。</li>
            <li>
              箇条書きは、行の先頭に <code>- </code>（ハイフンと空白）を付けます。番号付きは <code>1. </code>。
            </li>
            <li>
              太字は <code>**大切なこと**</code> のように囲みます。
            </li>
            <li>
              リンクは <code>[住民票の写しの請求](https://www.example.lg.jp/juminhyo.html)</code>。PDF へのリンクは自動で「PDF」と表示されます。
            </li>
            <li>
              画像は <code>![説明の文](https://www.example.lg.jp/map.png)</code>。説明の文は、画像が見えない人に読み上げられます。
            </li>
            <li>
              <code>{'{{市名}}'}</code> や <code>{'{{代表電話番号}}'}</code> は、「設定 ＞ 市の情報」の値に置き換わります。
            </li>
          </ul>
        </Collapsible>
      </div>
      <div class="preview-pane">
        <h2 class="label" id="answer-preview-title">
          市民に表示される回答（プレビュー）
        </h2>
        <div class="citizen-view" aria-labelledby="answer-preview-title" role="region">
          <Message kind="error">{previewError}</Message>
          {html ? <SafeHtml class="bubble" html={html} /> : <p class="hint">回答を入力すると、ここに表示されます。</p>}
        </div>
      </div>
    </div>
  );
}
