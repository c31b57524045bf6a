/**
 * The statistics builder on hand-made store rows: buckets, hours, honest rates with their denominators,
 * the QA lists' order, pages with 「その他」.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessCount, ChatCounts, ChatDimension } from '../../store/store.ts';
import type { StatisticsBucket } from './schema.ts';
import { buildStatistics, bucketOf, TOP_PAGES, type StatisticsInput } from './statistics.ts';

function row(value: string, counts: Partial<Omit<ChatCounts, 'value'>> = {}): ChatCounts {
  return { value, turns: 0, typed: 0, answered: 0, candidates: 0, none: 0, picked: 0, rephrased: 0, resolved: 0, notResolved: 0, sessions: 0, latencyMsSum: 0, ...counts };
}

const NO_ROWS: Record<ChatDimension, ChatCounts[]> = { day: [], hour: [], qa: [], category: [], lang: [], channel: [], page: [] };
const QUESTIONS = new Map([
  ['1001', '住民票の写しがほしい'],
  ['2', '粗大ごみの出し方'],
  ['10', '住民税の納付'],
]);

function input(from: string, to: string, bucket: StatisticsBucket, counts: Partial<Record<ChatDimension, ChatCounts[]>> = {}, access: AccessCount[] = []): StatisticsInput {
  return { days: { from, to }, bucket, counts: { ...NO_ROWS, ...counts }, access, questionOf: (id) => QUESTIONS.get(id) ?? null };
}

describe('series', () => {
  test('per day: every day of the range, zeros included, with widget loads and opens', () => {
    const reply = buildStatistics(
      input('2026-11-29', '2026-12-01', 'day', { day: [row('2026-11-30', { turns: 3, typed: 2, answered: 2, latencyMsSum: 6 })] }, [
        { day: '2026-11-29', event: 'load', channel: 'widget', count: 5 },
        { day: '2026-12-01', event: 'open', channel: 'widget', count: 2 },
        { day: '2026-12-01', event: 'open', channel: 'page', count: 1 },
      ]),
    );
    assert.deepEqual(
      reply.series.map((p) => [p.bucket, p.from, p.to, p.turns, p.typed, p.loads, p.opens, p.averageLatencyMs]),
      [
        ['2026-11-29', '2026-11-29', '2026-11-29', 0, 0, 5, 0, null],
        ['2026-11-30', '2026-11-30', '2026-11-30', 3, 2, 0, 0, 2],
        ['2026-12-01', '2026-12-01', '2026-12-01', 0, 0, 0, 3, null],
      ],
    );
    assert.deepEqual(reply.range, { from: '2026-11-29', to: '2026-12-01', bucket: 'day', days: 3 });
  });

  test('per week: weeks start on Monday and are cut at the range\'s ends', () => {
    // 2026-11-25 is a Wednesday; 2026-11-30 and 2026-12-07 are Mondays.
    const days = [row('2026-11-25', { turns: 1, typed: 1 }), row('2026-11-29', { turns: 2, typed: 2 }), row('2026-11-30', { turns: 4, typed: 3 }), row('2026-12-08', { turns: 8, typed: 8 })];
    const reply = buildStatistics(input('2026-11-25', '2026-12-08', 'week', { day: days }));
    assert.deepEqual(
      reply.series.map((p) => [p.bucket, p.from, p.to, p.turns, p.typed]),
      [
        ['2026-11-23', '2026-11-25', '2026-11-29', 3, 3],
        ['2026-11-30', '2026-11-30', '2026-12-06', 4, 3],
        ['2026-12-07', '2026-12-07', '2026-12-08', 8, 8],
      ],
    );
  });

  test('per month, across a year\'s end, an empty month present', () => {
    const reply = buildStatistics(input('2026-11-30', '2027-01-02', 'month', { day: [row('2026-11-30', { turns: 1 }), row('2027-01-01', { turns: 5 }), row('2027-01-02', { turns: 1 })] }));
    assert.deepEqual(
      reply.series.map((p) => [p.bucket, p.from, p.to, p.turns]),
      [
        ['2026-11', '2026-11-30', '2026-11-30', 1],
        ['2026-12', '2026-12-01', '2026-12-31', 0],
        ['2027-01', '2027-01-01', '2027-01-02', 6],
      ],
    );
  });

  test('bucketOf', () => {
    assert.equal(bucketOf('2026-11-29', 'week'), '2026-11-23');
    assert.equal(bucketOf('2026-11-30', 'week'), '2026-11-30');
    assert.equal(bucketOf('2026-11-29', 'month'), '2026-11');
    assert.equal(bucketOf('2026-11-29', 'day'), '2026-11-29');
  });
});

describe('outcomes and totals', () => {
  const days = [
    row('2026-11-01', { turns: 12, typed: 10, answered: 6, candidates: 3, none: 1, picked: 2, rephrased: 1, resolved: 2, notResolved: 1, sessions: 4, latencyMsSum: 30 }),
    row('2026-11-02', { turns: 8, typed: 5, answered: 2, candidates: 1, none: 2, picked: 0, rephrased: 2, resolved: 0, notResolved: 1, sessions: 3, latencyMsSum: 10 }),
  ];
  const reply = buildStatistics(
    input('2026-11-01', '2026-11-02', 'day', { day: days }, [
      { day: '2026-11-01', event: 'load', channel: 'widget', count: 100 },
      { day: '2026-11-02', event: 'load', channel: 'widget', count: 50 },
      { day: '2026-11-02', event: 'open', channel: 'widget', count: 30 },
    ]),
  );

  test('totals sum the days; clicks are turns that were not typed', () => {
    assert.deepEqual(reply.totals, { turns: 20, typed: 15, clicked: 5, sessions: 7, loads: 150, opens: 30, feedback: 4, averageLatencyMs: 2 });
  });

  test('every rate names its denominator: typed questions, candidate lists, answers shown, answers with feedback', () => {
    const figures = Object.fromEntries(reply.outcomes.map((o) => [o.key, [o.count, o.of, o.rate]]));
    assert.deepEqual(figures, {
      answered: [8, 15, 8 / 15],
      candidates: [4, 15, 4 / 15],
      none: [3, 15, 3 / 15],
      picked: [2, 4, 0.5],
      // 8 typed answers and 5 clicks (every click opens an answer).
      rephrased: [3, 13, 3 / 13],
      resolved: [2, 4, 0.5],
      notResolved: [2, 4, 0.5],
    });
    assert.deepEqual(reply.outcomes.map((o) => o.key), ['answered', 'candidates', 'none', 'picked', 'rephrased', 'resolved', 'notResolved']);
    const answered = reply.outcomes[0]!;
    assert.equal(answered.ofLabel, '入力された質問');
    assert.match(answered.definition, /候補.*含みません/);
    assert.ok(reply.outcomes.every((o) => o.label !== '' && o.definition !== ''));
  });

  test('answered + candidates + none never exceed the typed questions, and candidates are not counted as answered', () => {
    const [answered, candidates, none] = reply.outcomes;
    assert.equal(answered!.count + candidates!.count + none!.count, reply.totals.typed);
    assert.ok(answered!.rate! < 1 - candidates!.rate!);
  });

  test('a range without turns: zero counts, no rates, no average', () => {
    const empty = buildStatistics(input('2026-11-01', '2026-11-01', 'day'));
    assert.ok(empty.outcomes.every((o) => o.count === 0 && o.of === 0 && o.rate === null));
    assert.equal(empty.totals.averageLatencyMs, null);
    assert.equal(empty.series.length, 1);
  });
});

describe('hours, QAs, breakdowns, pages', () => {
  test('hours: all 24, in order, from the store\'s 00–23 values', () => {
    const reply = buildStatistics(input('2026-11-01', '2026-11-01', 'day', { hour: [row('09', { turns: 4, typed: 4 }), row('23', { turns: 1, typed: 1 })] }));
    assert.deepEqual(reply.hours.map((h) => h.hour), Array.from({ length: 24 }, (_, i) => i));
    assert.equal(reply.hours[9]!.turns, 4);
    assert.equal(reply.hours[23]!.turns, 1);
    assert.equal(reply.hours.reduce((n, h) => n + h.turns, 0), 5);
  });

  test('top QAs: most answered first (ties in natural id order), a deleted QA keeps its id with no question', () => {
    const qa = [row('10', { turns: 3 }), row('2', { turns: 3 }), row('gone', { turns: 5 }), row('1001', { turns: 1 })];
    const reply = buildStatistics(input('2026-11-01', '2026-11-01', 'day', { qa }));
    assert.deepEqual(reply.topQas.map((q) => [q.qaId, q.question, q.turns]), [
      ['gone', null, 5],
      ['2', '粗大ごみの出し方', 3],
      ['10', '住民税の納付', 3],
      ['1001', '住民票の写しがほしい', 1],
    ]);
  });

  test('feedback per QA: only rated QAs, highest いいえ share first, then the most rated', () => {
    const qa = [
      row('1001', { turns: 9, resolved: 3, notResolved: 1 }),
      row('2', { turns: 2, resolved: 0, notResolved: 1 }),
      row('10', { turns: 5, resolved: 1, notResolved: 3 }),
      row('11', { turns: 4, resolved: 0, notResolved: 3 }),
      row('12', { turns: 7 }),
    ];
    const reply = buildStatistics(input('2026-11-01', '2026-11-01', 'day', { qa }));
    assert.deepEqual(reply.feedbackQas.map((q) => [q.qaId, q.feedback, q.notResolved, q.notResolvedRate]), [
      ['11', 3, 3, 1],
      ['2', 1, 1, 1],
      ['10', 4, 3, 0.75],
      ['1001', 4, 1, 0.25],
    ]);
  });

  test('categories, languages and channels as the store counted them', () => {
    const reply = buildStatistics(
      input('2026-11-01', '2026-11-01', 'day', { category: [row('ごみ', { turns: 3 }), row('', { turns: 1 })], lang: [row('en', { turns: 2 })], channel: [row('widget', { turns: 4 })] }),
    );
    assert.deepEqual(reply.categories.map((c) => [c.value, c.turns]), [['ごみ', 3], ['', 1]]);
    assert.deepEqual(reply.languages.map((c) => [c.value, c.turns]), [['en', 2]]);
    assert.deepEqual(reply.channels.map((c) => [c.value, c.turns]), [['widget', 4]]);
  });

  test(`pages: the ${TOP_PAGES} with most turns, the rest summed as others`, () => {
    const page = Array.from({ length: TOP_PAGES + 3 }, (_, i) => row(`https://www.city.example.jp/p${i}`, { turns: 100 - i, typed: 1 }));
    const reply = buildStatistics(input('2026-11-01', '2026-11-01', 'day', { page }));
    assert.equal(reply.pages.rows.length, TOP_PAGES);
    assert.equal(reply.pages.rows[0]!.value, 'https://www.city.example.jp/p0');
    assert.deepEqual([reply.pages.others.pages, reply.pages.others.turns, reply.pages.others.typed], [3, 80 + 79 + 78, 3]);
    const few = buildStatistics(input('2026-11-01', '2026-11-01', 'day', { page: page.slice(0, 2) }));
    assert.deepEqual([few.pages.rows.length, few.pages.others.pages, few.pages.others.turns], [2, 0, 0]);
  });
});
