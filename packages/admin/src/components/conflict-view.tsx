/**
 * When someone else saved the QA first (409 CONFLICT): 「あなたの編集」 beside 「保存されている最新の内容」,
 * field by field, differences marked. The staff member keeps theirs, keeps their own (saving over the new
 * version on purpose), or chooses per field. Nothing is decided for them where both changed a field.
 */
import type { QaContent, QaView } from '@madoguchi/server/admin-api';
import { useMemo, useState } from 'preact/hooks';
import { compareForConflict, defaultChoices, mergeQa, unresolvedFields, type Choice, type Choices } from '../logic/merge.ts';
import { SideText } from './diff.tsx';
import { Button, ConfirmDialog, formatDateTime, Message } from './ui.tsx';

interface ConflictViewProps {
  /** The version the staff member started from. */
  base: QaContent | undefined;
  mine: QaContent;
  theirs: QaView;
  busy: boolean;
  error: string;
  /** Discard my edit: the form shows the latest stored QA. */
  onKeepTheirs: () => void;
  /** Save `content` over the latest version (`theirs.version`). */
  onSave: (content: QaContent) => void;
  /** Put the chosen mix back into the form without saving. */
  onEdit: (content: QaContent) => void;
}

export function ConflictView({ base, mine, theirs, busy, error, onKeepTheirs, onSave, onEdit }: ConflictViewProps) {
  const comparisons = useMemo(() => compareForConflict(base, mine, theirs), [base, mine, theirs]);
  const differing = comparisons.filter((field) => field.differs);
  const [choices, setChoices] = useState<Choices>(() => defaultChoices(comparisons));
  const [showAll, setShowAll] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const unresolved = unresolvedFields(comparisons, choices);
  const shown = showAll ? comparisons : differing;

  const choose = (key: (typeof comparisons)[number]['key'], choice: Choice) => setChoices({ ...choices, [key]: choice });

  return (
    <section class="panel conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">ほかの人が先にこの QA を保存しました</h2>
      <Message kind="warning">
        <p>
          {theirs.updatedBy} さんが {formatDateTime(theirs.updatedAt)} にこの QA を保存しました（版 {theirs.version}）。あなたの編集はまだ保存されていません。
        </p>
        <p>違いのある {differing.length} 項目を見比べて、残す内容を選んでください。どちらかを選ぶまで、何も上書きされません。</p>
      </Message>
      <Message kind="error">{error}</Message>

      <div class="actions">
        <label class="choice">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
          違いのない項目も表示する
        </label>
      </div>

      <div class="table-wrap">
        <table class="compare-table">
          <caption class="visually-hidden">あなたの編集と保存されている最新の内容の比較</caption>
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">あなたの編集</th>
              <th scope="col">保存されている最新の内容</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((field) => {
              const choice = choices[field.key];
              return (
                <tr key={field.key} class={field.differs ? 'differs' : undefined}>
                  <th scope="row">
                    {field.label}
                    {field.conflict ? (
                      <p>
                        <span class="badge badge-warn">両方が変更</span>
                      </p>
                    ) : field.differs ? (
                      <p class="hint">{field.changedByMe ? 'あなたが変更' : 'ほかの人が変更'}</p>
                    ) : null}
                    {field.differs ? (
                      <fieldset class="choose">
                        <legend class="visually-hidden">{field.label}で残す内容</legend>
                        <label class="choice">
                          <input type="radio" name={`choice-${field.key}`} checked={choice === 'mine'} onChange={() => choose(field.key, 'mine')} />
                          あなたの編集
                        </label>
                        <label class="choice">
                          <input type="radio" name={`choice-${field.key}`} checked={choice === 'theirs'} onChange={() => choose(field.key, 'theirs')} />
                          最新の内容
                        </label>
                      </fieldset>
                    ) : null}
                  </th>
                  <td class={choice === 'mine' ? 'chosen' : undefined}>
                    {field.differs ? <SideText text={field.mine} other={field.theirs} /> : <p class="value">{field.mine || '（空）'}</p>}
                  </td>
                  <td class={choice === 'theirs' ? 'chosen' : undefined}>
                    {field.differs ? <SideText text={field.theirs} other={field.mine} /> : <p class="value">{field.theirs || '（空）'}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {unresolved.length > 0 ? (
        <p class="field-error" role="status">
          まだ選んでいない項目が {unresolved.length} 件あります（{unresolved.map((key) => comparisons.find((c) => c.key === key)?.label).join('、')}）。
        </p>
      ) : null}

      <div class="actions sticky-actions">
        <Button variant="primary" busy={busy} disabled={unresolved.length > 0} onClick={() => onSave(mergeQa(mine, theirs, choices))}>
          選んだ内容で保存する
        </Button>
        <Button disabled={unresolved.length > 0 || busy} onClick={() => onEdit(mergeQa(mine, theirs, choices))}>
          選んだ内容を編集画面に戻す（保存しない）
        </Button>
        <Button busy={busy} onClick={() => onSave(mine)}>
          すべてあなたの編集で上書き保存する
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => setConfirmDiscard(true)}>
          あなたの編集を捨てて最新の内容にする…
        </Button>
      </div>

      <ConfirmDialog
        open={confirmDiscard}
        title="あなたの編集を捨てます"
        confirmLabel="編集を捨てて最新の内容にする"
        danger
        onConfirm={() => {
          setConfirmDiscard(false);
          onKeepTheirs();
        }}
        onCancel={() => setConfirmDiscard(false)}
      >
        <p>あなたが入力した内容は保存されずに消え、{theirs.updatedBy} さんが保存した最新の内容が表示されます。よろしいですか？</p>
      </ConfirmDialog>
    </section>
  );
}
