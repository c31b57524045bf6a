/**
 * The conversation log over a real port after citizens chatted through the real chat API: the list and its
 * filters, personal data masked in the list and in both downloads (parsed back), downloads agreeing with the
 * list, a multi-batch export, and the audit of every export.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { signIn, type TestSession } from '../../auth/test-support.ts';
import type { ErrorReply } from '../../chat/schema.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../../http/test-server.ts';
import { unescapeFormula } from '../../qa/io/csv.ts';
import type { Store } from '../../store/store.ts';
import { call } from '../qas/api-test-support.ts';
import { chatScenario, COMMENT, historyTurn, MASKED_COMMENT, MASKED_QUESTION, NONSENSE, PAGE, PERSONAL_QUESTION, type Scenario } from '../statistics/test-scenario.ts';
import { countLogExport, XLSX_MAX_DATA_ROWS } from './log-export.ts';
import type { LogListReply } from './schema.ts';

let server: TestServer;
let viewer: TestSession;
let scenario: Scenario;
let range: string;

before(async () => {
  server = await startTestServer();
  viewer = await signIn(server, 'viewer', 'kiroku');
  scenario = await chatScenario(server);
  range = `from=${scenario.day}&to=${scenario.day}`;
});
after(() => server.close());

async function list(query: string): Promise<LogListReply> {
  const { status, body } = await call<LogListReply>(server, viewer, 'GET', `/logs?${query}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function download(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${server.url}/api/admin${path}`, { headers: { cookie: viewer.cookie } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function csvRows(query: string): Promise<string[][]> {
  const { status, bytes } = await download(`/logs.csv?${query}`);
  assert.equal(status, 200, bytes.toString());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  // Excel would run a cell starting with - as a formula: random ids starting so carry a leading ' (see escapeFormula).
  return (parse(bytes.toString('utf8').slice(1)) as string[][]).map((row) => row.map(unescapeFormula));
}

async function xlsxRows(query: string): Promise<ExcelJS.CellValue[][]> {
  const { status, bytes } = await download(`/logs.xlsx?${query}`);
  assert.equal(status, 200, bytes.toString());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  assert.deepEqual(workbook.worksheets.map((s) => s.name), ['会話ログ']);
  const rows: ExcelJS.CellValue[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

describe('GET /api/admin/logs', () => {
  test('every turn, newest first, with what followed it, the feedback and the answered QA\'s question', async () => {
    const { total, turns } = await list(range);
    assert.equal(total, 6);
    assert.deepEqual(turns.map((turn) => turn.id), [scenario.personal, scenario.rated, scenario.picked, scenario.candidates, scenario.rephrase, scenario.answered].map((r) => r.messageId));
    const [personal, rated, picked, candidates, , answered] = turns;
    assert.equal(personal?.question, MASKED_QUESTION);
    assert.deepEqual([rated?.resolved, rated?.comment, rated?.lang, rated?.channel], [false, MASKED_COMMENT, 'en', 'api']);
    assert.deepEqual([picked?.via, picked?.resolved, picked?.qaQuestion], ['candidate', true, scenario.picked.answer?.question]);
    assert.equal(candidates?.pickedQaId, scenario.picked.answer?.qaId);
    assert.deepEqual([answered?.rephrased, answered?.page, answered?.firstInSession, answered?.qaId], [true, PAGE, true, scenario.answered.answer?.qaId]);
    assert.equal(answered?.shown.length, 1);
    assert.equal(JSON.stringify(turns).includes('090-1234-5678') || JSON.stringify(turns).includes('taro@example.jp'), false);
  });

  test('filters: decision, channel, language, text in the question or comment, failed; and paging', async () => {
    const ids = async (query: string) => (await list(`${range}&${query}`)).turns.map((turn) => turn.id);
    assert.deepEqual(await ids('decision=none'), [scenario.personal.messageId, scenario.rephrase.messageId]);
    assert.deepEqual(await ids('channel=page'), [scenario.picked.messageId, scenario.candidates.messageId]);
    assert.deepEqual(await ids('lang=en'), [scenario.rated.messageId]);
    assert.deepEqual(await ids(`text=${encodeURIComponent('［電話番号］')}`), [scenario.personal.messageId, scenario.rated.messageId]);
    // Failed: no answer, an answer rephrased at once, an answer rated いいえ; the picked candidate list is not.
    assert.deepEqual(await ids('failed=true'), [scenario.personal, scenario.rated, scenario.rephrase, scenario.answered].map((r) => r.messageId));
    const page = await list(`${range}&limit=2&offset=1`);
    assert.deepEqual([page.total, page.turns.map((turn) => turn.id)], [6, [scenario.rated.messageId, scenario.picked.messageId]]);
  });

  test('refuses wrong filters with Japanese messages', async () => {
    for (const [query, message] of [
      [`from=${scenario.day}&to=2026-13-01`, /終了日「2026-13-01」/],
      [`${range}&limit=501`, /受け付けられませんでした/],
      [`${range}&decision=maybe`, /受け付けられませんでした/],
      [`${range}&failed=yes`, /受け付けられませんでした/],
      ['to=2026-11-30', /受け付けられませんでした/],
    ] as const) {
      const { status, body } = await call<ErrorReply>(server, viewer, 'GET', `/logs?${query}`);
      assert.equal(status, 400, query);
      assert.match(body.error.message, message, query);
    }
  });
});

describe('GET /api/admin/logs.csv and logs.xlsx', () => {
  test('CSV: Japanese headers, oldest first, Japan time, personal data masked', async () => {
    const rows = await csvRows(range);
    assert.deepEqual(rows[0], [
      '日時', 'メッセージID', 'セッション', '会話の始まり', '経路', 'ページ', '言語', '質問の仕方', '質問', '結果', '回答したQA', '回答したQAの質問',
      '分類', '表示したQAとスコア', '言い直し', '選んだ候補', '解決', 'コメント', '評価の日時', '応答時間(ms)',
    ]);
    const body = rows.slice(1);
    assert.deepEqual(body.map((r) => r[1]), [scenario.answered, scenario.rephrase, scenario.candidates, scenario.picked, scenario.rated, scenario.personal].map((r) => r.messageId));
    const [answered, rephrase, candidates, picked, rated, personal] = body;
    assert.match(answered![0]!, new RegExp(`^${scenario.day.replaceAll('-', '/')} \\d{2}:\\d{2}:\\d{2}$`));
    assert.deepEqual(answered!.slice(3, 11), ['はい', 'ウィジェット', PAGE, '日本語', '入力', '住民票の写しを取りたい', '回答', scenario.answered.answer?.qaId]);
    assert.equal(answered![14], 'はい', '言い直し');
    assert.deepEqual([rephrase![8], rephrase![9], rephrase![3]], [NONSENSE, '回答なし', '']);
    assert.equal(candidates![15], scenario.picked.answer?.qaId);
    assert.match(candidates![13]!, /^[^ ]+ \(\d+(\.\d+)?\)(; [^ ]+ \(\d+(\.\d+)?\))+$/);
    assert.deepEqual([picked![7], picked![16], picked![13]], ['候補から選択', 'はい', scenario.picked.answer?.qaId]);
    assert.deepEqual([rated![4], rated![6], rated![16], rated![17]], ['API', '英語', 'いいえ', MASKED_COMMENT]);
    assert.equal(personal![8], MASKED_QUESTION);
    const text = rows.flat().join('\n');
    for (const secret of ['090-1234-5678', 'taro@example.jp', '03-1234-5678', PERSONAL_QUESTION, COMMENT]) assert.equal(text.includes(secret), false, secret);
  });

  test('XLSX: the same rows, times as Japan-time dates, masked text', async () => {
    const rows = await xlsxRows(range);
    assert.equal(rows[0]?.[0], '日時');
    assert.equal(rows.length, 7);
    const personal = rows.at(-1)!;
    assert.equal(personal[8], MASKED_QUESTION);
    const at = personal[0];
    assert.ok(at instanceof Date);
    const logged = (await list(`${range}&limit=1`)).turns[0]!;
    assert.equal(at.getTime() - Date.parse(logged.at), 9 * 3_600_000, 'Excel shows the time in Japan');
    assert.equal(JSON.stringify(rows).includes('090-1234-5678'), false);
  });

  test('downloads hold exactly the turns the list shows for the same filter', async () => {
    for (const filter of ['', '&decision=none', '&channel=page', '&lang=en', `&text=${encodeURIComponent('［電話番号］')}`, '&failed=true', '&failed=false']) {
      const listed = (await list(`${range}${filter}`)).turns.map((turn) => turn.id).reverse();
      assert.deepEqual((await csvRows(`${range}${filter}`)).slice(1).map((r) => r[1]), listed, filter);
      assert.deepEqual((await xlsxRows(`${range}${filter}`)).slice(1).map((r) => r[1]), listed, filter);
    }
  });

  test('a long export is written in batches, every turn once; each export is audited with its range and rows', async () => {
    const many = Array.from({ length: 4500 }, (_, i) => historyTurn('2025-06-10', { at: new Date(Date.parse('2025-06-10T00:00:00+09:00') + i * 1000).toISOString(), hour: 0 }));
    await server.store.recordChatTurns(TEST_SITE, many);
    const csv = await csvRows('from=2025-06-01&to=2025-06-30');
    assert.deepEqual(csv.slice(1).map((r) => r[1]), many.map((turn) => turn.id));
    const xlsx = await xlsxRows('from=2025-06-01&to=2025-06-30&decision=answer');
    assert.equal(xlsx.length - 1, 4500);
    const { entries } = await server.store.listAudit(TEST_SITE, { action: 'logs.export', limit: 2 });
    assert.deepEqual(entries.map((e) => [e.actor, e.detail]), [
      ['kiroku', { format: 'xlsx', from: '2025-06-01', to: '2025-06-30', decision: 'answer', rows: 4500 }],
      ['kiroku', { format: 'csv', from: '2025-06-01', to: '2025-06-30', rows: 4500 }],
    ]);
  });

  test('a question Excel would run as a formula reaches it as text', async () => {
    await server.store.recordChatTurns(TEST_SITE, [historyTurn('2025-05-01', { question: '=HYPERLINK("http://evil.example")' })]);
    const { bytes } = await download('/logs.csv?from=2025-05-01&to=2025-05-01');
    assert.ok(bytes.toString('utf8').includes(`"'=HYPERLINK(""http://evil.example"")"`));
    const [, row] = await xlsxRows('from=2025-05-01&to=2025-05-01');
    assert.equal(row?.[8], '=HYPERLINK("http://evil.example")', 'a text cell, not a formula');
  });

  test('refuses bad filters before anything is written', async () => {
    const { status, bytes } = await download('/logs.csv?from=2026-11-30&to=2026-11-01');
    assert.equal(status, 400);
    assert.match((JSON.parse(bytes.toString()) as ErrorReply).error.message, /開始日/);
  });
});

describe('countLogExport', () => {
  test('refuses an XLSX longer than an Excel sheet, suggesting CSV; CSV has no such limit', async () => {
    // A million turns take minutes to log; the refusal depends only on the count the store reports.
    const counting = (total: number) => ({ listChatTurns: async () => ({ total, turns: [] }) }) as unknown as Store;
    const days = { from: '2026-01-01', to: '2026-12-31' };
    assert.equal(await countLogExport(counting(XLSX_MAX_DATA_ROWS), TEST_SITE, { days }, 'xlsx'), XLSX_MAX_DATA_ROWS);
    await assert.rejects(countLogExport(counting(XLSX_MAX_DATA_ROWS + 1), TEST_SITE, { days }, 'xlsx'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'EXPORT_TOO_LARGE');
      assert.match(error.message, /1,048,576 件.*1,048,575 件を超えています。CSV で書き出すか/);
      return true;
    });
    assert.equal(await countLogExport(counting(XLSX_MAX_DATA_ROWS + 1), TEST_SITE, { days }, 'csv'), XLSX_MAX_DATA_ROWS + 1);
  });
});
