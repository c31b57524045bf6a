/**
 * `npm run bench:stats`: a year of chat log at 100,000 questions a month (R22, R23), generated through the
 * store's real write path (turns, session links, feedback, per-day counts) into a fresh SQLite file, then
 * the time of every statistics and log query over a week, a month and the whole year. Not a test: it
 * prints figures. BENCH_TURNS changes the number of turns (default 1,200,000).
 *
 * The generated log is shaped like a city's: sessions of one to four turns, more questions on weekdays
 * and office hours, two thirds answered, some candidates and none, one answer in ten rated, a few foreign
 * languages, a few hundred pages.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../packages/server/src/store/sqlite/sqlite-store.ts';
import { CHAT_DIMENSIONS, type ChatFeedback, type ChatTurn, type DayRange, type Store } from '../packages/server/src/store/store.ts';
import { addDays, japanDay, japanHour, japanDayStart } from '../packages/server/src/time/japan-time.ts';
import { createAdminContext } from '../packages/server/src/admin/context.ts';
import { NO_MODELS } from '../packages/server/src/ai/models/models.ts';
import { failedQuestionGroups } from '../packages/server/src/admin/improvement/improvement-service.ts';
import { readMonthlyReport } from '../packages/server/src/admin/reports/monthly-report.ts';
import { questionsOfIndexes, readStatistics } from '../packages/server/src/admin/statistics/read-statistics.ts';
import { OutboundGuard } from '../packages/server/src/security/outbound-guard.ts';
import { SearchService } from '../packages/server/src/search/search-service.ts';
import { seedIfEmpty } from '../packages/server/src/starter/seed.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 1_200_000);
const SITE = 'default';
const FIRST_DAY = '2025-12-01';
const LAST_DAY = '2026-11-30';
const DAYS = 365;
const BATCH = 2000;

const CATEGORIES = ['戸籍・住民票', '税金', 'ごみ・リサイクル', '子育て', '健康・医療', '福祉・介護', '防災', '住まい', '交通', '教育', '国民健康保険', '年金'];
const LANGS = ['ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'en', 'zh', 'ko', 'vi'];
const CHANNELS: ChatTurn['channel'][] = ['widget', 'widget', 'widget', 'page', 'api'];
const QUESTIONS = ['住民票の写しがほしい', '粗大ごみの出し方', '引っ越してきた', '児童手当の申請', 'マイナンバーカードをなくした', '保育園に入りたい', '犬の登録', '税金の納付方法', 'パスポートの申請', '国民健康保険の手続き'];

/** A small deterministic generator, so every run measures the same log. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const next = random(20261130);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

/** A moment on a day, weighted to office hours. */
function momentOn(day: string): Date {
  const hour = next() < 0.75 ? 8 + Math.floor(next() * 10) : Math.floor(next() * 24);
  return new Date(Date.parse(japanDayStart(day)) + hour * 3_600_000 + Math.floor(next() * 3_600_000));
}

function makeTurn(id: number, sessionId: string, at: Date, index: number): ChatTurn {
  const roll = next();
  const via: ChatTurn['via'] = index > 0 && roll < 0.15 ? 'candidate' : roll < 0.25 ? 'menu' : 'typed';
  const decision: ChatTurn['decision'] = via !== 'typed' ? 'answer' : roll < 0.72 ? 'answer' : roll < 0.9 ? 'candidates' : 'none';
  const qaId = decision === 'answer' ? String(1001 + Math.floor(next() ** 2 * 450)) : null;
  return {
    id: `bench-${id}`,
    sessionId,
    at: at.toISOString(),
    day: japanDay(at),
    hour: japanHour(at),
    channel: pick(CHANNELS),
    page: `https://www.city.example.jp/${pick(['kurashi', 'kosodate', 'kenko', 'zei', 'bosai'])}/page${Math.floor(next() * 60)}.html`,
    lang: pick(LANGS),
    via,
    question: `${pick(QUESTIONS)}${decision === 'none' ? ` ${Math.floor(next() * 500)}` : ''}`,
    decision,
    qaId,
    category: decision === 'none' ? null : pick(CATEGORIES),
    shown: decision === 'none' ? [] : [{ qaId: qaId ?? '1001', score: Math.round(next() * 2000) / 100 }],
    latencyMs: Math.round((0.5 + next() * 3) * 1000) / 1000,
  };
}

async function generate(store: Store): Promise<{ turns: number; feedback: number }> {
  const perDay = TURNS / DAYS;
  let id = 0;
  let feedback = 0;
  let batch: ChatTurn[] = [];
  let ratings: ChatFeedback[] = [];
  const write = async () => {
    await store.recordChatTurns(SITE, batch);
    for (const rating of ratings) await store.recordFeedback(SITE, rating);
    feedback += ratings.length;
    batch = [];
    ratings = [];
  };
  for (let d = 0; d < DAYS && id < TURNS; d++) {
    const day = addDays(FIRST_DAY, d);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    // Weekdays get more questions than weekends; the year's total stays TURNS.
    const target = Math.round(perDay * (weekday === 0 || weekday === 6 ? 0.6 : 1.16));
    const dayTurns: ChatTurn[] = [];
    while (dayTurns.length < target && id < TURNS) {
      const sessionId = `bench-session-${id}`;
      let at = momentOn(day);
      const length = 1 + Math.floor(next() ** 2 * 4);
      for (let i = 0; i < length && dayTurns.length < target && id < TURNS; i++) {
        dayTurns.push(makeTurn(id++, sessionId, at, i));
        at = new Date(at.getTime() + 20_000 + Math.floor(next() * 120_000));
      }
    }
    // Widget events are counted per day, event and channel: a few calls fill every row a year can have.
    for (const channel of CHANNELS.slice(2)) for (const event of ['load', 'open'] as const) await store.recordAccess(SITE, { day, event, channel });
    await store.recordAccess(SITE, { day, event: 'load', channel: 'widget' });
    // Written in time order, as the chat writes them.
    dayTurns.sort((a, b) => a.at.localeCompare(b.at));
    for (const turn of dayTurns) {
      batch.push(turn);
      if (turn.decision === 'answer' && next() < 0.1) ratings.push({ messageId: turn.id, resolved: next() < 0.8, comment: next() < 0.2 ? '手数料も知りたかった' : null, at: turn.at });
      if (batch.length >= BATCH) await write();
    }
  }
  await write();
  return { turns: id, feedback };
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  // Once to warm the page cache as a busy server would have it, then the measured run.
  await run();
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const rows = Array.isArray(result) ? `${result.length} rows` : '';
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms  ${rows}`);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-stats-bench-'));
const store = openSqliteStore(dir);
try {
  const started = performance.now();
  const generated = await generate(store);
  const seconds = (performance.now() - started) / 1000;
  const size = (await stat(store.file)).size;
  console.log(
    `generated ${generated.turns.toLocaleString('en')} turns and ${generated.feedback.toLocaleString('en')} ratings (${FIRST_DAY} – ${LAST_DAY}) ` +
      `in ${seconds.toFixed(1)} s (${Math.round(generated.turns / seconds).toLocaleString('en')} turns/s); database ${(size / 1024 / 1024).toFixed(0)} MB`,
  );

  // The console's replies need the QAs' questions and, for the improvement groups, the working index.
  await seedIfEmpty(store, SITE);
  const working = await SearchService.open(store, SITE, { scope: 'working' });
  const context = createAdminContext({ store, siteId: SITE, published: working, working, models: NO_MODELS, outbound: new OutboundGuard() });
  const questionOf = questionsOfIndexes(context);

  const ranges: [string, DayRange][] = [
    ['week', { from: addDays(LAST_DAY, -6), to: LAST_DAY }],
    ['month', { from: '2026-11-01', to: LAST_DAY }],
    ['year', { from: FIRST_DAY, to: LAST_DAY }],
  ];
  for (const [name, days] of ranges) {
    console.log(`${name} (${days.from} – ${days.to}):`);
    for (const dimension of CHAT_DIMENSIONS) await time(`chatCounts ${dimension}`, () => store.chatCounts(SITE, dimension, days));
    await time('accessCounts', () => store.accessCounts(SITE, days));
    await time('listChatTurns first page of 50 (with total)', () => store.listChatTurns(SITE, { days, limit: 50 }));
    await time('listChatTurns failed only, first page of 50', () => store.listChatTurns(SITE, { days, failed: true, limit: 50 }));
    await time('listChatTurns text 「児童手当」, first page of 50', () => store.listChatTurns(SITE, { days, text: '児童手当', limit: 50 }));
    await time('listFailedQuestions top 1,000', () => store.listFailedQuestions(SITE, days, 1000));
    await time('統計 reply by day (GET /api/admin/statistics)', () => readStatistics(store, SITE, days, 'day', questionOf));
    await time('統計 reply by month', () => readStatistics(store, SITE, days, 'month', questionOf));
    await time('改善 groups (GET /api/admin/improvement/groups)', () => failedQuestionGroups(context, days));
  }
  await time('月次レポート 2026-11 (GET /api/admin/reports/monthly)', () => readMonthlyReport(store, SITE, '2026-11', questionOf));
  const year = ranges[2]![1];
  let exported = 0;
  const exportStarted = performance.now();
  for await (const batch of store.eachChatTurn(SITE, { days: year }, 5000)) exported += batch.length;
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  console.log(`eachChatTurn over the year: ${exported.toLocaleString('en')} turns read in ${exportSeconds.toFixed(1)} s (${Math.round(exported / exportSeconds).toLocaleString('en')} turns/s)`);
  const purgeStarted = performance.now();
  const purged = await store.purgeChatLog(SITE, '2026-01-01');
  console.log(`purgeChatLog of December 2025: ${purged.toLocaleString('en')} turns in ${((performance.now() - purgeStarted) / 1000).toFixed(1)} s`);
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
