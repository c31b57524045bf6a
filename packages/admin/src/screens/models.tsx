/**
 * AIモデルの接続: whether the chat model and the embeddings model are configured and answering, the
 * connection check (administrators), and what the models were used for over the last 30 days, with the
 * estimated cost. Without any model, what each would enable and who sets it up.
 */
import type { ModelCheckResultView, ModelsStatusReply, ModelStatusView, ModelUsageTotalView } from '@madoguchi/server/admin-api';
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { countColumn, FigureTable, type Column } from '../components/figure-table.tsx';
import { LoadedView, useLoaded } from '../components/loaded.tsx';
import { Button, formatDateTime, Message } from '../components/ui.tsx';
import { formatCount } from '../logic/figures.ts';
import { formatSeconds, formatYen, KIND_LABELS, OUTCOME_LABELS, PURPOSE_LABELS, usageByDay, type DayUsage } from '../logic/models.ts';
import { hasRole } from '../routing/routes.ts';

const ENDPOINT_TITLES: Readonly<Record<ModelStatusView['kind'], string>> = {
  chat: 'チャットモデル（文章を書くAI）',
  embeddings: '埋め込みモデル（意味検索）',
};

/** The check button's id: focus goes back to it once the check is done (the browser drops it while disabled). */
const CHECK_BUTTON_ID = 'models-check-button';

export function ModelsScreen() {
  const { api, staff } = useApp();
  const announce = useAnnounce();
  const [reload, setReload] = useState(0);
  // The statuses are reloaded after a check: the section stays (with the button and the results) meanwhile.
  const loaded = useLoaded((client, signal) => client.modelsStatus(signal), reload, { announcement: () => '', keepWhileLoading: true });
  const [checking, setChecking] = useState(false);
  const [results, setResults] = useState<ModelCheckResultView[] | null>(null);
  const [checkError, setCheckError] = useState('');
  const isAdmin = hasRole(staff.role, 'admin');

  const check = async () => {
    setChecking(true);
    setCheckError('');
    setResults(null);
    try {
      const reply = await api.checkModels();
      setResults(reply.results);
      announce(reply.results.map(resultText).join(''));
      setReload((n) => n + 1);
    } catch (caught) {
      setCheckError(errorMessage(caught));
    } finally {
      setChecking(false);
      window.setTimeout(() => document.getElementById(CHECK_BUTTON_ID)?.focus(), 0);
    }
  };

  return (
    <>
      <p>
        QA づくりの支援と回答の補助に使う AI モデルの接続状況です。AI モデルは市の情報システム担当がサーバーの起動時に設定します（運用マニュアル「AIモデルの設定」）。この画面では設定を変えられません。
      </p>
      <LoadedView loaded={loaded} loadingLabel="接続状況を読み込んでいます…">
        {(data) => (
          <>
            {data.statuses.every((s) => !s.configured) ? <NothingConfigured /> : null}
            <section class="panel" aria-labelledby="models-status-title">
              <h2 id="models-status-title">接続の状況</h2>
              <div class="grid-2">
                {data.statuses.map((status) => (
                  <EndpointStatus key={status.kind} status={status} />
                ))}
              </div>
              {data.statuses.every((s) => !s.configured) ? null : isAdmin ? (
                <div class="actions">
                  <Button id={CHECK_BUTTON_ID} busy={checking} onClick={check}>
                    接続を確かめる
                  </Button>
                  <span class="hint">設定したモデルに小さな依頼を1回ずつ送ります（わずかに費用がかかります）。</span>
                </div>
              ) : (
                <p class="hint">接続の確認は管理者が行えます。</p>
              )}
              <Message kind="error">{checkError}</Message>
              {/* Read out through the announcer when they arrive, so not a live region itself. */}
              {results ? (
                <div class={`message message-${results.some((r) => r.configured && !r.ok) ? 'warning' : 'success'}`}>
                  <ul class="model-check-results">
                    {results.map((result) => (
                      <li key={result.kind}>{resultText(result)}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </section>
            <Usage data={data} />
          </>
        )}
      </LoadedView>
    </>
  );
}

function resultText(result: ModelCheckResultView): string {
  const label = KIND_LABELS[result.kind];
  if (!result.configured) return `${label}: 設定されていません。`;
  return `${label}: ${result.ok ? '使えます。' : '使えません。'}${result.message}`;
}

function NothingConfigured() {
  return (
    <section class="panel" aria-labelledby="models-none-title">
      <h2 id="models-none-title">AI モデルは設定されていません</h2>
      <p>AI モデルがなくても、登録した QA による回答、市のページからの下書き候補（よくある質問の形のページ）、情報源の確認はそのまま使えます。AI モデルを設定すると、次のことができるようになります。</p>
      <dl class="facts">
        <dt>チャットモデル</dt>
        <dd>
          市のページから QA の下書きを提案する、言い換えややさしい日本語の書き換えを提案する、登録した QA の内容だけを使って AI が短い回答を作る（市が有効にしたときだけ。既定では使いません）。
        </dd>
        <dt>埋め込みモデル</dt>
        <dd>意味の近さで QA を探す「意味検索」。言葉が違っても同じことを聞いている質問に答えやすくなります。</dd>
      </dl>
      <p>
        設定は市の情報システム担当が行います。OpenAI、Azure OpenAI、庁内のサーバー（Ollama、vLLM など）のどれでも使えます。手順は運用マニュアルの「AIモデルの設定」にあります。
      </p>
    </section>
  );
}

function EndpointStatus({ status }: { status: ModelStatusView }) {
  const headingId = `model-${status.kind}-title`;
  return (
    <div class="model-endpoint" aria-labelledby={headingId} role="group">
      <h3 id={headingId}>{ENDPOINT_TITLES[status.kind]}</h3>
      {status.configured ? (
        <dl class="facts">
          <dt>状態</dt>
          <dd>
            <span class="badge badge-pass">設定済み</span>
          </dd>
          <dt>モデル</dt>
          <dd>{status.model}</dd>
          <dt>接続先</dt>
          <dd>{status.endpoint}</dd>
          <dt>最後の成功</dt>
          <dd>{status.lastOkAt ? formatDateTime(status.lastOkAt) : 'サーバーの起動後、まだありません'}</dd>
          <dt>最後の失敗</dt>
          <dd>
            {status.lastErrorAt ? (
              <>
                {formatDateTime(status.lastErrorAt)}
                <br />
                <span class="field-error">{status.lastError}</span>
              </>
            ) : (
              'サーバーの起動後、ありません'
            )}
          </dd>
          <dt>料金</dt>
          <dd>{status.price ? priceText(status) : '設定されていません（費用の目安は表示しません）'}</dd>
        </dl>
      ) : (
        <dl class="facts">
          <dt>状態</dt>
          <dd>
            <span class="badge badge-neutral">未設定</span>
          </dd>
        </dl>
      )}
    </div>
  );
}

function priceText(status: ModelStatusView): string {
  if (!status.price) return '';
  return status.kind === 'chat'
    ? `100万トークンあたり 入力 ${formatYen(status.price.input)}、出力 ${formatYen(status.price.output)}`
    : `100万トークンあたり ${formatYen(status.price.input)}`;
}

const TOTAL_COLUMNS: readonly Column<ModelUsageTotalView>[] = [
  { header: 'モデル', rowHeader: true, cell: (row) => `${KIND_LABELS[row.kind]} ${row.model}` },
  { header: '用途', cell: (row) => PURPOSE_LABELS[row.purpose] },
  countColumn('呼び出し', (row) => row.calls),
  countColumn('失敗', (row) => row.failures),
  countColumn('入力トークン', (row) => row.inputTokens),
  countColumn('出力トークン', (row) => row.outputTokens),
  { header: '平均応答時間', number: true, cell: (row) => formatSeconds(row.averageLatencyMs) },
  { header: '費用の目安', number: true, cell: (row) => formatYen(row.estimatedCostYen) },
];

const DAY_COLUMNS: readonly Column<DayUsage>[] = [
  { header: '日付', rowHeader: true, cell: (row) => row.day },
  countColumn('呼び出し', (row) => row.calls),
  countColumn('失敗', (row) => row.failures),
  countColumn('トークン', (row) => row.tokens),
  { header: '費用の目安', number: true, cell: (row) => formatYen(row.estimatedCostYen) },
];

const CALL_COLUMNS: readonly Column<ModelsStatusReply['recent'][number]>[] = [
  { header: '日時', class: 'nowrap', cell: (row) => formatDateTime(row.at) },
  { header: 'モデル', cell: (row) => `${KIND_LABELS[row.kind]} ${row.model}` },
  { header: '用途', cell: (row) => PURPOSE_LABELS[row.purpose] },
  { header: '結果', cell: (row) => (row.error ? `${OUTCOME_LABELS[row.outcome]}（${row.error}）` : OUTCOME_LABELS[row.outcome]) },
  countColumn('送信回数', (row) => row.attempts),
  countColumn('トークン', (row) => row.inputTokens + row.outputTokens),
  { header: '応答時間', number: true, cell: (row) => formatSeconds(row.latencyMs) },
];

function Usage({ data }: { data: ModelsStatusReply }) {
  const { usage, recent } = data;
  const days = usageByDay(usage.days);
  return (
    <section class="panel" aria-labelledby="models-usage-title">
      <h2 id="models-usage-title">
        利用状況<span class="heading-note">（{usage.from} から {usage.to} まで）</span>
      </h2>
      <p>
        「呼び出し」は AI モデルへの依頼の回数です。失敗して送り直したものも1回と数えます。AI モデルの料金はトークン（文字数に近い単位。日本語ではおよそ1文字1トークン）で決まります。「費用の目安」は、情報システム担当が設定した料金からの計算で、実際の請求はモデルの提供元の明細で確かめてください。
      </p>
      {usage.totals.length === 0 ? (
        <p>この30日間、AI モデルは使われていません。</p>
      ) : (
        <>
          <FigureTable columns={TOTAL_COLUMNS} rows={usage.totals} rowKey={(row) => `${row.kind}|${row.model}|${row.purpose}`} caption="モデルと用途ごとの合計" class="stat-table" />
          <p>
            費用の目安の合計: <strong>{formatYen(usage.estimatedCostYen)}</strong>
            {usage.estimatedCostYen === null ? '（料金が設定されていないため計算していません）' : null}
          </p>
          <FigureTable columns={DAY_COLUMNS} rows={days} rowKey={(row) => row.day} caption="日ごとの合計（新しい日から）" class="stat-table" />
        </>
      )}
      <h3>最近の呼び出し（{formatCount(recent.length)} 件）</h3>
      {recent.length === 0 ? (
        <p>まだ呼び出しはありません。</p>
      ) : (
        <FigureTable columns={CALL_COLUMNS} rows={recent} rowKey={(row) => `${row.at}|${row.kind}|${row.purpose}|${row.latencyMs}`} caption="新しい順に最大20件。質問や回答の文は記録していません。" />
      )}
    </section>
  );
}
