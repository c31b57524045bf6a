/**
 * The audit log over a real port: filters, paging, the CSV download (itself audited), administrators only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { adminFetch, signIn, type TestSession } from '../../auth/test-support.ts';
import type { ErrorReply } from '../../chat/schema.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../../http/test-server.ts';
import type { AuditReply } from './schema.ts';

let server: TestServer;
let admin: TestSession;

const LINES = [
  { at: '2026-11-01T00:00:00.000Z', actor: 'suzuki', action: 'qa.update', target: '1001', detail: { version: 4 } },
  { at: '2026-11-10T15:30:00.000Z', actor: 'sato', action: 'qa.delete', target: '1002', detail: {} },
  // A failed sign-in's actor is what was typed: it must reach Excel as text.
  { at: '2026-11-20T03:00:00.000Z', actor: '=HYPERLINK("http://evil.example")', action: 'auth.sign-in-failed', target: '=HYPERLINK("http://evil.example")', detail: { reason: 'unknown-login-id' } },
];

before(async () => {
  server = await startTestServer({ auth: { now: () => new Date('2026-11-30T05:03:07.000Z') } });
  for (const line of LINES) await server.store.appendAudit({ siteId: TEST_SITE, ...line });
  admin = await signIn(server, 'admin', 'auditor');
});
after(() => server.close());

async function list(query: string): Promise<AuditReply> {
  const response = await adminFetch(server, admin, `/audit${query}`);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as AuditReply;
}

describe('GET /api/admin/audit', () => {
  test('newest first, with the total, filtered by actor, action, text and time', async () => {
    const all = await list('');
    assert.equal(all.entries[0]?.action, 'auth.sign-in', 'the sign-in of this test is the newest');
    assert.equal(all.total, LINES.length + 1);
    assert.deepEqual((await list('?actor=sato')).entries.map((e) => e.target), ['1002']);
    assert.deepEqual((await list('?action=qa.update')).entries, [{ at: '2026-11-01T00:00:00.000Z', actor: 'suzuki', action: 'qa.update', target: '1001', detail: { version: 4 } }]);
    assert.deepEqual((await list('?text=1001')).entries.map((e) => e.actor), ['suzuki']);
    assert.deepEqual((await list('?from=2026-11-05T00:00:00Z&to=2026-11-25T00:00:00Z')).entries.map((e) => e.target), ['=HYPERLINK("http://evil.example")', '1002']);
    // Dates are days in Japan: 2026-11-11 starts at 2026-11-10T15:00Z, so sato's line (15:30Z) falls on the 11th.
    assert.deepEqual((await list('?from=2026-11-11&to=2026-11-12')).entries.map((e) => e.target), ['1002']);
    assert.deepEqual((await list('?from=2026-11-11T00:30:00%2B09:00&to=2026-11-11T00:31:00%2B09:00')).entries.map((e) => e.target), ['1002']);
  });

  test('pages with limit and offset', async () => {
    const page = await list('?limit=2&offset=1');
    assert.equal(page.total, LINES.length + 1);
    assert.deepEqual(page.entries.map((e) => e.target), ['=HYPERLINK("http://evil.example")', '1002']);
  });

  test('refuses bad filters', async () => {
    for (const query of ['?limit=0', '?limit=1001', '?limit=abc', '?offset=-1', '?from=yesterday', '?to=2026-11-30T05:00:00', '?from=2026-13-45', '?to=2026-02-30T25:00Z']) {
      const response = await adminFetch(server, admin, `/audit${query}`);
      const body = (await response.json()) as ErrorReply;
      assert.equal(response.status, 400, query);
      assert.equal(body.error.code, 'INVALID_REQUEST', query);
    }
  });
});

describe('GET /api/admin/audit.csv', () => {
  test('a UTF-8 CSV with BOM and Japanese headers, Japan time, formulas defused; the export is audited', async () => {
    const response = await adminFetch(server, admin, '/audit.csv?actor=sato');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="audit-20261130.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    assert.equal(text, '日時,操作者,操作,対象,詳細\r\n2026/11/11 00:30:00,sato,qa.delete,1002,\r\n');

    const everything = await adminFetch(server, admin, '/audit.csv');
    const rows = parse(Buffer.from(await everything.arrayBuffer()).toString('utf8').slice(1)) as string[][];
    assert.deepEqual(rows[0], ['日時', '操作者', '操作', '対象', '詳細']);
    const hostile = rows.find((r) => r[2] === 'auth.sign-in-failed');
    assert.deepEqual(hostile, ['2026/11/20 12:00:00', `'=HYPERLINK("http://evil.example")`, 'auth.sign-in-failed', `'=HYPERLINK("http://evil.example")`, '{"reason":"unknown-login-id"}']);
    assert.equal(rows.filter((r) => r[2] === 'audit.export').length, 1, 'the earlier export is listed, the file\'s own is not');

    const exports = (await list('?action=audit.export')).entries;
    assert.deepEqual(exports.map((e) => [e.actor, e.detail]), [['auditor', { rows: rows.length - 1 }], ['auditor', { rows: 1, actor: 'sato' }]]);
  });

  test('administrators only', async () => {
    const editor = await signIn(server, 'editor');
    for (const path of ['/audit', '/audit.csv']) assert.equal((await adminFetch(server, editor, path)).status, 403);
  });
});
