/**
 * Results of asking the 一括テスト cases of what citizens see now (公開中) and after publishing (公開後).
 */
import type { PublishingCheckReply } from '@madoguchi/server/admin-api';
import { useState } from 'preact/hooks';
import { DECISION_LABELS } from '../logic/labels.ts';
import { Link } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';

type Case = PublishingCheckReply['cases'][number];
type Outcome = Case['production'];

const VERDICTS: Readonly<Record<Case['verdict'], { label: string; badge: string }>> = {
  'newly-failing': { label: '新たに失敗', badge: 'fail' },
  'newly-passing': { label: '新たに成功', badge: 'pass' },
  'still-failing': { label: '失敗のまま', badge: 'warn' },
  'still-passing': { label: '成功', badge: 'neutral' },
};

function OutcomeCell({ outcome }: { outcome: Outcome }) {
  return (
    <td>
      <span class={`badge badge-${outcome.pass ? 'pass' : 'fail'}`}>{outcome.pass ? '正しい' : '誤り'}</span> {DECISION_LABELS[outcome.decision]}
      {outcome.topId ? (
        <>
          <br />
          <Link href={href('qaEdit', { id: outcome.topId })}>{outcome.topId}</Link> {outcome.topQuestion}
        </>
      ) : null}
      {outcome.rank > 1 ? <span class="hint">（期待する QA は {outcome.rank} 位）</span> : null}
    </td>
  );
}

export function CheckResults({ check }: { check: PublishingCheckReply }) {
  const { summary } = check;
  const [onlyChanges, setOnlyChanges] = useState(summary.total > 20);
  const shown = onlyChanges ? check.cases.filter((c) => c.answerChanged || !c.draft.pass) : check.cases;
  const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
  if (summary.total === 0) {
    return (
      <p>
        一括テストの質問が登録されていません。<Link href={href('testCases')}>一括テスト</Link>で質問と正しい QA を登録してください。
      </p>
    );
  }
  return (
    <div class="check-results">
      <dl class="facts">
        <dt>質問の数</dt>
        <dd>{summary.total} 件</dd>
        <dt>正しく答えた数</dt>
        <dd>
          公開中 {summary.production.passed} 件（1 位正解率 {percent(summary.production.hitAt1)}）→ 公開後 {summary.draft.passed} 件（{percent(summary.draft.hitAt1)}）
        </dd>
        <dt>答えが変わる質問</dt>
        <dd>{summary.answerChanged} 件</dd>
        <dt>新たに失敗する質問</dt>
        <dd>{summary.newlyFailing > 0 ? <strong class="field-error">{summary.newlyFailing} 件</strong> : '0 件'}</dd>
        <dt>新たに成功する質問</dt>
        <dd>{summary.newlyPassing} 件</dd>
      </dl>
      <label class="choice">
        <input type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.currentTarget.checked)} />
        答えが変わる質問と、公開後に誤りになる質問だけを表示する
      </label>
      <div class="table-wrap">
        <table>
          <caption class="table-caption">{shown.length} 件を表示しています。</caption>
          <thead>
            <tr>
              <th scope="col">質問</th>
              <th scope="col">正しい QA</th>
              <th scope="col">公開中</th>
              <th scope="col">公開後</th>
              <th scope="col">判定</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c, i) => (
              <tr key={i}>
                <td>
                  {c.question}
                  {c.note ? <p class="hint">{c.note}</p> : null}
                </td>
                <td>{c.expected.length === 0 ? '（答えない）' : c.expected.join('、')}</td>
                <OutcomeCell outcome={c.production} />
                <OutcomeCell outcome={c.draft} />
                <td>
                  <span class={`badge badge-${VERDICTS[c.verdict].badge}`}>{VERDICTS[c.verdict].label}</span>
                  {c.answerChanged ? <p class="hint">答えが変わります</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
