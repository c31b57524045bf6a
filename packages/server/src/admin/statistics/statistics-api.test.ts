/**
 * Statistics over a real port, after citizens chatted through the real chat API: every figure, the buckets,
 * the downloads parsed back, validation and the audit of exports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ErrorReply } from '../../chat/schema.ts';
import { signIn, type TestSession } from '../../auth/test-support.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../../http/test-server.ts';
import { addDays } from '../../time/japan-time.ts';
import { call } from '../qas/api-test-support.ts';
import type { StatisticsReply } from './schema.ts';
import { chatScenario, historyTurn, PAGE, type Scenario } from './test-scenario.ts';

const t = {} as { server: TestServer; viewer: TestSession };
let scenario: Scenario;
let reply: StatisticsReply;

async function statistics(query: string): Promise<StatisticsReply> {
  const { status, body } = await call<StatisticsReply>(t.server, t.viewer, 'GET', `/statistics?${query}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function download(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${t.server.url}/api/admin${path}`, { headers: { cookie: t.viewer.cookie } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

before(async () => {
  t.server = await startTestServer();
  t.viewer = await signIn(t.server, 'viewer', 'tokei');
  scenario = await chatScenario(t.server);
  // Yesterday too, so the test holds across midnight.
  reply = await statistics(`from=${addDays(scenario.day, -1)}&to=${scenario.day}`);
});
after(() => t.server.close());

describe('GET /api/admin/statistics', () => {
  test('totals and honest outcome figures follow the chat exactly', () => {
    assert.deepEqual({ ...reply.totals, averageLatencyMs: 0 }, { turns: 6, typed: 5, clicked: 1, sessions: 4, loads: 2, opens: 1, feedback: 2, averageLatencyMs: 0 });
    assert.equal(typeof reply.totals.averageLatencyMs, 'number');
    assert.deepEqual(
      reply.outcomes.map((o) => [o.key, o.count, o.of, o.rate]),
      [
        ['answered', 2, 5, 0.4],
        ['candidates', 1, 5, 0.2],
        ['none', 2, 5, 0.4],
        ['picked', 1, 1, 1],
        // Two typed answers and one click; the first answer was rephrased at once.
        ['rephrased', 1, 3, 1 / 3],
        ['resolved', 1, 2, 0.5],
        ['notResolved', 1, 2, 0.5],
      ],
    );
  });

  test('series and hours: every day of the range, all 24 hours', () => {
    assert.deepEqual(reply.series.map((p) => [p.bucket, p.turns, p.loads, p.opens]), [
      [addDays(scenario.day, -1), 0, 0, 0],
      [scenario.day, 6, 2, 1],
    ]);
    assert.equal(reply.hours.length, 24);
    assert.equal(reply.hours.reduce((n, h) => n + h.turns, 0), 6);
  });

  test('QAs answered, feedback worst first, breakdowns by category, language, channel and page', async () => {
    const qa = (id: string | undefined) => t.server.store.getQa(TEST_SITE, id ?? '');
    const [answered, picked, rated] = await Promise.all([qa(scenario.answered.answer?.qaId), qa(scenario.picked.answer?.qaId), qa(scenario.rated.answer?.qaId)]);
    assert.ok(answered && picked && rated);
    assert.deepEqual(
      reply.topQas.map((q) => [q.qaId, q.question, q.turns]).sort(),
      [answered, picked, rated].map((q) => [q.id, q.question, 1]).sort(),
    );
    assert.deepEqual(reply.feedbackQas.map((q) => [q.qaId, q.feedback, q.notResolvedRate]), [
      [rated.id, 1, 1],
      [picked.id, 1, 0],
    ]);
    // A candidates turn is filed under its best candidate's category; no answer under none ('').
    const best = await qa(scenario.candidates.candidates[0]?.qaId);
    const expected = new Map<string, number>([['', 2]]);
    for (const q of [answered, best!, picked, rated]) expected.set(q.category1, (expected.get(q.category1) ?? 0) + 1);
    assert.deepEqual(new Map(reply.categories.map((c) => [c.value, c.turns])), expected);
    assert.deepEqual(reply.languages.map((c) => [c.value, c.turns]), [['ja', 5], ['en', 1]]);
    assert.deepEqual(reply.channels.map((c) => [c.value, c.turns]), [['widget', 3], ['page', 2], ['api', 1]]);
    // The page's query string (?name=taro) was never stored.
    assert.deepEqual(reply.pages.rows.map((p) => [p.value, p.turns]), [['', 4], [PAGE, 2]]);
    assert.equal(reply.pages.others.pages, 0);
  });

  test('weeks start on Monday, months are YYYY-MM, empty buckets present; a deleted QA keeps its id', async () => {
    await t.server.store.recordChatTurns(TEST_SITE, [
      historyTurn('2025-10-03'),
      historyTurn('2025-10-06', { qaId: 'deleted-qa', shown: [{ qaId: 'deleted-qa', score: 3 }] }),
      historyTurn('2025-10-08'),
      historyTurn('2025-10-27', { decision: 'none', qaId: null, category: null, shown: [] }),
    ]);
    const weeks = await statistics('from=2025-10-01&to=2025-10-31&bucket=week');
    assert.deepEqual(weeks.series.map((p) => [p.bucket, p.from, p.to, p.turns]), [
      ['2025-09-29', '2025-10-01', '2025-10-05', 1],
      ['2025-10-06', '2025-10-06', '2025-10-12', 2],
      ['2025-10-13', '2025-10-13', '2025-10-19', 0],
      ['2025-10-20', '2025-10-20', '2025-10-26', 0],
      ['2025-10-27', '2025-10-27', '2025-10-31', 1],
    ]);
    assert.deepEqual(weeks.topQas.map((q) => [q.qaId, q.turns, q.question === null]), [['1001', 2, false], ['deleted-qa', 1, true]]);
    const months = await statistics('from=2025-09-15&to=2025-11-15&bucket=month');
    assert.deepEqual(months.series.map((p) => [p.bucket, p.from, p.to, p.turns]), [
      ['2025-09', '2025-09-15', '2025-09-30', 0],
      ['2025-10', '2025-10-01', '2025-10-31', 4],
      ['2025-11', '2025-11-01', '2025-11-15', 0],
    ]);
  });

  test('three years per day stay far below 1 MB', async () => {
    const from = addDays(scenario.day, -1095);
    const { status, body } = await call<string>(t.server, t.viewer, 'GET', `/statistics.csv?from=${from}&to=${scenario.day}&table=series`);
    assert.equal(status, 200);
    const response = await fetch(`${t.server.url}/api/admin/statistics?from=${from}&to=${scenario.day}`, { headers: { cookie: t.viewer.cookie } });
    const text = await response.text();
    assert.ok(text.length < 1_000_000, `${text.length} bytes`);
    assert.equal((JSON.parse(text) as StatisticsReply).series.length, 1096);
    assert.equal(body.split('\r\n').length - 2, 1096, 'the CSV has a header and one line per day');
  });

  test('refuses a wrong range with a Japanese message saying what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['from=2026-02-30&to=2026-03-01', /開始日「2026-02-30」は日付として読み取れません/],
      ['from=2026-11-01&to=2026/11/30', /終了日「2026\/11\/30」/],
      ['from=2026-11-30&to=2026-11-01', /開始日（2026-11-30）が終了日（2026-11-01）より後/],
      ['from=2023-01-01&to=2026-01-01', /3年（1,096日）まで/],
      ['from=2026-11-01&to=2026-11-30&bucket=year', /受け付けられませんでした/],
      ['from=2026-11-01', /受け付けられませんでした/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await call<ErrorReply>(t.server, t.viewer, 'GET', `/statistics?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.error.code, 'INVALID_REQUEST', query);
      assert.match(body.error.message, message, query);
    }
    assert.equal((await call(t.server, t.viewer, 'GET', '/statistics?from=2023-01-02&to=2026-01-01')).status, 200, 'exactly 1,096 days');
  });
});

describe('statistics downloads', () => {
  const range = () => `from=${addDays(scenario.day, -1)}&to=${scenario.day}`;

  test('one table per CSV: UTF-8 with BOM, CRLF, Japanese headers, rates as percentages', async () => {
    const { status, headers, bytes } = await download(`/statistics.csv?${range()}&table=summary`);
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(headers.get('content-disposition') ?? '', /^attachment; filename="statistics-\d{8}-\d{8}-summary\.csv"$/);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text));
    const rows = parse(text) as string[][];
    assert.deepEqual(rows[0], ['項目', '件数', '分母', '分母の件数', '割合', '定義']);
    assert.deepEqual(rows.find((r) => r[0] === '自信を持って回答')?.slice(0, 5), ['自信を持って回答', '2', '入力された質問', '5', '40.0%']);
    assert.deepEqual(rows.find((r) => r[0] === '入力された質問')?.slice(0, 2), ['入力された質問', '5']);

    const languages = parse((await download(`/statistics.csv?${range()}&table=languages`)).bytes.toString('utf8').slice(1)) as string[][];
    assert.deepEqual(languages.map((r) => r.slice(0, 2)), [['言語', '会話の数（入力とクリック）'], ['日本語', '5'], ['英語', '1']]);
    assert.equal((await download(`/statistics.csv?${range()}&table=everything`)).status, 400);
  });

  test('every table as one XLSX sheet with Japanese names', async () => {
    const { status, headers, bytes } = await download(`/statistics.xlsx?${range()}&bucket=week`);
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    assert.deepEqual(workbook.worksheets.map((s) => s.name), ['概要', '期間別', '時間帯別', 'よく回答したQA', '評価の低いQA', '分類別', '言語別', '経路別', 'ページ別']);
    const hours = workbook.getWorksheet('時間帯別')!;
    assert.equal(hours.getRow(1).getCell(1).value, '時');
    assert.equal(hours.actualRowCount, 25);
    const feedback = workbook.getWorksheet('評価の低いQA')!;
    assert.equal(feedback.getRow(2).getCell(1).value, scenario.rated.answer?.qaId);
    assert.equal(feedback.getRow(2).getCell(5).value, 1);
    assert.equal(feedback.getRow(2).getCell(5).numFmt, '0.0%');
  });

  test('every download is audited as statistics.export with its range and rows', async () => {
    await download(`/statistics.csv?${range()}&table=channels`);
    const { entries } = await t.server.store.listAudit(TEST_SITE, { action: 'statistics.export', limit: 1 });
    assert.deepEqual(entries[0]?.detail, { format: 'csv', table: 'channels', from: addDays(scenario.day, -1), to: scenario.day, rows: 3 });
    assert.equal(entries[0]?.actor, 'tokei');
  });
});
