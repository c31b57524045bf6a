/**
 * 情報源と見直し: the QAs to look at again, one section per department: a page a QA cites (参照URL) changed or
 * disappeared, or the QA's review date came. Staff open the QA and the page, then press 「内容を確認しました」;
 * the QA leaves the list until its page changes again or its next review date. The pages are checked daily;
 * 「今すぐ確認する」 checks them now, with its progress read out. Administrators set the review cycle.
 */
import type { ReviewGroupView, ReviewItemView, SourceCheckStateReply, SourceReviewReply, SourceReviewSettingReply } from '@madoguchi/server/admin-api';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { QaLink } from '../components/qa-link.tsx';
import { Button, Field, Loading, Message, SaveBar } from '../components/ui.tsx';
import { japanDateTime } from '../logic/periods.ts';
import { CYCLE_CHOICES, lastRunText, progressText, reasonText, SOURCE_STATE_LABELS } from '../logic/source-review.ts';
import { navigate, useLeaveGuard } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ScreenProps } from './registry.ts';
import { ReadOnlyNote, SaveError, StampLine, useSettingSave } from './settings.tsx';

/** How often the progress of a check under way is read. */
const POLL_MS = 1_500;

export function SourcesScreen({ query }: ScreenProps) {
  const { api } = useApp();
  const announce = useAnnounce();
  const department = query.get('department') ?? '';
  const [data, setData] = useState<SourceReviewReply | null>(null);
  const [check, setCheck] = useState<SourceCheckStateReply | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [reload, setReload] = useState(0);
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.sourceReview(controller.signal).then(
      (reply) => {
        setData(reply);
        setCheck(reply.check);
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(caught));
      },
    );
    return () => controller.abort();
  }, [api, reload]);

  // While a check runs, its progress is read again and again; when it ends, the list is read afresh.
  useEffect(() => {
    if (!check?.running) return;
    const timer = window.setTimeout(() => {
      api.sourceCheck().then(
        (state) => {
          setCheck(state);
          if (state.running) return;
          setReload((n) => n + 1);
          announce(state.lastRun ? `確認が終わりました。${lastRunText(state.lastRun)}。` : '確認が終わりました。');
        },
        (caught: unknown) => setError(errorMessage(caught)),
      );
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [api, check]);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const reviewed = (item: ReviewItemView) => {
    setNotice(`QA ${item.qaId}「${item.question}」を確認済みにしました。情報源のページがまた変わるか、次の見直しの時期が来るまで、一覧には表示しません。`);
    setReload((n) => n + 1);
  };

  const groups = data ? data.groups.filter((g) => department === '' || g.department === department) : [];

  return (
    <>
      <p>
        QA の「参照URL」に書いたページ（情報源）を毎日確かめ、ページの内容が変わった QA、ページが見つからなくなった QA、見直しの時期が来た QA
        を担当課ごとに表示します。QA とページを見比べ、直す必要があれば QA を直して公開してください。内容が正しければ「内容を確認しました」を押すと、一覧から外れます。
      </p>
      <Message kind="error">{error}</Message>
      {notice ? (
        <div class="message message-success sources-notice" tabIndex={-1} ref={noticeRef}>
          {notice}
        </div>
      ) : null}
      {data === null || check === null ? (
        error ? null : <Loading label="一覧を作っています…" />
      ) : (
        <>
          <CheckPanel check={check} onCheck={setCheck} />
          <DepartmentFilter groups={data.groups} department={department} />
          <h2 class="sources-summary">
            見直しが必要な QA
            <span class="heading-note">（{groups.reduce((n, g) => n + g.items.length, 0).toLocaleString('ja-JP')} 件）</span>
          </h2>
          {groups.length === 0 ? <p>{department ? `${department}には、見直しが必要な QA はありません。` : '見直しが必要な QA はありません。'}</p> : null}
          {groups.map((group) => (
            <DepartmentSection key={group.department} group={group} today={data.today} onReviewed={reviewed} />
          ))}
          <CyclePanel onSaved={() => setReload((n) => n + 1)} />
        </>
      )}
    </>
  );
}

/** The last check, 「今すぐ確認する」 and the progress of a check under way. */
function CheckPanel({ check, onCheck }: { check: SourceCheckStateReply; onCheck: (state: SourceCheckStateReply) => void }) {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const headingId = useId();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState('');
  const running = check.running;

  const start = async () => {
    setStarting(true);
    setError('');
    try {
      onCheck(await api.startSourceCheck());
      announce('情報源のページの確認を始めました。');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStarting(false);
    }
  };

  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>ページの確認</h2>
      {check.enabled ? (
        <p>{check.lastRun ? `最後の確認: ${lastRunText(check.lastRun)}。` : 'まだ一度も確認していません。'}</p>
      ) : (
        <Message kind="info">このサーバーは、情報源のページを確認しない設定で動いています（外部への通信をしない設定）。見直しの時期が来た QA だけを表示しています。</Message>
      )}
      <div role="status" class="sources-progress">
        {running ? (
          <>
            <span>{progressText(check)}</span>
            {running.total > 0 ? <progress max={running.total} value={running.done} aria-hidden="true" /> : null}
          </>
        ) : null}
      </div>
      <Message kind="error">{error}</Message>
      {check.enabled && can('editQas') ? (
        <div class="actions">
          <Button variant="primary" busy={starting || running !== null} onClick={() => void start()}>
            今すぐ確認する
          </Button>
          <span class="hint">ページの数によっては数分かかります。この画面を離れても確認は続きます。</span>
        </div>
      ) : null}
    </section>
  );
}

function DepartmentFilter({ groups, department }: { groups: readonly ReviewGroupView[]; department: string }) {
  const known = groups.some((g) => g.department === department);
  return (
    <Field label="担当課で絞り込む">
      {({ id }) => (
        <select
          id={id}
          value={department}
          onChange={(event) => {
            const value = event.currentTarget.value;
            navigate(value === '' ? href('sources') : `${href('sources')}?department=${encodeURIComponent(value)}`);
          }}
        >
          <option value="">すべての担当課</option>
          {groups.map((g) => (
            <option key={g.department} value={g.department}>
              {g.department}（{g.items.length} 件）
            </option>
          ))}
          {department !== '' && !known ? <option value={department}>{department}（0 件）</option> : null}
        </select>
      )}
    </Field>
  );
}

function DepartmentSection({ group, today, onReviewed }: { group: ReviewGroupView; today: string; onReviewed: (item: ReviewItemView) => void }) {
  const headingId = useId();
  return (
    <section class="sources-department" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {group.department}
        <span class="heading-note">（{group.items.length} 件）</span>
      </h3>
      <ul class="sources-items">
        {group.items.map((item) => (
          <li key={item.qaId}>
            <ReviewItem item={item} today={today} onReviewed={onReviewed} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewItem({ item, today, onReviewed }: { item: ReviewItemView; today: string; onReviewed: (item: ReviewItemView) => void }) {
  const { api, can } = useApp();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const confirm = async () => {
    setBusy(true);
    setError('');
    try {
      await api.markQaReviewed(item.qaId);
      onReviewed(item);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <article class="panel sources-item" aria-labelledby={headingId}>
      <h4 id={headingId}>
        <QaLink id={item.qaId} /> {item.question}
        {item.status === 'draft' ? <span class="badge badge-draft">下書き</span> : null}
      </h4>
      <ul class="sources-reasons">
        {item.reasons.map((reason, i) => (
          <li key={i}>{reasonText(reason, today)}</li>
        ))}
      </ul>
      {item.sources.length > 0 ? (
        <>
          <p class="sources-label">情報源</p>
          <ul class="sources-pages">
            {item.sources.map((source) => (
              <li key={source.entry}>
                {source.url ? (
                  <a href={source.url} target="_blank" rel="noopener noreferrer">
                    {source.url}
                    <span class="visually-hidden">（新しいタブで開きます）</span>
                  </a>
                ) : (
                  <code>{source.entry}</code>
                )}
                <span class="muted">：{SOURCE_STATE_LABELS[source.state]}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="hint">
        最終更新 {japanDateTime(item.updatedAt)}
        {item.reviewedAt ? `・前回の確認 ${japanDateTime(item.reviewedAt)}（${item.reviewedBy ?? ''}）` : ''}
      </p>
      <Message kind="error">{error}</Message>
      {can('editQas') ? (
        <div class="actions">
          <Button variant="primary" busy={busy} aria-describedby={headingId} onClick={() => void confirm()}>
            内容を確認しました
          </Button>
        </div>
      ) : null}
    </article>
  );
}

/** The review cycle: administrators change it; everyone reads it. */
function CyclePanel({ onSaved }: { onSaved: () => void }) {
  const { api, can } = useApp();
  const editable = can('editSettings');
  const headingId = useId();
  const [stored, setStored] = useState<SourceReviewSettingReply | null>(null);
  const [days, setDays] = useState(0);
  const { error, fail, conflictActions, notice, busy, saving } = useSettingSave();

  const load = (reply: SourceReviewSettingReply) => {
    setStored(reply);
    setDays(reply.value.cycleDays);
  };
  useEffect(() => {
    api.sourceReviewSetting().then(load, fail);
  }, [api]);

  const dirty = editable && stored !== null && days !== stored.value.cycleDays;
  useLeaveGuard(dirty);
  const save = (revision: number) =>
    saving(async () => {
      load(await api.saveSourceReviewSetting(days, revision));
      onSaved();
    }, '見直しの間隔を保存しました。一覧はすぐに新しい間隔で表示されます。');

  const choices = CYCLE_CHOICES.some((choice) => choice.days === days) ? CYCLE_CHOICES : [...CYCLE_CHOICES, { days, label: `${days}日` }];
  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>見直しの間隔</h2>
      <p>QA を最後に保存したか「内容を確認しました」を押した日から、この期間がたつと「見直しの時期です」と表示します。</p>
      {stored === null ? (
        error ? <Message kind="error">{error.message}</Message> : <Loading />
      ) : (
        <>
          {editable ? null : <ReadOnlyNote />}
          <SaveError error={error} {...conflictActions(() => api.sourceReviewSetting(), load, save)} />
          <Message kind="success">{notice}</Message>
          <Field label="見直しの間隔">
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
      )}
    </section>
  );
}
