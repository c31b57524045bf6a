/**
 * The words of 情報源と見直し: why a QA is listed, what each source page's check found, the last check and the
 * one under way, and the review cycles to choose from. Dates are days in Japan, whatever the browser's zone.
 */
import type { ReviewReasonView, ReviewSourceView, SourceCheckRunView, SourceCheckStateReply } from '@madoguchi/server/admin-api';
import { japanDateTime, japanToday } from './periods.ts';

/** @example dateLabel('2026-11-01') // '2026年11月1日' */
export function dateLabel(day: string): string {
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/**
 * The day in Japan of an instant, without the year when it is this year's.
 *
 * @example shortDate('2026-11-28T03:00:00Z', '2026-11-30') // '11月28日'
 */
export function shortDate(iso: string, today: string): string {
  const day = japanToday(new Date(iso));
  return day.slice(0, 4) === today.slice(0, 4) ? `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日` : dateLabel(day);
}

/**
 * Why a QA is listed, in plain Japanese.
 *
 * @example reasonText({ kind: 'review-due', dueDay: '2026-11-01' }, '2026-11-30') // '見直しの時期です（期限 2026年11月1日）'
 */
export function reasonText(reason: ReviewReasonView, today: string): string {
  switch (reason.kind) {
    case 'source-changed':
      return `情報源のページが変わりました（${shortDate(reason.changedAt, today)}）`;
    case 'source-missing':
      return reason.since ? `情報源のページが見つかりません（${shortDate(reason.since, today)}から）` : '情報源のページが見つかりません';
    case 'source-unreachable':
      return `情報源のページを確認できませんでした${reason.error ? `（${reason.error.replace(/。$/, '')}）` : ''}`;
    case 'review-due':
      return `見直しの時期です（期限 ${dateLabel(reason.dueDay)}）`;
  }
}

export const SOURCE_STATE_LABELS: Readonly<Record<ReviewSourceView['state'], string>> = {
  ok: '開けました',
  missing: '見つかりません',
  error: '確認できませんでした',
  unchecked: 'まだ確認していません',
  unusable: '確認できない書き方です（市の情報に値がないか、http:// か https:// のアドレスではありません）',
};

/**
 * The last finished check in one line.
 *
 * @example lastRunText({ at, actor: 'system', trigger: 'schedule', sources: 12, checked: 12, changed: 1, missing: 0, errors: 0 }) // '2026/11/30 10:05:00（毎日の自動確認）: 12 ページを確認しました。変わったページ 1、見つからないページ 0、確認できなかったページ 0'
 */
export function lastRunText(run: SourceCheckRunView): string {
  const who = run.trigger === 'schedule' ? '毎日の自動確認' : `${run.actor} さんが開始`;
  const rest = run.sources > run.checked ? `（全 ${run.sources} ページのうち、確認が古いものから）` : '';
  return `${japanDateTime(run.at)}（${who}）: ${run.checked} ページを確認しました${rest}。変わったページ ${run.changed}、見つからないページ ${run.missing}、確認できなかったページ ${run.errors}`;
}

/**
 * The check under way, for the live region; '' when none is.
 *
 * @example progressText({ running: { done: 3, total: 12, … }, … }) // '情報源のページを確認しています（3 / 12 ページ）…'
 */
export function progressText(state: Pick<SourceCheckStateReply, 'running'>): string {
  const { running } = state;
  if (!running) return '';
  return running.total === 0 ? '情報源のページを確認しています…' : `情報源のページを確認しています（${running.done} / ${running.total} ページ）…`;
}

/** The review cycles offered; a stored value not among them is added as it is. */
export const CYCLE_CHOICES: readonly { days: number; label: string }[] = [
  { days: 90, label: '3か月' },
  { days: 180, label: '半年' },
  { days: 365, label: '1年（初期値）' },
  { days: 730, label: '2年' },
  { days: 1095, label: '3年' },
  { days: 1825, label: '5年' },
];
