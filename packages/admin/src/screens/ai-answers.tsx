/**
 * AIによる回答 (R28): what it does and how it is kept safe; the setting (administrators turn it on, with a
 * clear warning, and choose the sensitive categories from the site's own and the sensitive words); and the log
 * of every attempt, with what the citizen saw, the QAs cited, the sentences dropped, and 「問題なし」/「問題あり」.
 */
import type { AiAnswerSettingsReply, AiAnswerSettingsValue, AiAnswerView, CategoryListReply } from '@madoguchi/server/admin-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { LoadedView, useLoaded } from '../components/loaded.tsx';
import { QaLink } from '../components/qa-link.tsx';
import { Button, Field, formatDateTime, Loading, Message, Pager, SaveBar, SearchPanel } from '../components/ui.tsx';
import {
  AI_ANSWER_PAGE_SIZE,
  logQuery,
  logViewFromQuery,
  OUTCOME_BADGES,
  OUTCOME_LABELS,
  queryFromLogView,
  VERDICT_LABELS,
  wordsFromText,
  type AiAnswerLogView,
} from '../logic/ai-answers.ts';
import { formatCount } from '../logic/figures.ts';
import { japanDateTime } from '../logic/periods.ts';
import { Link, navigate, useLeaveGuard } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ScreenProps } from './registry.ts';
import { SaveError } from './settings.tsx';

export function AiAnswersScreen({ query }: ScreenProps) {
  return (
    <>
      <p>
        市民の質問に、登録済みの QA の中から「もしかして」と候補を示すとき（1つに絞り切れないとき）に、その候補の回答だけを使って、AI が短い要約（3文まで）を作り、候補の上に表示する機能です。
        初期状態では使われません。
      </p>
      <h2>安全のための仕組み</h2>
      <ul>
        <li>AI が使えるのは、候補になった QA の文章だけです。AI が書いた文は、表示する前に1文ずつ QA の文章と照らし合わせ、QA に書かれていない内容（金額、日付、期間、「できません」などの否定を含みます）がある文は削除します。</li>
        <li>税金・給付・手数料・期限など、間違えると市民が不利益を受ける内容は、下で選んだ「慎重な扱いが必要な分類・言葉」に当たると、AI の要約を作りません。要約の文にその言葉が入るときも、その文は表示しません。</li>
        <li>要約には「AIが登録済みの回答から作成した要約です」と必ず表示し、もとにした QA へのリンクを付けます。日本語の質問だけが対象です。</li>
        <li>質問や QA の文章の中に「これまでの指示を無視して」のような AI への命令が書かれていても、規則は変わりません。</li>
        <li>AI の要約を作ろうとした記録は、表示しなかったものも含めてすべて下の「記録」に残ります。定期的に確認し、問題のあった要約は「問題あり」にしてください。</li>
      </ul>
      <SettingsSection />
      <LogSection query={query} />
    </>
  );
}

interface Form {
  enabled: boolean;
  categories: string[];
  words: string;
  maxSources: number;
  /** As typed; the server says in Japanese when it is out of range. */
  dailyLimit: string;
}

const formOf = (value: AiAnswerSettingsValue): Form => ({
  enabled: value.enabled,
  categories: value.sensitiveCategories,
  words: value.sensitiveWords.join('\n'),
  maxSources: value.maxSources,
  dailyLimit: String(value.dailyLimit),
});
const valueOf = (form: Form): AiAnswerSettingsValue => ({
  enabled: form.enabled,
  sensitiveCategories: form.categories,
  sensitiveWords: wordsFromText(form.words),
  maxSources: form.maxSources,
  // Blank or not a whole number: 0, which the server refuses with a Japanese explanation.
  dailyLimit: Number.isInteger(Number(form.dailyLimit)) ? Math.max(0, Number(form.dailyLimit)) : 0,
});

function SettingsSection() {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const editable = can('editSettings');
  const [stored, setStored] = useState<AiAnswerSettingsReply | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [categories, setCategories] = useState<CategoryListReply['items']>([]);
  const [error, setError] = useState<{ message: string; lines: string[]; conflict: boolean } | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const load = (reply: AiAnswerSettingsReply) => {
    setStored(reply);
    setForm(formOf(reply.value));
  };
  const fail = (caught: unknown) => {
    const issues = caught instanceof AdminApiError && Array.isArray(caught.details.issues) ? (caught.details.issues as { message: string }[]).map((i) => i.message) : [];
    setError({ message: errorMessage(caught).split('\n')[0] ?? '', lines: issues, conflict: caught instanceof AdminApiError && caught.code === 'CONFLICT' });
  };
  useEffect(() => {
    api.aiAnswerSettings().then(load, fail);
    api.categories().then((reply) => setCategories(reply.items), fail);
  }, [api]);

  const dirty = editable && stored !== null && form !== null && JSON.stringify(valueOf(form)) !== JSON.stringify(valueOf(formOf(stored.value)));
  useLeaveGuard(dirty);

  if (!stored || !form) return error ? <Message kind="error">{error.message}</Message> : <Loading />;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.saveAiAnswerSettings(valueOf(form), stored.revision);
      load(saved);
      setNotice(saved.value.enabled ? '保存しました。AIによる回答は、いまから市民のチャットで使われます。' : '保存しました。AIによる回答は使われません。');
      announce('保存しました。');
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };
  const set = (change: Partial<Form>) => setForm({ ...form, ...change });
  const toggleCategory = (name: string, on: boolean) => set({ categories: on ? [...form.categories, name] : form.categories.filter((c) => c !== name) });
  const known = new Set(categories.flatMap((c) => [c.category1, ...c.children.map((child) => child.category2)]));
  // Chosen earlier but no longer in any QA: still listed, so they can be taken off.
  const gone = form.categories.filter((name) => !known.has(name));
  const checkbox = (name: string) => (
    <label class="choice">
      <input type="checkbox" checked={form.categories.includes(name)} disabled={!editable} onChange={(e) => toggleCategory(name, e.currentTarget.checked)} />
      {name}
    </label>
  );

  return (
    <section aria-labelledby="ai-settings-title">
      <h2 id="ai-settings-title">設定</h2>
      {editable ? null : <p class="hint">設定を変更できるのは管理者です。</p>}
      {stored.chatModelConfigured ? null : (
        <div class="message message-info">
          <p>
            チャットモデルが設定されていないため、有効にしても AI による回答は作られません（チャットは今まで通り動きます）。使うには、サーバーの管理者にチャットモデルの設定（起動時の <code>--chat-model-url</code> と{' '}
            <code>--chat-model</code>、環境変数 <code>MADOGUCHI_CHAT_MODEL_KEY</code>）を依頼してください。接続の状態は「<Link href={href('models')}>AIモデルの接続</Link>」で確認できます。
          </p>
        </div>
      )}
      <SaveError error={error} onReload={() => void api.aiAnswerSettings().then((reply) => (load(reply), setError(null)), fail)} />
      <Message kind="success">{notice}</Message>

      <div class="message message-warning">
        <p>
          <strong>有効にすると、AI が作った文が市民に表示されます。</strong>
          登録済みの回答と照らし合わせて根拠のない文は削除しますが、要約の言い回しが誤解を招くことはあり得ます。有効にする前に、下の「慎重な扱いが必要な分類・言葉」を市の業務に合わせて見直し、有効にした後は「記録」を定期的に確認してください。
        </p>
      </div>
      <label class="choice">
        <input type="checkbox" checked={form.enabled} disabled={!editable} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
        AIによる回答を使う（候補の上に、AIが作った要約を表示する）
      </label>

      <fieldset>
        <legend>慎重な扱いが必要な分類</legend>
        <p class="hint">チェックした大分類・中分類の QA が候補に1つでも入っていると、AI の要約を作りません。税金、給付・手当、手数料・料金、期限のある手続きなどを選んでください。</p>
        {categories.length === 0 && gone.length === 0 ? <p>QA に分類がまだありません。</p> : null}
        <ul class="category-choices">
          {categories.map((category) => (
            <li key={category.category1}>
              {checkbox(category.category1)}
              {category.children.some((child) => child.category2 !== '') ? (
                <ul class="category-choices">
                  {category.children
                    .filter((child) => child.category2 !== '')
                    .map((child) => (
                      <li key={child.category2}>{checkbox(child.category2)}</li>
                    ))}
                </ul>
              ) : null}
            </li>
          ))}
          {gone.map((name) => (
            <li key={name}>
              {checkbox(name)} <span class="hint">（今はこの分類の QA がありません）</span>
            </li>
          ))}
        </ul>
      </fieldset>

      <Field
        label="慎重な扱いが必要な言葉（1行に1つ）"
        hint="質問や候補の質問にこの言葉が含まれると AI の要約を作りません。AI が書いた文に含まれるときは、その文を表示しません。「税」と書けば「住民税」「納税」なども対象になります。"
      >
        {({ id, describedBy }) => <textarea id={id} rows={8} value={form.words} readOnly={!editable} aria-describedby={describedBy} onInput={(e) => set({ words: e.currentTarget.value })} />}
      </Field>
      {editable ? <Button onClick={() => set({ words: stored.defaultSensitiveWords.join('\n') })}>初期の言葉に戻す</Button> : null}

      <Field label="AI に渡す候補の数" hint="「もしかして」の候補のうち、上位から何件の QA を AI に読ませるかです。">
        {({ id, describedBy }) => (
          <select id={id} value={form.maxSources} disabled={!editable} aria-describedby={describedBy} onChange={(e) => set({ maxSources: Number(e.currentTarget.value) })}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n} 件
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="1日に作る要約の上限"
        hint="費用の上限として、1日（日本時間）に AI が作る要約の数を決めます。上限に達した日は、要約を作らずに候補だけを表示します。サーバーを複数台で動かしている場合は、1台ごとに数えます。"
      >
        {({ id, describedBy }) => (
          <input id={id} type="number" min={1} step={1} value={form.dailyLimit} readOnly={!editable} aria-describedby={describedBy} onInput={(e) => set({ dailyLimit: e.currentTarget.value })} />
        )}
      </Field>
      <p class="hint">{stored.updatedAt ? `最終更新 ${formatDateTime(stored.updatedAt)}（${stored.updatedBy}）・版 ${stored.revision}` : 'まだ保存されていません（初期値を使っています）。'}</p>
      {editable ? <SaveBar busy={busy} dirty={dirty} onSave={() => void save()} /> : null}
    </section>
  );
}

function LogSection({ query }: { query: URLSearchParams }) {
  const view = useMemo(() => logViewFromQuery(query), [query.toString()]);
  const [draft, setDraft] = useState<AiAnswerLogView>(view);
  useEffect(() => setDraft(view), [view]);
  const loaded = useLoaded((api, signal) => api.aiAnswers(logQuery(view), signal), view, {
    announcement: (reply) => (view.page === 1 ? `${formatCount(reply.total)} 件の記録があります。` : ''),
    keepWhileLoading: true,
  });
  const go = (next: AiAnswerLogView) => navigate(`/admin/ai-answers${queryFromLogView(next)}`);

  return (
    <section aria-labelledby="ai-log-title">
      <h2 id="ai-log-title">記録</h2>
      <p>AI の要約を作ろうとしたときの記録です。新しい順に表示します。質問の個人情報は伏せ字にしています。</p>
      <SearchPanel label="記録の絞り込み" onSearch={() => go({ ...draft, page: 1 })}>
        <div class="toolbar">
          <Field label="結果">
            {({ id }) => (
              <select id={id} value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.value as AiAnswerLogView['outcome'] })}>
                <option value="">すべて</option>
                {Object.entries(OUTCOME_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label class="choice toolbar-check">
            <input type="checkbox" checked={draft.unreviewed} onChange={(e) => setDraft({ ...draft, unreviewed: e.currentTarget.checked })} />
            まだ確認していないものだけ
          </label>
        </div>
      </SearchPanel>
      <LoadedView loaded={loaded}>
        {(data) =>
          data.total === 0 ? (
            <Message kind="info">この条件に合う記録はありません。</Message>
          ) : (
            <>
              <ol class="turn-list" start={(view.page - 1) * AI_ANSWER_PAGE_SIZE + 1} aria-label="AIによる回答の記録">
                {data.items.map((item) => (
                  <AnswerItem key={item.id} item={item} />
                ))}
              </ol>
              <Pager page={view.page} pageCount={Math.max(1, Math.ceil(data.total / AI_ANSWER_PAGE_SIZE))} total={data.total} onPage={(page) => go({ ...view, page })} />
            </>
          )
        }
      </LoadedView>
    </section>
  );
}

function QaRefs({ refs }: { refs: AiAnswerView['cited'] }) {
  return (
    <ul class="candidate-list">
      {refs.map((ref) => (
        <li key={ref.qaId}>
          <QaLink id={ref.qaId} /> {ref.question ?? '（削除されたQA）'}
        </li>
      ))}
    </ul>
  );
}

function AnswerItem({ item: initial }: { item: AiAnswerView }) {
  const { api, can, staff } = useApp();
  const announce = useAnnounce();
  const [item, setItem] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => setItem(initial), [initial]);
  // Judging an answer is editing work: editors and administrators.
  const reviewer = can('editQas');

  const review = async (verdict: 'good' | 'bad') => {
    setBusy(true);
    setError('');
    try {
      await api.reviewAiAnswer(item.id, verdict);
      setItem({ ...item, verdict, reviewedBy: staff.loginId, reviewedAt: new Date().toISOString() });
      announce(`「${VERDICT_LABELS[verdict]}」として記録しました。`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="turn">
      <div class="turn-head">
        <span class="turn-time">{japanDateTime(item.at)}</span>
        <span class={`badge ${OUTCOME_BADGES[item.outcome]}`}>{OUTCOME_LABELS[item.outcome]}</span>
        {item.verdict ? <span class={`badge ${item.verdict === 'good' ? 'badge-pass' : 'badge-fail'}`}>確認済み：{VERDICT_LABELS[item.verdict]}</span> : null}
        <span class="turn-meta">モデル {item.model}</span>
      </div>
      <p class="turn-question">{item.question}</p>
      <dl class="turn-facts">
        <dt>市民に表示した要約</dt>
        <dd>{item.text === '' ? '（表示していません）' : item.text}</dd>
        {item.cited.length > 0 ? (
          <>
            <dt>もとにした QA</dt>
            <dd>
              <QaRefs refs={item.cited} />
            </dd>
          </>
        ) : null}
        <dt>AI に渡した候補</dt>
        <dd>{item.sources.length > 0 ? <QaRefs refs={item.sources} /> : '（なし）'}</dd>
        {item.droppedSentences.length > 0 ? (
          <>
            <dt>削除した文</dt>
            <dd>
              <ul class="candidate-list">
                {item.droppedSentences.map((sentence, i) => (
                  <li key={i}>{sentence}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>確認</dt>
        <dd>
          {reviewer ? (
            <div class="actions" role="group" aria-label={`${japanDateTime(item.at)} の記録の確認`}>
              {(['good', 'bad'] as const).map((verdict) => (
                <Button key={verdict} busy={busy} aria-pressed={item.verdict === verdict ? 'true' : 'false'} onClick={() => void review(verdict)}>
                  {VERDICT_LABELS[verdict]}
                </Button>
              ))}
            </div>
          ) : (
            <span>{item.verdict ? VERDICT_LABELS[item.verdict] : 'まだ確認されていません'}</span>
          )}
          {item.reviewedBy ? <span class="hint">（{item.reviewedBy}）</span> : null}
          <Message kind="error">{error}</Message>
        </dd>
      </dl>
    </li>
  );
}
