/**
 * QAの下書き候補 (R27): make QA drafts from the city's pages (addresses, a sitemap) or HTML/PDF files, follow
 * the job's progress, then go through the queue: each draft shows where it came from and how it was made,
 * the checks' notes, and its fields to correct; 「QAとして登録（非公開）」 creates a 下書き QA (citizens see it
 * only after it is made 公開 and published), 「却下」 drops the draft. Viewers see the queue read-only.
 */
import type { CategoryListReply, DraftJobLimits, DraftJobView, DraftListReply, DraftView } from '@madoguchi/server/admin-api';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { DraftsApi } from '../api/drafts-api.ts';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Button, Field, formatDateTime, Loading, Message, Pager } from '../components/ui.tsx';
import { acceptRequest, draftForm, fileProblem, jobProgressText, jobResultText, megabytes, METHOD_LABELS, urlLines, type DraftForm } from '../logic/drafts.ts';
import { Link } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ScreenProps } from './registry.ts';

/** How often a running job's progress is read. */
const POLL_MS = 1_000;
const PAGE_SIZE = 20;

type SourceKind = 'urls' | 'sitemap' | 'files';
const SOURCE_LABELS: Readonly<Record<SourceKind, string>> = {
  urls: 'ページのアドレスを指定する',
  sitemap: 'サイトマップから選ぶ',
  files: 'ファイル（HTML・PDF）をアップロードする',
};

export function DraftsScreen(_props: ScreenProps) {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const drafts = useMemo(() => new DraftsApi(api.http), [api]);
  const [list, setList] = useState<DraftListReply | null>(null);
  const [categories, setCategories] = useState<string[]>([]);
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [error, setError] = useState('');
  const [job, setJob] = useState<DraftJobView | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; qaId: string | null } | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const editable = can('editQas');

  useEffect(() => {
    const controller = new AbortController();
    drafts.list({ status: 'pending', limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) }, controller.signal).then(
      (reply) => {
        setList(reply);
        setError('');
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(caught));
      },
    );
    return () => controller.abort();
  }, [drafts, page, reload]);

  useEffect(() => {
    api.categories().then(
      (reply: CategoryListReply) => setCategories(reply.items.map((item) => item.category1).filter((c) => c !== '')),
      () => setCategories([]),
    );
  }, [api]);

  // A job started earlier (by anyone) and still running is shown, so a reload keeps its progress.
  useEffect(() => {
    const controller = new AbortController();
    drafts.jobs(controller.signal).then(
      ({ jobs }) => setJob((current) => current ?? jobs.find((j) => j.status === 'running') ?? null),
      () => undefined,
    );
    return () => controller.abort();
  }, [drafts]);

  // While the job runs, its progress is read again and again; when it ends, the queue is read afresh.
  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = window.setTimeout(() => {
      drafts.job(job.id).then(
        ({ job: next }) => {
          setJob(next);
          if (next.status === 'running') return;
          setPage(1);
          setReload((n) => n + 1);
          announce(jobResultText(next));
        },
        (caught: unknown) => setError(errorMessage(caught)),
      );
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [drafts, job]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const started = (next: DraftJobView) => {
    setJob(next);
    setOutcome(null);
    announce('下書き候補の作成を始めました。進み具合はこの画面に表示します。');
  };

  const resolved = (text: string, qaId: string | null) => {
    setOutcome({ text, qaId });
    setReload((n) => n + 1);
    announce(text);
  };

  const pageCount = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;

  return (
    <>
      <p>
        市のホームページの「よくある質問」のページや PDF から、QA の下書き候補を作ります。候補は職員が確かめて直してから、QA として登録します。登録した QA は「下書き」（非公開）です。市民に見えるのは、QA
        を「公開」にして「公開」の画面で公開したときです。
      </p>
      {editable ? (
        list ? (
          <MakeDraftsPanel drafts={drafts} limits={list.limits} chatModelConfigured={list.chatModelConfigured} running={job?.status === 'running'} onStarted={started} />
        ) : null
      ) : (
        <p class="hint">下書き候補を作る・登録する・却下するのは、編集者と管理者です。閲覧者は一覧を見ることができます。</p>
      )}
      {job ? <JobPanel job={job} /> : null}

      {outcome ? (
        <div class="message message-success drafts-outcome" tabIndex={-1} ref={outcomeRef}>
          <p>{outcome.text}</p>
          {outcome.qaId ? (
            <ul class="next-steps">
              <li>
                <Link href={href('qaEdit', { id: outcome.qaId })}>QA {outcome.qaId} を開く</Link>
              </li>
              <li>
                <Link href={href('publish')}>公開の画面へ</Link>
              </li>
            </ul>
          ) : null}
        </div>
      ) : null}

      <Message kind="error">{error}</Message>
      {list === null ? (
        error ? null : <Loading label="下書き候補を読み込んでいます…" />
      ) : (
        <section aria-labelledby="drafts-queue-title">
          <h2 id="drafts-queue-title">
            確認待ちの下書き候補<span class="heading-note">（{list.total.toLocaleString('ja-JP')} 件）</span>
          </h2>
          {list.drafts.length === 0 ? <p>確認待ちの下書き候補はありません。</p> : null}
          <datalist id="drafts-categories">
            {categories.map((category) => (
              <option key={category} value={category} />
            ))}
          </datalist>
          <ol class="drafts-queue">
            {list.drafts.map((draft) => (
              <li key={draft.id}>
                <DraftItem draft={draft} nextQaId={list.nextQaId} editable={editable} drafts={drafts} onResolved={resolved} />
              </li>
            ))}
          </ol>
          <Pager page={page} pageCount={pageCount} total={list.total} onPage={setPage} label="下書き候補のページ送り" />
        </section>
      )}
    </>
  );
}

/** The form that starts a job: addresses, a sitemap, or files, and whether to ask the AI model too. */
interface MakeDraftsProps {
  drafts: DraftsApi;
  limits: DraftJobLimits;
  chatModelConfigured: boolean;
  running: boolean;
  onStarted: (job: DraftJobView) => void;
}

function MakeDraftsPanel({ drafts, limits, chatModelConfigured, running, onStarted }: MakeDraftsProps) {
  const fileId = useId();
  const fileHintId = useId();
  const modelHintId = useId();
  const [kind, setKind] = useState<SourceKind>('urls');
  const [urls, setUrls] = useState('');
  const [sitemap, setSitemap] = useState('');
  const [pathPrefix, setPathPrefix] = useState('');
  const [maxPages, setMaxPages] = useState(String(limits.defaultSitemapPages));
  const [files, setFiles] = useState<File[]>([]);
  const [useModel, setUseModel] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  const start = async () => {
    setProblem('');
    let request: () => Promise<{ job: DraftJobView }>;
    if (kind === 'urls') {
      const checked = urlLines(urls, limits);
      if (checked.problem) return setProblem(checked.problem);
      request = () => drafts.startJob({ urls: checked.urls, useModel });
    } else if (kind === 'sitemap') {
      const pages = Number(maxPages);
      if (!/^https?:\/\/\S+$/i.test(sitemap.trim())) return setProblem('サイトマップのアドレスを http:// か https:// で始めて入力してください。');
      if (!Number.isInteger(pages) || pages < 1 || pages > limits.maxSitemapPages) return setProblem(`読むページ数は 1 から ${limits.maxSitemapPages} までの数にしてください。`);
      request = () => drafts.startJob({ sitemap: sitemap.trim(), ...(pathPrefix.trim() ? { pathPrefix: pathPrefix.trim() } : {}), maxPages: pages, useModel });
    } else {
      const fileIssue = fileProblem(files, limits);
      if (fileIssue) return setProblem(fileIssue);
      request = () => drafts.startFileJob(files, useModel);
    }
    setBusy(true);
    try {
      onStarted((await request()).job);
    } catch (caught) {
      setProblem(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="panel"
      aria-labelledby="drafts-make-title"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <h2 id="drafts-make-title">下書き候補を作る</h2>
      <fieldset>
        <legend>どこから作りますか</legend>
        {(Object.keys(SOURCE_LABELS) as SourceKind[]).map((value) => (
          <label class="choice" key={value}>
            <input type="radio" name="drafts-source" checked={kind === value} onChange={() => setKind(value)} />
            {SOURCE_LABELS[value]}
          </label>
        ))}
      </fieldset>
      {kind === 'urls' ? (
        <Field label="ページのアドレス" hint={`1行に1つ、${limits.maxUrls} 件まで入力できます。`}>
          {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} rows={5} value={urls} onInput={(e) => setUrls(e.currentTarget.value)} />}
        </Field>
      ) : null}
      {kind === 'sitemap' ? (
        <>
          <Field label="サイトマップのアドレス" hint="例: https://www.city.example.jp/sitemap.xml（サイトマップの一覧にも対応しています）">
            {({ id, describedBy }) => <input id={id} type="url" aria-describedby={describedBy} value={sitemap} onInput={(e) => setSitemap(e.currentTarget.value)} />}
          </Field>
          <Field label="読むページのパス（任意）" hint="例: /kurashi/ と入力すると、そのパスで始まるページだけを読みます。">
            {({ id, describedBy }) => <input id={id} type="text" aria-describedby={describedBy} value={pathPrefix} onInput={(e) => setPathPrefix(e.currentTarget.value)} />}
          </Field>
          <Field label="読むページ数" hint={`1 から ${limits.maxSitemapPages} まで。多いほど時間がかかります。`}>
            {({ id, describedBy }) => (
              <input id={id} type="number" min={1} max={limits.maxSitemapPages} aria-describedby={describedBy} value={maxPages} onInput={(e) => setMaxPages(e.currentTarget.value)} />
            )}
          </Field>
        </>
      ) : null}
      {kind === 'files' ? (
        <div class="field">
          <label for={fileId}>ファイル</label>
          <p class="hint" id={fileHintId}>
            HTML か PDF を {limits.maxFiles} 個まで、1つ {megabytes(limits.maxFileBytes)} まで選べます。画像だけの PDF は読めません。
          </p>
          <input id={fileId} type="file" multiple accept=".html,.htm,.pdf,text/html,application/pdf" aria-describedby={fileHintId} onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])} />
        </div>
      ) : null}
      <div class="field">
        <label class="choice">
          <input type="checkbox" checked={useModel && chatModelConfigured} disabled={!chatModelConfigured} aria-describedby={modelHintId} onChange={(e) => setUseModel(e.currentTarget.checked)} />
          AIモデルでも案を作る
        </label>
        <p class="hint" id={modelHintId}>
          {chatModelConfigured
            ? 'Q&A の形になっていないふつうのページからも、AIモデルが質問と回答の案を作ります。案の文はページと照らし合わせ、ページで確かめられない文は除いてありますが、登録する前に必ずページと見比べてください。'
            : 'AIモデルが設定されていないため、使えません。「ページの Q&A から」の案（「Q．」「A．」や質問の見出しがあるページ）は作れます。AIモデルの設定はシステム管理者が行います（「AIモデルの接続」の画面で状態を確かめられます）。'}
        </p>
      </div>
      <Message kind="error">{problem}</Message>
      <div class="actions">
        <Button type="submit" variant="primary" busy={busy} disabled={running}>
          下書き候補を作る
        </Button>
        {running ? <span class="hint">いま作成中です。終わるまでお待ちください。</span> : null}
      </div>
    </form>
  );
}

/** The job's progress (read out when it ends), its result, and the pages it could not read. */
function JobPanel({ job }: { job: DraftJobView }) {
  const running = job.status === 'running';
  return (
    <section class="panel" aria-labelledby="drafts-job-title">
      <h2 id="drafts-job-title">作成の状況</h2>
      <div role="status" class="drafts-progress">
        {running ? (
          <>
            <span>{jobProgressText(job)}</span>
            {job.pagesTotal > 0 ? <progress max={job.pagesTotal} value={job.pagesDone} aria-hidden="true" /> : null}
          </>
        ) : (
          <span>{jobResultText(job)}</span>
        )}
      </div>
      {job.failures.length > 0 ? (
        <>
          <h3>読めなかったページ・ファイル</h3>
          <ul>
            {job.failures.map((failure, index) => (
              <li key={`${index}-${failure.source}`}>
                {failure.source ? `${failure.source}: ` : ''}
                {failure.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {job.notes.length > 0 ? (
        <ul class="hint">
          {job.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

interface DraftItemProps {
  draft: DraftView;
  nextQaId: string;
  editable: boolean;
  drafts: DraftsApi;
  onResolved: (text: string, qaId: string | null) => void;
}

/** One draft: its source and method, the notes, and (for editors) the fields and the two actions. */
function DraftItem({ draft, nextQaId, editable, drafts, onResolved }: DraftItemProps) {
  const headingId = useId();
  const [form, setForm] = useState<DraftForm>(() => draftForm(draft, nextQaId));
  const [busy, setBusy] = useState<'' | 'accept' | 'reject'>('');
  const [error, setError] = useState('');
  useEffect(() => setForm((current) => ({ ...current, qaId: nextQaId })), [nextQaId]);
  const set = (change: Partial<DraftForm>) => setForm((current) => ({ ...current, ...change }));

  const accept = async () => {
    setBusy('accept');
    setError('');
    try {
      const { qa } = await drafts.accept(draft.id, acceptRequest(form));
      onResolved(`QA ${qa.id}「${qa.question}」を下書き（非公開）として登録しました。内容を確かめて「公開」にし、公開の画面で公開すると、市民に見えるようになります。`, qa.id);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy('');
    }
  };

  const reject = async () => {
    setBusy('reject');
    setError('');
    try {
      await drafts.reject(draft.id);
      onResolved(`下書き候補「${draft.question}」を却下しました。`, null);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy('');
    }
  };

  return (
    <article class="panel draft-item" aria-labelledby={headingId}>
      <h3 id={headingId}>{draft.question}</h3>
      <dl class="draft-meta">
        <dt>出典</dt>
        <dd>
          {draft.sourceUrl ? (
            <a href={draft.sourceUrl} target="_blank" rel="noopener noreferrer">
              {draft.sourceName}（新しいタブで開きます）
            </a>
          ) : (
            `${draft.sourceName}（アップロードしたファイル）`
          )}
        </dd>
        <dt>作り方</dt>
        <dd>{METHOD_LABELS[draft.method]}</dd>
        <dt>作成</dt>
        <dd>
          {formatDateTime(draft.createdAt)}（{draft.createdBy}）
        </dd>
      </dl>
      {draft.method === 'model' ? (
        <p class="message message-warning">AIモデルが作った案です。ページで確かめられない文は除いてありますが、登録する前に必ず元のページと見比べ、金額・期限・対象などが正しいか確かめてください。</p>
      ) : null}
      {draft.notes.length > 0 ? (
        <ul class="draft-notes">
          {draft.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {editable ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void accept();
          }}
        >
          <Field label="管理番号" required hint="ほかの QA と重ならない番号です。空いている番号を入れてあります。">
            {({ id, describedBy }) => <input id={id} type="text" required aria-describedby={describedBy} value={form.qaId} onInput={(e) => set({ qaId: e.currentTarget.value })} />}
          </Field>
          <Field label="質問" required>
            {({ id }) => <input id={id} type="text" required value={form.question} onInput={(e) => set({ question: e.currentTarget.value })} />}
          </Field>
          <Field label="言い換え" hint="1行に1つ。市民が使いそうな別の聞き方です。">
            {({ id, describedBy }) => <textarea id={id} rows={2} aria-describedby={describedBy} value={form.alternates} onInput={(e) => set({ alternates: e.currentTarget.value })} />}
          </Field>
          <Field label="回答" required hint="Markdown で書けます（段落、箇条書き、リンク）。">
            {({ id, describedBy }) => <textarea id={id} rows={6} required aria-describedby={describedBy} value={form.answer} onInput={(e) => set({ answer: e.currentTarget.value })} />}
          </Field>
          <div class="toolbar">
            <Field label="大分類">
              {({ id }) => <input id={id} type="text" list="drafts-categories" value={form.category1} onInput={(e) => set({ category1: e.currentTarget.value })} />}
            </Field>
            <Field label="担当課">
              {({ id }) => <input id={id} type="text" value={form.department} onInput={(e) => set({ department: e.currentTarget.value })} />}
            </Field>
          </div>
          <Message kind="error">{error}</Message>
          <div class="actions">
            <Button type="submit" variant="primary" busy={busy === 'accept'} disabled={busy !== ''}>
              QAとして登録（非公開）
            </Button>
            <Button busy={busy === 'reject'} disabled={busy !== ''} onClick={() => void reject()}>
              却下
            </Button>
          </div>
        </form>
      ) : (
        <>
          {draft.alternates.length > 0 ? <p>言い換え: {draft.alternates.join('、')}</p> : null}
          <h4>回答</h4>
          <p class="draft-answer">{draft.answer}</p>
        </>
      )}
    </article>
  );
}
