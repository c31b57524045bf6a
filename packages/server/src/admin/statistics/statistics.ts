/**
 * The statistics of a range of days, computed from the store's counts: rows in, the 統計 screen's reply out.
 * Pure, so every figure is tested without a server. The outcome figures are deliberately honest (R22): each
 * rate says what it is counted out of, typed questions are never mixed with clicks, and only a single
 * confident answer counts as answered — candidates do not, and an answer is not assumed to be right.
 */
import { compareQaIds } from '../../store/natural-order.ts';
import type { AccessCount, ChatCounts, ChatDimension, DayRange } from '../../store/store.ts';
import { addDays, weekOf } from '../../time/japan-time.ts';
import type {
  BreakdownRow,
  CountsView,
  FeedbackQaRow,
  OutcomeFigure,
  OutcomeKey,
  PagesView,
  QaRow,
  SeriesPoint,
  StatisticsBucket,
  StatisticsReply,
  StatisticsTotals,
} from './schema.ts';

/** Rows kept in the reply's QA lists and page list (the reply stays far below 1 MB). */
const TOP_QAS = 100;
export const TOP_PAGES = 20;

/** The QA's question for display, or null when no such QA exists any more. */
export type QuestionLookup = (qaId: string) => string | null;

export interface StatisticsInput {
  days: DayRange;
  bucket: StatisticsBucket;
  /** store.chatCounts for every dimension over `days`. */
  counts: Readonly<Record<ChatDimension, readonly ChatCounts[]>>;
  access: readonly AccessCount[];
  questionOf: QuestionLookup;
}

type Sums = Omit<ChatCounts, 'value'>;

const ZERO: Sums = { turns: 0, typed: 0, answered: 0, candidates: 0, none: 0, picked: 0, rephrased: 0, resolved: 0, notResolved: 0, sessions: 0, latencyMsSum: 0 };

function add(into: Sums, row: Sums): void {
  for (const key of Object.keys(ZERO) as (keyof Sums)[]) into[key] += row[key];
}

function view(s: Sums): CountsView {
  return {
    turns: s.turns,
    typed: s.typed,
    answered: s.answered,
    candidates: s.candidates,
    none: s.none,
    picked: s.picked,
    rephrased: s.rephrased,
    resolved: s.resolved,
    notResolved: s.notResolved,
    sessions: s.sessions,
    averageLatencyMs: averageLatency(s),
  };
}

function averageLatency(sums: Sums): number | null {
  return sums.turns === 0 ? null : Math.round((sums.latencyMsSum / sums.turns) * 100) / 100;
}

function rate(count: number, of: number): number | null {
  return of === 0 ? null : count / of;
}

/**
 * What each outcome figure counts and what it is counted out of, in plain Japanese: shown on screen and in the
 * monthly report, so a councillor can check how a rate was made.
 */
const OUTCOME_DEFINITIONS: Readonly<Record<OutcomeKey, { label: string; ofLabel: string; definition: string }>> = {
  answered: {
    label: '自信を持って回答',
    ofLabel: '入力された質問',
    definition:
      '入力された質問のうち、チャットボットが1つの回答を表示したもの。候補（もしかして）を出しただけのもの、候補やメニューのクリックは含みません。回答が正しかったとは限らないため、「回答直後の言い直し」と「解決しなかった」もあわせてご覧ください。',
  },
  candidates: {
    label: '候補を表示',
    ofLabel: '入力された質問',
    definition: '入力された質問のうち、1つに絞れず「もしかして」の候補を表示したもの。回答したものには数えていません。',
  },
  none: {
    label: '回答なし',
    ofLabel: '入力された質問',
    definition: '入力された質問のうち、合う回答が見つからず、問い合わせ先を案内したもの。',
  },
  picked: {
    label: '候補を選んだ',
    ofLabel: '候補を表示した質問',
    definition: '候補を表示した質問のうち、市民がそのすぐ後に候補のどれかを選んだもの。',
  },
  rephrased: {
    label: '回答直後の言い直し',
    ofLabel: '表示した回答（入力・クリックの両方）',
    definition: '表示した回答のうち、同じ会話で120秒以内に市民が別の言葉で質問し直したもの。回答が求めていたものではなかった可能性が高いものです。',
  },
  resolved: {
    label: '解決した',
    ofLabel: '「解決しましたか？」に答えがあった回答',
    definition: '「解決しましたか？」に答えがあった回答のうち、「はい」と答えたもの。答えなかった市民の分は分母に含みません。',
  },
  notResolved: {
    label: '解決しなかった',
    ofLabel: '「解決しましたか？」に答えがあった回答',
    definition: '「解決しましたか？」に答えがあった回答のうち、「いいえ」と答えたもの。',
  },
};

function outcomes(sums: Sums): OutcomeFigure[] {
  const answers = sums.answered + (sums.turns - sums.typed); // every click opens an answer
  const feedback = sums.resolved + sums.notResolved;
  const figures: Record<OutcomeKey, [number, number]> = {
    answered: [sums.answered, sums.typed],
    candidates: [sums.candidates, sums.typed],
    none: [sums.none, sums.typed],
    picked: [sums.picked, sums.candidates],
    rephrased: [sums.rephrased, answers],
    resolved: [sums.resolved, feedback],
    notResolved: [sums.notResolved, feedback],
  };
  return (Object.keys(OUTCOME_DEFINITIONS) as OutcomeKey[]).map((key) => {
    const [count, of] = figures[key];
    return { key, ...OUTCOME_DEFINITIONS[key], count, of, rate: rate(count, of) };
  });
}

/** The bucket a day falls in: the day, its week's Monday, or its month. */
export function bucketOf(day: string, bucket: StatisticsBucket): string {
  return bucket === 'day' ? day : bucket === 'week' ? weekOf(day) : day.slice(0, 7);
}

function series(input: StatisticsInput): SeriesPoint[] {
  const byDay = new Map(input.counts.day.map((row) => [row.value, row]));
  const access = new Map<string, { loads: number; opens: number }>();
  for (const a of input.access) {
    const day = access.get(a.day) ?? { loads: 0, opens: 0 };
    if (a.event === 'load') day.loads += a.count;
    else day.opens += a.count;
    access.set(a.day, day);
  }
  const points: { bucket: string; from: string; to: string; loads: number; opens: number; sums: Sums }[] = [];
  for (let day = input.days.from; day <= input.days.to; day = addDays(day, 1)) {
    const key = bucketOf(day, input.bucket);
    let point = points.at(-1);
    if (point?.bucket !== key) {
      point = { bucket: key, from: day, to: day, loads: 0, opens: 0, sums: { ...ZERO } };
      points.push(point);
    }
    point.to = day;
    const counts = byDay.get(day);
    if (counts) add(point.sums, counts);
    point.loads += access.get(day)?.loads ?? 0;
    point.opens += access.get(day)?.opens ?? 0;
  }
  return points.map(({ sums, ...point }) => ({ ...point, ...view(sums) }));
}

function hours(rows: readonly ChatCounts[]): StatisticsReply['hours'] {
  const byHour = new Map(rows.map((row) => [Number(row.value), row]));
  return Array.from({ length: 24 }, (_, hour) => ({ hour, ...view(byHour.get(hour) ?? ZERO) }));
}

function breakdown(rows: readonly ChatCounts[]): BreakdownRow[] {
  return rows.map((row) => ({ value: row.value, ...view(row) }));
}

function qaRow(row: ChatCounts, questionOf: QuestionLookup): QaRow {
  return { qaId: row.value, question: questionOf(row.value), ...view(row) };
}

function topQas(rows: readonly ChatCounts[], questionOf: QuestionLookup): QaRow[] {
  return [...rows]
    .sort((a, b) => b.turns - a.turns || compareQaIds(a.value, b.value))
    .slice(0, TOP_QAS)
    .map((row) => qaRow(row, questionOf));
}

/** QAs citizens rated, the highest share of 「いいえ」 first; among equal shares, the most rated first. */
function feedbackQas(rows: readonly ChatCounts[], questionOf: QuestionLookup): FeedbackQaRow[] {
  return rows
    .filter((row) => row.resolved + row.notResolved > 0)
    .map((row) => ({ row, feedback: row.resolved + row.notResolved, notResolvedRate: row.notResolved / (row.resolved + row.notResolved) }))
    .sort((a, b) => b.notResolvedRate - a.notResolvedRate || b.feedback - a.feedback || compareQaIds(a.row.value, b.row.value))
    .slice(0, TOP_QAS)
    .map(({ row, feedback, notResolvedRate }) => ({ ...qaRow(row, questionOf), feedback, notResolvedRate }));
}

function pages(rows: readonly ChatCounts[]): PagesView {
  const sorted = [...rows].sort((a, b) => b.turns - a.turns || a.value.localeCompare(b.value));
  const others = { ...ZERO };
  for (const row of sorted.slice(TOP_PAGES)) add(others, row);
  return { rows: breakdown(sorted.slice(0, TOP_PAGES)), others: { pages: Math.max(0, sorted.length - TOP_PAGES), ...view(others) } };
}

function totals(sums: Sums, access: readonly AccessCount[]): StatisticsTotals {
  const sumOf = (event: AccessCount['event']): number => access.filter((a) => a.event === event).reduce((n, a) => n + a.count, 0);
  return {
    turns: sums.turns,
    typed: sums.typed,
    clicked: sums.turns - sums.typed,
    sessions: sums.sessions,
    loads: sumOf('load'),
    opens: sumOf('open'),
    feedback: sums.resolved + sums.notResolved,
    averageLatencyMs: averageLatency(sums),
  };
}

/** The number of days from `from` to `to`, both included. */
export function daysIn(days: DayRange): number {
  return Math.round((Date.parse(`${days.to}T00:00:00Z`) - Date.parse(`${days.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * @example
 * const reply = buildStatistics({ days, bucket: 'week', counts, access, questionOf: (id) => qas.get(id)?.question ?? null });
 */
export function buildStatistics(input: StatisticsInput): StatisticsReply {
  const sums = { ...ZERO };
  for (const row of input.counts.day) add(sums, row);
  return {
    range: { from: input.days.from, to: input.days.to, bucket: input.bucket, days: daysIn(input.days) },
    totals: totals(sums, input.access),
    outcomes: outcomes(sums),
    series: series(input),
    hours: hours(input.counts.hour),
    topQas: topQas(input.counts.qa, input.questionOf),
    feedbackQas: feedbackQas(input.counts.qa, input.questionOf),
    categories: breakdown(input.counts.category),
    languages: breakdown(input.counts.lang),
    channels: breakdown(input.counts.channel),
    pages: pages(input.counts.page),
  };
}
