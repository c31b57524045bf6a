/**
 * The monthly report over a real port: this month's chat (through the real chat API) beside the previous
 * month's (logged directly), as JSON and as the XLSX a department takes to its meeting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { signIn, type TestSession } from '../../auth/test-support.ts';
import type { ErrorReply } from '../../chat/schema.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../../http/test-server.ts';
import type { ChatTurn } from '../../store/store.ts';
import { call } from '../qas/api-test-support.ts';
import { chatScenario, historyTurn, MASKED_QUESTION, NONSENSE, type Scenario } from '../statistics/test-scenario.ts';
import { monthDays, previousMonth } from './monthly-report.ts';
import type { MonthlyReportReply } from './schema.ts';

let server: TestServer;
let viewer: TestSession;
let scenario: Scenario;
let month: string;
let report: MonthlyReportReply;

before(async () => {
  server = await startTestServer();
  viewer = await signIn(server, 'viewer', 'kacho');
  scenario = await chatScenario(server);
  month = scenario.day.slice(0, 7);
  const earlier = monthDays(previousMonth(month));
  const none: Partial<ChatTurn> = { decision: 'none', qaId: null, category: null, shown: [] };
  await server.store.recordChatTurns(TEST_SITE, [
    // The same unanswered question twice more this month: it leads the list.
    historyTurn(scenario.day, { question: NONSENSE, ...none }),
    historyTurn(scenario.day, { question: NONSENSE, ...none }),
    historyTurn(earlier.from),
    historyTurn(earlier.from),
    historyTurn(earlier.to, { question: '前月の答えられなかった質問', ...none }),
    historyTurn(earlier.to, { decision: 'candidates', qaId: null }),
  ]);
  const { status, body } = await call<MonthlyReportReply>(server, viewer, 'GET', `/reports/monthly?month=${month}`);
  assert.equal(status, 200, JSON.stringify(body));
  report = body;
});
after(() => server.close());

describe('GET /api/admin/reports/monthly', () => {
  test('the month per day, the previous month\'s figures beside it, the questions that went wrong most', () => {
    const days = monthDays(month);
    assert.deepEqual([report.month, report.previousMonth], [month, previousMonth(month)]);
    assert.deepEqual(report.statistics.range, { from: days.from, to: days.to, bucket: 'day', days: Number(days.to.slice(8)) });
    assert.equal(report.statistics.series.length, Number(days.to.slice(8)));
    assert.deepEqual([report.statistics.totals.turns, report.statistics.totals.typed], [8, 7]);
    assert.deepEqual(
      report.statistics.outcomes.slice(0, 3).map((o) => [o.key, o.count, o.of]),
      [['answered', 2, 7], ['candidates', 1, 7], ['none', 4, 7]],
    );
    assert.deepEqual([report.previous.totals.turns, report.previous.range.from], [4, monthDays(previousMonth(month)).from]);
    assert.deepEqual(report.previous.outcomes.slice(0, 3).map((o) => [o.key, o.count, o.of]), [['answered', 2, 4], ['candidates', 1, 4], ['none', 1, 4]]);
    assert.deepEqual(report.unanswered[0], { ...report.unanswered[0], question: NONSENSE, count: 3, none: 3 });
    const listed = report.unanswered.map((q) => q.question);
    assert.ok(listed.includes(MASKED_QUESTION) && listed.includes('住民票の写しを取りたい') && listed.includes('粗大ごみの料金と処理券'), listed.join(' / '));
    assert.equal(listed.includes('前月の答えられなかった質問'), false);
    assert.equal(listed.includes('証明書'), false, 'a candidate was picked');
  });

  test('refuses anything but YYYY-MM', async () => {
    for (const value of ['2026-13', '2026-1', '2026-11-01', 'こんげつ']) {
      const { status, body } = await call<ErrorReply>(server, viewer, 'GET', `/reports/monthly?month=${encodeURIComponent(value)}`);
      assert.equal(status, 400, value);
      assert.match(body.error.message, /2026-11 のように「年-月」で指定してください/, value);
    }
  });
});

describe('GET /api/admin/reports/monthly.xlsx', () => {
  let workbook: ExcelJS.Workbook;
  before(async () => {
    const response = await fetch(`${server.url}/api/admin/reports/monthly.xlsx?month=${month}`, { headers: { cookie: viewer.cookie } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="monthly-report-${month}.xlsx"`);
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
  });

  test('the sheets a meeting needs, in Japanese', () => {
    assert.deepEqual(workbook.worksheets.map((s) => s.name), ['概要', '日別', 'よく回答したQA', '評価の低いQA', '分類別', 'うまく答えられなかった質問']);
    assert.equal(workbook.getWorksheet('日別')!.actualRowCount, report.statistics.series.length + 1);
  });

  test('概要: this month beside the previous one, each figure with its definition', () => {
    const sheet = workbook.getWorksheet('概要')!;
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    assert.equal(header[0], '項目');
    assert.match(String(header[1]), /^\d{4}年\d{1,2}月$/);
    assert.match(String(header[2]), /^前月（\d{4}年\d{1,2}月）$/);
    const rows = new Map<string, ExcelJS.CellValue[]>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), (row.values as ExcelJS.CellValue[]).slice(1));
    });
    assert.deepEqual(rows.get('入力された質問')?.slice(1, 4), [7, 4, 3]);
    const answered = rows.get('自信を持って回答')!;
    assert.deepEqual(answered.slice(1, 7), [2, 2, 0, 2 / 7, 0.5, '入力された質問']);
    for (const [label, row] of rows) assert.ok(String(row[7] ?? '').length > 10, `${label} has a definition`);
  });

  test('the questions that went wrong, masked, most frequent first; the download is audited', async () => {
    const sheet = workbook.getWorksheet('うまく答えられなかった質問')!;
    assert.deepEqual([sheet.getRow(2).getCell(1).value, sheet.getRow(2).getCell(2).value], [NONSENSE, 3]);
    const questions: string[] = [];
    sheet.eachRow((row) => questions.push(String(row.getCell(1).value)));
    assert.ok(questions.includes(MASKED_QUESTION));
    assert.equal(questions.some((q) => q.includes('090-1234-5678')), false);
    const { entries } = await server.store.listAudit(TEST_SITE, { action: 'statistics.export', limit: 1 });
    assert.equal(entries[0]?.actor, 'kacho');
    assert.deepEqual({ ...entries[0]?.detail, rows: 0 }, { format: 'xlsx', report: 'monthly', month, ...monthDays(month), rows: 0 });
    assert.ok(Number(entries[0]?.detail.rows) > report.statistics.series.length);
  });
});
