/**
 * The 会話ログ screen's state (period, filters, page) in its two forms: the address's query, so a reload or
 * a shared link shows the same turns, and the API's query.
 */
import type { LogFilter, LoggedTurnView, LogQuery } from '@madoguchi/server/admin-api';
import { CHANNEL_LABELS, DECISION_LABELS } from './log-labels.ts';
import { isDay, presetRange, PRESETS, type DayRange, type PresetId } from './periods.ts';

export const LOG_PAGE_SIZE = 50;

type Decision = LoggedTurnView['decision'];
type Channel = LoggedTurnView['channel'];

const DECISIONS = Object.keys(DECISION_LABELS) as Decision[];
const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];

export interface LogView {
  preset: PresetId;
  range: DayRange;
  decision: '' | Decision;
  channel: '' | Channel;
  lang: string;
  text: string;
  /** 「うまくいかなかった質問だけ」 */
  failed: boolean;
  /** 1-based. */
  page: number;
}

/** The log opens on the last seven days: what a weekly look at the chatbot needs. */
export function defaultLogView(today: string): LogView {
  return { preset: 'last7', range: presetRange('last7', today), decision: '', channel: '', lang: '', text: '', failed: false, page: 1 };
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

/**
 * @example logViewFromQuery(new URLSearchParams('decision=none&failed=1'), '2026-11-30').failed // true
 */
export function logViewFromQuery(query: URLSearchParams, today: string): LogView {
  const view = defaultLogView(today);
  const period = query.get('period');
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const named = PRESETS.find((preset) => preset !== 'custom' && preset === period) as Exclude<PresetId, 'custom'> | undefined;
  if (named) {
    view.preset = named;
    view.range = presetRange(named, today);
  } else if (isDay(from) && isDay(to) && from <= to) {
    view.preset = 'custom';
    view.range = { from, to };
  }
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  const lang = query.get('lang') ?? '';
  return {
    ...view,
    decision: oneOf(query.get('decision'), DECISIONS),
    channel: oneOf(query.get('channel'), CHANNELS),
    lang: /^[a-z]{2}$/.test(lang) ? lang : '',
    text: query.get('q') ?? '',
    failed: query.get('failed') === '1',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

/**
 * The address query of a view; the default period and empty filters are left out.
 *
 * @example queryFromLogView({ ...defaultLogView(today), decision: 'none' }) // '?decision=none'
 */
export function queryFromLogView(view: LogView): string {
  const params = new URLSearchParams();
  if (view.preset === 'custom') {
    params.set('from', view.range.from);
    params.set('to', view.range.to);
  } else if (view.preset !== 'last7') params.set('period', view.preset);
  if (view.decision) params.set('decision', view.decision);
  if (view.channel) params.set('channel', view.channel);
  if (view.lang) params.set('lang', view.lang);
  if (view.text.trim()) params.set('q', view.text.trim());
  if (view.failed) params.set('failed', '1');
  if (view.page > 1) params.set('page', String(view.page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The filter alone: the list and its CSV/XLSX download ask for the same turns. */
export function logFilter(view: LogView): LogFilter {
  const filter: LogFilter = { from: view.range.from, to: view.range.to };
  if (view.decision) filter.decision = view.decision;
  if (view.channel) filter.channel = view.channel;
  if (view.lang) filter.lang = view.lang;
  if (view.text.trim()) filter.text = view.text.trim();
  if (view.failed) filter.failed = 'true';
  return filter;
}

/** @example logQuery({ ...view, page: 3 }) // { from, to, limit: '50', offset: '100' } */
export function logQuery(view: LogView): LogQuery {
  return { ...logFilter(view), limit: String(LOG_PAGE_SIZE), offset: String((view.page - 1) * LOG_PAGE_SIZE) };
}
