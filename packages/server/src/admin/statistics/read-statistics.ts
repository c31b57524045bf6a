/**
 * Reading statistics for a request: the range checked with messages staff can act on, the store's counts read
 * in parallel, and the pure builder applied. Shared by the statistics routes and the monthly report.
 */
import { ApiError } from '../../http/api-error.ts';
import { CHAT_DIMENSIONS, type ChatCounts, type ChatDimension, type DayRange, type Store } from '../../store/store.ts';
import { isDay } from '../../time/japan-time.ts';
import type { AdminContext } from '../context.ts';
import type { StatisticsBucket, StatisticsReply } from './schema.ts';
import { buildStatistics, daysIn, type QuestionLookup } from './statistics.ts';

/** Three years, the default log retention: 3 × 365 days and one leap day. */
const MAX_RANGE_DAYS = 1096;

const EXAMPLE = '2026-11-30 のように「年-月-日」で指定してください。';

/**
 * The range of days a request asks for.
 *
 * @throws ApiError INVALID_REQUEST with a Japanese message saying what is wrong.
 * @example `parseDayRange('2026-11-01', '2026-11-30') // { from: '2026-11-01', to: '2026-11-30' }`
 */
export function parseDayRange(from: string, to: string): DayRange {
  if (!isDay(from)) throw invalid(`開始日「${from}」は日付として読み取れません。${EXAMPLE}`);
  if (!isDay(to)) throw invalid(`終了日「${to}」は日付として読み取れません。${EXAMPLE}`);
  if (from > to) throw invalid(`開始日（${from}）が終了日（${to}）より後になっています。開始日は終了日と同じか、それより前にしてください。`);
  if (daysIn({ from, to }) > MAX_RANGE_DAYS) throw invalid(`期間が長すぎます。一度に指定できる期間は3年（${MAX_RANGE_DAYS.toLocaleString('ja-JP')}日）までです。`);
  return { from, to };
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'INVALID_REQUEST', message);
}

/**
 * @example `await readStatistics(store, 'default', { from: '2026-11-01', to: '2026-11-30' }, 'week', questionOf)`
 */
export async function readStatistics(store: Store, siteId: string, days: DayRange, bucket: StatisticsBucket, questionOf: QuestionLookup): Promise<StatisticsReply> {
  const [access, ...rows] = await Promise.all([store.accessCounts(siteId, days), ...CHAT_DIMENSIONS.map((d) => store.chatCounts(siteId, d, days))]);
  const counts = Object.fromEntries(CHAT_DIMENSIONS.map((d, i) => [d, rows[i]!])) as Record<ChatDimension, ChatCounts[]>;
  return buildStatistics({ days, bucket, counts, access, questionOf });
}

/** A QA's question from the working set, else the published one (a QA deleted since is in neither: null). */
export function questionsOfIndexes(context: Pick<AdminContext, 'working' | 'published'>): QuestionLookup {
  return (qaId) => context.working.qa(qaId)?.question ?? context.published.qa(qaId)?.question ?? null;
}

/** The same lookup from the store, for the command line (no search index is opened there). */
export async function questionsOfStore(store: Store, siteId: string): Promise<QuestionLookup> {
  const [working, published] = await Promise.all([store.listQas(siteId), store.listPublishedQas(siteId)]);
  const questions = new Map([...published, ...working].map((qa) => [qa.id, qa.question]));
  return (qaId) => questions.get(qaId) ?? null;
}
