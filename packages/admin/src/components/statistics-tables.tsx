/**
 * The statistics tables shared by 統計 and 月次レポート: the QAs shown most, and the QAs citizens rated
 * worst. Each QA links to its editor, so a figure leads straight to the fix.
 */
import type { FeedbackQaRow, QaRow } from '@madoguchi/server/admin-api';
import { formatCount, formatRate, formatShare } from '../logic/figures.ts';
import { countColumn, FigureTable, type Column } from './figure-table.tsx';
import { QaLink } from './qa-link.tsx';

const QA_COLUMNS: readonly Column<QaRow>[] = [
  { header: '管理番号', class: 'nowrap', cell: (row) => <QaLink id={row.qaId} /> },
  { header: '質問', class: 'qa-question', cell: (row) => row.question ?? <span class="muted">（削除されたQA）</span> },
];

const TOP_QA_COLUMNS: readonly Column<QaRow>[] = [
  { header: '順位', number: true, cell: (_, index) => index + 1 },
  ...QA_COLUMNS,
  countColumn('表示した回数', (row) => row.turns),
  countColumn('うち入力への回答', (row) => row.answered),
  countColumn('うち候補・メニューから', (row) => row.turns - row.typed),
  countColumn('直後の言い直し', (row) => row.rephrased),
  {
    header: '解決した／しなかった',
    number: true,
    cell: (row) => (
      <>
        {formatCount(row.resolved)}／{formatCount(row.notResolved)}
      </>
    ),
  },
];

const FEEDBACK_QA_COLUMNS: readonly Column<FeedbackQaRow>[] = [
  ...QA_COLUMNS,
  { header: '「解決しなかった」の割合', number: true, cell: (row) => formatRate(row.notResolvedRate) },
  countColumn('解決しなかった', (row) => row.notResolved),
  countColumn('解決した', (row) => row.resolved),
  {
    header: '直後の言い直し',
    number: true,
    cell: (row) => (
      <>
        {formatCount(row.rephrased)}
        <span class="muted">（{formatShare(row.rephrased, row.turns)}）</span>
      </>
    ),
  },
];

const qaKey = (row: QaRow) => row.qaId;

export function TopQaTable({ rows, caption }: { rows: readonly QaRow[]; caption: string }) {
  return <FigureTable columns={TOP_QA_COLUMNS} rows={rows} rowKey={qaKey} caption={caption} />;
}

export function FeedbackQaTable({ rows, caption }: { rows: readonly FeedbackQaRow[]; caption: string }) {
  return <FigureTable columns={FEEDBACK_QA_COLUMNS} rows={rows} rowKey={qaKey} caption={caption} />;
}
