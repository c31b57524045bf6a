/**
 * 意味検索の評価: whether semantic search (an embeddings model) is configured and how far the QAs are
 * embedded, the on/off setting (administrators), and 「評価を実行」, which runs the saved 一括テスト with and
 * without it: the figures side by side, each defined in plain words, and the questions that improved or
 * worsened. Without a model, what it would do and who sets it up.
 */
import type { SemanticEvaluationReply, SemanticSettingsReply } from '@madoguchi/server/admin-api';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { FigureTable, type Column } from '../components/figure-table.tsx';
import { Button, Loading, Message, SaveBar } from '../components/ui.tsx';
import { formatCount } from '../logic/figures.ts';
import { metricRows, outcomeText, type MetricRow } from '../logic/semantic-report.ts';
import { useLeaveGuard } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import { ReadOnlyNote, SaveError, StampLine, useSettingSave } from './settings.tsx';

type CaseChange = SemanticEvaluationReply['improved'][number];

const BETTER_LABELS: Readonly<Record<MetricRow['better'], string>> = { better: '良くなった', worse: '悪くなった', same: '変わらない' };

export function SemanticReportScreen() {
  const { api } = useApp();
  const [settings, setSettings] = useState<SemanticSettingsReply | null>(null);
  const [loadError, setLoadError] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    api.semanticSettings(controller.signal).then(setSettings, (caught: unknown) => {
      if (!controller.signal.aborted) setLoadError(errorMessage(caught));
    });
    return () => controller.abort();
  }, [api]);

  return (
    <>
      <p>
        意味検索は、言葉が違っても意味の近い QA を探す仕組みです（埋め込みモデルという AI を使います）。標準の検索の結果に、意味の近さを加えて並べ直します。意味の近さだけで回答を表示することはありません。標準の検索で答えが見つからないときに、意味の近い QA を「もしかして」の候補として示すことはあります。
      </p>
      <Message kind="error">{loadError}</Message>
      {settings === null ? (
        loadError ? null : <Loading label="意味検索の状態を読み込んでいます…" />
      ) : settings.configured ? (
        <>
          <StatusPanel settings={settings} />
          <SettingPanel settings={settings} onSaved={setSettings} />
          <EvaluationPanel />
        </>
      ) : (
        <NotConfigured />
      )}
    </>
  );
}

function NotConfigured() {
  return (
    <section class="panel" aria-labelledby="semantic-none-title">
      <h2 id="semantic-none-title">意味検索は使えません（埋め込みモデルが設定されていません）</h2>
      <p>いまは標準の検索だけで回答しています。標準の検索は、同じ言葉・読み・同義語（辞書）で QA を探します。</p>
      <p>
        埋め込みモデルを設定すると意味検索が使えるようになり、この画面で、一括テストの質問を使って「意味検索なし」と「意味検索あり」の結果を比べられます。設定は市の情報システム担当がサーバーの起動時に行います（運用マニュアル「AIモデルの設定」）。状態は「<a href={href('models')}>AIモデルの接続</a>」の画面でも確かめられます。
      </p>
    </section>
  );
}

function StatusPanel({ settings }: { settings: SemanticSettingsReply }) {
  const published = settings.published;
  const working = settings.working;
  return (
    <section class="panel" aria-labelledby="semantic-status-title">
      <h2 id="semantic-status-title">状態</h2>
      <dl class="facts">
        <dt>埋め込みモデル</dt>
        <dd>
          <span class="badge badge-pass">設定済み</span> {settings.model}
        </dd>
        <dt>市民向けのチャット</dt>
        <dd>{settings.value.enabled ? '意味検索を使っています' : '意味検索を使っていません（標準の検索だけ）'}</dd>
        {published ? (
          <>
            <dt>公開中の QA の準備</dt>
            <dd>{progressText(published)}</dd>
          </>
        ) : null}
        {working ? (
          <>
            <dt>編集中の QA の準備</dt>
            <dd>{progressText(working)}</dd>
          </>
        ) : null}
        {published && published.questionFailures > 0 ? (
          <>
            <dt>意味検索を使えなかった質問</dt>
            <dd>
              サーバーの起動後 {formatCount(published.questionFailures)} 件（AI モデルの応答が遅いか失敗したため、標準の検索だけで答えました）
              {published.lastError ? (
                <>
                  <br />
                  <span class="field-error">最後の理由: {published.lastError}</span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function progressText(status: NonNullable<SemanticSettingsReply['published']>): string {
  const done = `QA ${formatCount(status.qas)} 件のうち ${formatCount(status.vectors)} 件`;
  if (status.refreshing) return `${done}の準備ができています（残りを準備中です）。`;
  if (status.vectors < status.qas) return `${done}の準備ができています。残りは AI モデルに接続できず、まだ準備できていません${status.lastError ? `（${status.lastError}）` : ''}。`;
  return `QA ${formatCount(status.qas)} 件すべての準備ができています。`;
}

/** The on/off setting: administrators change it; everyone reads it. */
function SettingPanel({ settings, onSaved }: { settings: SemanticSettingsReply; onSaved: (reply: SemanticSettingsReply) => void }) {
  const { api, can } = useApp();
  const editable = can('editSettings');
  const [enabled, setEnabled] = useState(settings.value.enabled);
  const { error, conflictActions, notice, busy, saving } = useSettingSave();
  const load = (reply: SemanticSettingsReply) => {
    onSaved(reply);
    setEnabled(reply.value.enabled);
  };
  const dirty = editable && enabled !== settings.value.enabled;
  useLeaveGuard(dirty);
  const save = (revision: number) =>
    saving(
      async () => load(await api.saveSemanticSettings({ enabled, fusion: settings.value.fusion }, revision)),
      enabled ? '意味検索を使うようにしました。市民向けのチャットにすぐ反映されます。' : '意味検索を止めました。市民向けのチャットは標準の検索だけで答えます。',
    );

  return (
    <section class="panel" aria-labelledby="semantic-setting-title">
      <h2 id="semantic-setting-title">設定</h2>
      {editable ? null : <ReadOnlyNote />}
      <SaveError error={error} {...conflictActions(() => api.semanticSettings(), load, save)} />
      <Message kind="success">{notice}</Message>
      <label class="choice">
        <input type="checkbox" checked={enabled} disabled={!editable} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        意味検索を使う（市民向けのチャットとテストチャット）
      </label>
      <p class="hint">下の「評価を実行」で、使ったときに結果が良くなるかを確かめてから決めてください。</p>
      <StampLine stamp={settings} />
      {editable ? <SaveBar busy={busy} dirty={dirty} onSave={() => save(settings.revision)} /> : null}
    </section>
  );
}

const METRIC_COLUMNS: readonly Column<MetricRow>[] = [
  { header: '指標', rowHeader: true, cell: (row) => row.label },
  { header: '意味検索なし', number: true, cell: (row) => row.engine },
  { header: '意味検索あり', number: true, cell: (row) => row.semantic },
  { header: '差', number: true, cell: (row) => row.difference },
  { header: '評価', class: 'nowrap', cell: (row) => BETTER_LABELS[row.better] },
  { header: '意味', cell: (row) => row.definition },
];

/** 「評価を実行」: editors and administrators (it spends embedding calls); viewers read why they cannot. */
function EvaluationPanel() {
  const { api, can } = useApp();
  const runnable = can('editTestCases');
  const announce = useAnnounce();
  const [report, setReport] = useState<SemanticEvaluationReply | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState('');

  const run = async () => {
    setRunning(true);
    setError('');
    try {
      const reply = await api.semanticEvaluation();
      setReport(reply);
      announce(`評価が終わりました。良くなった質問 ${reply.improved.length} 件、悪くなった質問 ${reply.worsened.length} 件です。`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="semantic-evaluation-title">
      <h2 id="semantic-evaluation-title">一括テストで比べる</h2>
      <p>
        「<a href={href('testCases')}>一括テスト</a>」に登録した質問を、編集中の QA（次に公開したときの内容）に対して、意味検索なしとありの両方で試し、結果を比べます。何も変更しません。初めての質問は AI モデルに送るため、少し時間がかかり、わずかに費用がかかります。
      </p>
      {runnable ? (
        <div class="actions">
          <Button variant="primary" busy={running} onClick={() => void run()}>
            評価を実行
          </Button>
        </div>
      ) : (
        <p class="hint">評価を実行できるのは編集者と管理者です（AI モデルを使い、費用がかかるため）。結果を見たいときは、編集者か管理者に依頼してください。</p>
      )}
      <Message kind="error">{error}</Message>
      {report ? <Report report={report} /> : null}
    </section>
  );
}

function Report({ report }: { report: SemanticEvaluationReply }) {
  const rows = metricRows(report.engine, report.semantic);
  return (
    <>
      <p>
        質問 {formatCount(report.engine.total)} 件（正解の QA があるもの {formatCount(report.engine.answerable)} 件、答えがないのが正しいもの {formatCount(report.engine.unanswerable)} 件）で比べました。
        {report.vectors < report.qas ? ` QA ${formatCount(report.qas)} 件のうち ${formatCount(report.qas - report.vectors)} 件は準備ができていないため、意味検索では見つかりません。` : ''}
      </p>
      <FigureTable columns={METRIC_COLUMNS} rows={rows} rowKey={(row) => row.key} caption="意味検索なし・ありの比較" class="stat-table" />
      <Changes title="良くなった質問" changes={report.improved} empty="良くなった質問はありません。" />
      <Changes title="悪くなった質問" changes={report.worsened} empty="悪くなった質問はありません。" />
    </>
  );
}

const CHANGE_COLUMNS: readonly Column<CaseChange>[] = [
  { header: '質問', rowHeader: true, cell: (row) => row.question },
  { header: '正解', cell: (row) => (row.expected.length === 0 ? '答えがないのが正しい' : row.expected.join('、')) },
  { header: '意味検索なし', cell: (row) => outcomeText(row.engine, row.expected) },
  { header: '意味検索あり', cell: (row) => outcomeText(row.semantic, row.expected) },
];

function Changes({ title, changes, empty }: { title: string; changes: readonly CaseChange[]; empty: string }) {
  return (
    <>
      <h3>
        {title}（{formatCount(changes.length)} 件）
      </h3>
      {changes.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <FigureTable columns={CHANGE_COLUMNS} rows={changes} rowKey={(row) => `${row.question}|${row.expected.join(';')}`} caption={`${title}：答え方（回答・候補・答えられない）と正解の順位`} />
      )}
    </>
  );
}
