/**
 * Import and export in the console over a real port: previews that list every problem and change nothing,
 * column mapping, all-or-nothing imports, and exports that import back unchanged.
 */
import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { TEST_SITE } from '../../http/test-server.ts';
import { writeQaFile } from '../../qa/io/index.ts';
import { PARSE_STARTED_CHANNEL } from '../../qa/io/parse-in-worker.ts';
import { makeZip, qa } from '../../qa/io/test-support.ts';
import { call, download, serverWithStaff, upload } from '../qas/api-test-support.ts';
import type { AdminErrorReply, QaDetailReply } from '../qas/schema.ts';
import type { TransferApplyReply, TransferPreviewReply } from './schema.ts';

const api = serverWithStaff({ editor: 'editor', viewer: 'viewer' });

const FLAWED = [
  '管理番号,大分類,質問,回答,関連QA,状態',
  '9601,移行テスト,ごみ袋はどこで買えますか,市内のスーパーで買えます。,,公開',
  '9602,移行テスト,,回答だけある,,公開',
  '9603,移行テスト,回答がない質問,,9999,保留',
  '1001,届出・証明,住民票の写しを取りたい,変更した回答,,公開',
].join('\r\n');

async function snapshot(): Promise<string> {
  return JSON.stringify(await api.server.store.listQas(TEST_SITE));
}

describe('import preview', () => {
  test('lists every problem by row and column, says what would change, and changes nothing', async () => {
    const before = await snapshot();
    const { status, body } = await upload<TransferPreviewReply>(api.server, api.editor, '/transfer/preview', { name: '移行.csv', bytes: FLAWED });
    assert.equal(status, 200);
    assert.equal(body.format, 'csv');
    assert.deepEqual(body.headers, ['管理番号', '大分類', '質問', '回答', '関連QA', '状態']);
    assert.deepEqual(
      body.errors.map((e) => [e.row, e.column]),
      [
        [3, '質問'],
        [4, '回答'],
        [4, '状態'],
        [4, '関連QA'],
      ],
    );
    assert.match(body.errors[3]?.message ?? '', /9999/);
    assert.equal(body.totalRows, 4);
    assert.equal(body.rows[0]?.row, 2);
    assert.equal(body.rows[0]?.content.question, 'ごみ袋はどこで買えますか');
    assert.deepEqual(body.summary, { created: 3, updated: 1, unchanged: 0, deleted: 0 });
    assert.deepEqual(body.changes.updated, ['1001']);

    assert.equal(await snapshot(), before);
    assert.equal((await api.server.store.listAudit(TEST_SITE, { action: 'qa.import' })).total, 0);

    const applied = await upload<AdminErrorReply>(api.server, api.editor, '/transfer/apply', { name: '移行.csv', bytes: FLAWED });
    assert.equal(applied.status, 400);
    assert.equal(applied.body.error.code, 'QA_FILE_INVALID');
    assert.equal(applied.body.error.issues?.length, 4);
    assert.equal(await snapshot(), before, 'a refused import stores nothing');
  });

  test('maps the file\'s own headers to our columns', async () => {
    const file = { name: 'other-vendor.csv', bytes: 'No,FAQ質問,FAQ回答,備考\n9701,粗大ごみの申込み,電話で申し込みます。,メモ\n' };
    const unmapped = await upload<TransferPreviewReply>(api.server, api.editor, '/transfer/preview', file);
    assert.deepEqual(unmapped.body.suggestedMapping, { No: 'id', FAQ質問: null, FAQ回答: null, 備考: null });
    assert.deepEqual(
      unmapped.body.errors.map((e) => [e.row, e.column]),
      [
        [1, '質問'],
        [1, '回答'],
      ],
    );
    assert.ok(unmapped.body.columns.some((c) => c.key === 'answer' && c.label === '回答' && c.required));

    const mapping = JSON.stringify({ FAQ質問: 'question', FAQ回答: 'answer', 備考: null });
    const mapped = await upload<TransferPreviewReply>(api.server, api.editor, '/transfer/preview', file, { mapping });
    assert.deepEqual(mapped.body.errors, []);
    assert.deepEqual(mapped.body.mapping, { No: 'id', FAQ質問: 'question', FAQ回答: 'answer', 備考: null });
    assert.equal(mapped.body.rows[0]?.content.answer, '電話で申し込みます。');

    const bad = await upload<AdminErrorReply>(api.server, api.editor, '/transfer/preview', file, { mapping: JSON.stringify({ FAQ質問: 'body' }) });
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');

    const applied = await upload<TransferApplyReply>(api.server, api.editor, '/transfer/apply', file, { mapping });
    assert.equal(applied.status, 200);
    assert.deepEqual(applied.body.summary, { created: 1, updated: 0, unchanged: 0, deleted: 0 });
    const stored = await call<QaDetailReply>(api.server, api.editor, 'GET', '/qas/9701');
    assert.equal(stored.body.qa.question, '粗大ごみの申込み');
    const audit = await api.server.store.listAudit(TEST_SITE, { action: 'qa.import' });
    assert.deepEqual(audit.entries[0]?.detail, { file: 'other-vendor.csv', mode: 'merge', created: 1, updated: 0, unchanged: 0, deleted: 0 });
  });

  test('in replace mode, counts the QAs that would be deleted', async () => {
    const count = await api.server.store.countQas(TEST_SITE);
    const { body } = await upload<TransferPreviewReply>(api.server, api.editor, '/transfer/preview', { name: 'only.csv', bytes: '管理番号,質問,回答\n1001,住民票の写しを取りたい,回答\n' }, { mode: 'replace' });
    assert.equal(body.mode, 'replace');
    assert.equal(body.summary.deleted, count - 1);
    assert.equal(body.changes.deleted.length, count - 1);
    assert.equal(await api.server.store.countQas(TEST_SITE), count);
  });

  test('refuses files it cannot read, with a code saying why', async () => {
    const cases: [string, Buffer | string, number, string][] = [
      ['qa.pdf', '%PDF-1.4', 400, 'QA_FILE_FORMAT_UNKNOWN'],
      ['qa.xlsx', 'not a workbook', 400, 'QA_FILE_UNREADABLE'],
      ['qa.csv', '管理番号,質問,回答\n', 400, 'QA_FILE_EMPTY'],
      ['qa.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41), 413, 'QA_FILE_TOO_LARGE'],
    ];
    for (const [name, bytes, status, code] of cases) {
      const reply = await upload<AdminErrorReply>(api.server, api.editor, '/transfer/preview', { name, bytes });
      assert.equal(reply.status, status, name);
      assert.equal(reply.body.error.code, code, name);
    }
  });

  test('takes the file only as a file part', async () => {
    const imitation = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/transfer/preview', { file: { name: 'qa.csv', bytes: '管理番号,質問,回答\n1,Q,A\n' } });
    assert.equal(imitation.status, 400);
    assert.equal(imitation.body.error.code, 'INVALID_REQUEST');
  });

  test('a viewer may not import', async () => {
    const reply = await upload<AdminErrorReply>(api.server, api.viewer, '/transfer/preview', { name: 'qa.csv', bytes: FLAWED });
    assert.equal(reply.status, 403);
    assert.equal((await upload<AdminErrorReply>(api.server, api.viewer, '/transfer/apply', { name: 'qa.csv', bytes: FLAWED })).status, 403);
  });
});

describe('export', () => {
  test('CSV and Excel exports import back unchanged', async () => {
    const count = await api.server.store.countQas(TEST_SITE);
    for (const format of ['csv', 'xlsx', 'jsonl'] as const) {
      const file = await download(api.server, api.viewer, `/transfer/export.${format}`);
      assert.equal(file.status, 200, format);
      assert.match(file.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="madoguchi-qa-\\d{8}\\.${format}"`));
      const applied = await upload<TransferApplyReply>(api.server, api.editor, '/transfer/apply', { name: `export.${format}`, bytes: file.bytes });
      assert.equal(applied.status, 200, format);
      assert.deepEqual(applied.body.summary, { created: 0, updated: 0, unchanged: count, deleted: 0 }, format);
    }
    const csv = await download(api.server, api.viewer, '/transfer/export.csv');
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(csv.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with BOM for Excel');
  });

  test('uses the list\'s filters and is audited', async () => {
    const file = await download(api.server, api.viewer, `/transfer/export.xlsx?category1=${encodeURIComponent('届出・証明')}&category2=${encodeURIComponent('住民票')}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(file.bytes).buffer);
    const sheet = workbook.worksheets[0]!;
    const ids: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) ids.push(String(row.getCell(1).value));
    });
    const expected = (await api.server.store.listQas(TEST_SITE)).filter((qa) => qa.category1 === '届出・証明' && qa.category2 === '住民票').map((qa) => qa.id);
    assert.deepEqual(ids, expected);
    const audit = await api.server.store.listAudit(TEST_SITE, { action: 'qa.export' });
    assert.equal(audit.entries[0]?.actor, api.viewer.loginId);
    assert.deepEqual(audit.entries[0]?.detail, { format: 'xlsx', count: expected.length, filters: { category1: '届出・証明', category2: '住民票' } });
  });
});

describe('hostile and large files', () => {
  test('an XLSX zip bomb of a million shared strings is refused with 413 while inflating', async () => {
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst>${'<si><t>x</t></si>'.repeat(1_000_000)}</sst>`), deflate: true },
    ]);
    assert.ok(bomb.length < 200_000, `${bomb.length} bytes`);
    const { status, body } = await upload<AdminErrorReply>(api.server, api.editor, '/transfer/preview', { name: 'bomb.xlsx', bytes: bomb });
    assert.equal(status, 413);
    assert.equal(body.error.code, 'QA_FILE_TOO_LARGE');
    assert.match(body.error.message, /^ファイルが大きすぎます。.*文字列の種類の上限 300,000 個/);
  });

  test('while a large workbook is read in a worker, /healthz answers and a second import of the site gets 409', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => qa(String(20_000 + i), { question: `大きなファイルの質問 ${i}`, answer: `回答 ${i}。`.repeat(20) }));
    const workbook = await writeQaFile(rows, 'xlsx');
    const events: string[] = [];
    const started = new Promise<void>((resolve) => {
      const onStart = (): void => {
        diagnosticsChannel.unsubscribe(PARSE_STARTED_CHANNEL, onStart);
        resolve();
      };
      diagnosticsChannel.subscribe(PARSE_STARTED_CHANNEL, onStart);
    });
    const first = upload<TransferPreviewReply>(api.server, api.editor, '/transfer/preview', { name: 'large.xlsx', bytes: workbook }).then((reply) => {
      events.push('first import read');
      return reply;
    });
    await started;
    const [health, second] = await Promise.all([
      fetch(`${api.server.url}/healthz`).then((response) => {
        events.push('healthz');
        return response.status;
      }),
      upload<AdminErrorReply>(api.server, api.editor, '/transfer/apply', { name: 'small.csv', bytes: FLAWED }).then((reply) => {
        events.push('second import refused');
        return reply;
      }),
    ]);
    assert.equal(health, 200);
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'IMPORT_RUNNING');
    assert.match(second.body.error.message, /^ほかの取り込み/);
    const { status, body } = await first;
    assert.equal(status, 200);
    assert.equal(body.totalRows, 5_000);
    assert.equal(events.at(-1), 'first import read', `the worker left the event loop free: ${events.join(', ')}`);
    assert.equal((await upload(api.server, api.editor, '/transfer/preview', { name: 'small.csv', bytes: FLAWED })).status, 200, 'free again afterwards');
  });
});
