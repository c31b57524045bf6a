/**
 * AIによる回答 screen's pure parts: outcomes in Japanese, the words box, and the log's view in the address.
 */
import type { AiAnswerListQuery, AiAnswerView } from '@madoguchi/server/admin-api';

export const AI_ANSWER_PAGE_SIZE = 20;

export const OUTCOME_LABELS: Readonly<Record<AiAnswerView['outcome'], string>> = {
  shown: '市民に表示した',
  unsupported: '表示しなかった（根拠のない文だけだった）',
  sensitive: '作らなかった（慎重な扱いが必要な分類・言葉）',
  failed: '表示しなかった（AIが応答しなかった）',
};

export const OUTCOME_BADGES: Readonly<Record<AiAnswerView['outcome'], string>> = { shown: 'badge-pass', unsupported: 'badge-warn', sensitive: 'badge-neutral', failed: 'badge-fail' };

export const VERDICT_LABELS: Readonly<Record<'good' | 'bad', string>> = { good: '問題なし', bad: '問題あり' };

/**
 * One word a line, trimmed, blanks and repeats left out.
 *
 * @example wordsFromText('税\n 料金 \n\n税') // ['税', '料金']
 */
export function wordsFromText(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))];
}

export interface AiAnswerLogView {
  outcome: AiAnswerView['outcome'] | '';
  unreviewed: boolean;
  page: number;
}

const OUTCOMES = Object.keys(OUTCOME_LABELS) as AiAnswerView['outcome'][];

/** @example logViewFromQuery(new URLSearchParams('outcome=shown&unreviewed=1&page=2')) // { outcome: 'shown', unreviewed: true, page: 2 } */
export function logViewFromQuery(query: URLSearchParams): AiAnswerLogView {
  const outcome = query.get('outcome') ?? '';
  const page = Number(query.get('page'));
  return {
    outcome: (OUTCOMES as string[]).includes(outcome) ? (outcome as AiAnswerView['outcome']) : '',
    unreviewed: query.get('unreviewed') === '1',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The address query of a view ('' for the default), the reverse of {@link logViewFromQuery}. */
export function queryFromLogView(view: AiAnswerLogView): string {
  const query = new URLSearchParams();
  if (view.outcome) query.set('outcome', view.outcome);
  if (view.unreviewed) query.set('unreviewed', '1');
  if (view.page > 1) query.set('page', String(view.page));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** What the API is asked for one view. */
export function logQuery(view: AiAnswerLogView): AiAnswerListQuery {
  return {
    ...(view.outcome ? { outcome: view.outcome } : {}),
    ...(view.unreviewed ? { unreviewed: 'true' as const } : {}),
    limit: String(AI_ANSWER_PAGE_SIZE),
    offset: String((view.page - 1) * AI_ANSWER_PAGE_SIZE),
  };
}
