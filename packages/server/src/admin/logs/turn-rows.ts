/**
 * A logged turn as one row of a download, every field with a Japanese header, values in Japanese.
 */
import type { LoggedTurn } from '../../store/store.ts';
import type { Cell, Column } from '../reports/spreadsheet.ts';
import { japanWallClock } from '../../time/japan-time.ts';
import { CHANNEL_LABELS, DECISION_LABELS, LANGUAGE_LABELS, VIA_LABELS, labelOf } from '../statistics/labels.ts';
import type { QuestionLookup } from '../statistics/statistics.ts';

export const LOG_COLUMNS: readonly Column[] = [
  { header: '日時', format: 'datetime', width: 20 },
  { header: 'メッセージID', width: 24 },
  { header: 'セッション', width: 24 },
  { header: '会話の始まり', width: 8 },
  { header: '経路', width: 14 },
  { header: 'ページ', width: 40 },
  { header: '言語', width: 10 },
  { header: '質問の仕方', width: 16 },
  { header: '質問', width: 40 },
  { header: '結果', width: 12 },
  { header: '回答したQA', width: 12 },
  { header: '回答したQAの質問', width: 40 },
  { header: '分類', width: 16 },
  { header: '表示したQAとスコア', width: 30 },
  { header: '言い直し', width: 8 },
  { header: '選んだ候補', width: 12 },
  { header: '解決', width: 8 },
  { header: 'コメント', width: 40 },
  { header: '評価の日時', format: 'datetime', width: 20 },
  { header: '応答時間(ms)', width: 12 },
];

const yes = (value: boolean): string => (value ? 'はい' : '');

/** 「1001 (12.35); 1002 (8.1)」: the QAs shown, best first, with the engine's score (none for a click). */
function shownText(shown: LoggedTurn['shown']): string {
  return shown.map((s) => (s.score === null ? s.qaId : `${s.qaId} (${Math.round(s.score * 100) / 100})`)).join('; ');
}

/** @example `turnRow(turn, questionOf) // [Date, 'k3J…', 'q9…', 'はい', 'ウィジェット', …]` */
export function turnRow(turn: LoggedTurn, questionOf: QuestionLookup): Cell[] {
  return [
    japanWallClock(turn.at),
    turn.id,
    turn.sessionId,
    yes(turn.firstInSession),
    labelOf(CHANNEL_LABELS, turn.channel),
    turn.page,
    labelOf(LANGUAGE_LABELS, turn.lang),
    labelOf(VIA_LABELS, turn.via),
    turn.question,
    labelOf(DECISION_LABELS, turn.decision),
    turn.qaId,
    turn.qaId === null ? null : questionOf(turn.qaId),
    turn.category,
    shownText(turn.shown),
    turn.decision === 'answer' ? yes(turn.rephrased) : null,
    turn.pickedQaId,
    turn.resolved === null ? null : turn.resolved ? 'はい' : 'いいえ',
    turn.comment,
    turn.feedbackAt === null ? null : japanWallClock(turn.feedbackAt),
    turn.latencyMs,
  ];
}
