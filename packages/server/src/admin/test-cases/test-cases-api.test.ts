/**
 * The 一括テスト cases over a real port: validation by row, warnings for unknown QAs, optimistic locking, and
 * the CSV form in and out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { parseEvaluationCsv } from '../../evaluation/cases-file.ts';
import { call, download, serverWithStaff, upload } from '../qas/api-test-support.ts';
import type { AdminErrorReply } from '../qas/schema.ts';
import type { TestCasesReply } from './schema.ts';

const api = serverWithStaff({ editor: 'editor', viewer: 'viewer' });

describe('test cases', () => {
  test('none are seeded', async () => {
    const { status, body } = await call<TestCasesReply>(api.server, api.viewer, 'GET', '/test-cases');
    assert.equal(status, 200);
    assert.deepEqual(body, { cases: [], revision: 0, updatedBy: null, updatedAt: null, warnings: [] });
  });

  test('every problem is listed with its case number', async () => {
    const { status, body } = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/test-cases', {
      revision: 0,
      cases: [
        { question: '  ', expected: [] },
        { question: 'あ'.repeat(501), expected: ['1001'] },
        { question: '住民票', expected: ['10 01'] },
        { question: '住民票がほしい', expected: ['1001'] },
      ],
    });
    assert.equal(status, 400);
    assert.deepEqual(body.error.issues?.map((i) => [i.row, i.field]), [
      [1, 'cases.0.question'],
      [2, 'cases.1.question'],
      [3, 'cases.2.expected'],
    ]);
    const tooMany = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/test-cases', { revision: 0, cases: Array.from({ length: 2001 }, () => ({ question: 'q', expected: [] })) });
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.error.issues?.[0]?.message ?? '', /2,000 件まで/);
  });

  test('saves with warnings for QAs that do not exist, and refuses an old revision', async () => {
    const saved = await call<TestCasesReply>(api.server, api.editor, 'PUT', '/test-cases', {
      revision: 0,
      cases: [
        { question: ' 住民票がほしい ', expected: ['1001', '1001'], note: ' ' },
        { question: '宝くじの当選番号', expected: [], note: '答えないのが正しい' },
        { question: '消えたQA', expected: ['8888'] },
      ],
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.revision, 1);
    assert.deepEqual(saved.body.cases[0], { question: '住民票がほしい', expected: ['1001'] });
    assert.deepEqual(saved.body.warnings.map((w) => [w.row, w.message]), [[3, '管理番号 8888 の QA はありません。']]);

    const stale = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/test-cases', { revision: 0, cases: [] });
    assert.equal(stale.status, 409);
    assert.equal((await call<AdminErrorReply>(api.server, api.viewer, 'PUT', '/test-cases', { revision: 1, cases: [] })).status, 403);
  });

  test('exports the evaluation CSV format and imports it back', async () => {
    const file = await download(api.server, api.viewer, '/test-cases.csv');
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type') ?? '', /^text\/csv/);
    const text = file.bytes.toString('utf8');
    assert.equal(text, '\uFEFFquestion,expected,note\r\n住民票がほしい,1001,\r\n宝くじの当選番号,none,答えないのが正しい\r\n消えたQA,8888,\r\n');
    assert.deepEqual(parseEvaluationCsv(text).map((c) => c.expected), [['1001'], [], ['8888']], '`madoguchi eval` reads it');

    const reimported = await upload<TestCasesReply>(api.server, api.editor, '/test-cases/import', { name: 'cases.csv', bytes: file.bytes }, { revision: '1' });
    assert.equal(reimported.status, 200);
    assert.equal(reimported.body.revision, 2);
    assert.deepEqual(reimported.body.cases.map((c) => c.question), ['住民票がほしい', '宝くじの当選番号', '消えたQA']);
  });

  test('an import lists every bad row and changes nothing; Shift_JIS files are read', async () => {
    const bad = 'question,expected\n住民票がほしい,1001\n転入したい,\n,1002\n';
    const refused = await upload<AdminErrorReply>(api.server, api.editor, '/test-cases/import', { name: 'cases.csv', bytes: bad }, { revision: '2' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.error.issues?.map((i) => i.row), [3, 4]);
    const noHeader = await upload<AdminErrorReply>(api.server, api.editor, '/test-cases/import', { name: 'cases.csv', bytes: '質問,正解\nあ,1\n' }, { revision: '2' });
    assert.match(noHeader.body.error.issues?.[0]?.message ?? '', /question,expected/);
    assert.equal((await call<TestCasesReply>(api.server, api.viewer, 'GET', '/test-cases')).body.revision, 2);

    const sjis = iconv.encode('question,expected,note\r\n転入届を出したい,1003;1004,引っ越し\r\n', 'cp932');
    const appended = await upload<TestCasesReply>(api.server, api.editor, '/test-cases/import', { name: 'cases.csv', bytes: sjis }, { revision: '2', mode: 'append' });
    assert.equal(appended.status, 200);
    assert.equal(appended.body.cases.length, 4);
    assert.deepEqual(appended.body.cases[3], { question: '転入届を出したい', expected: ['1003', '1004'], note: '引っ越し' });
  });
});
