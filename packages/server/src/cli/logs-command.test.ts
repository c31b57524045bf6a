/**
 * `madoguchi logs export` as an IT department runs it: a real process, a real data directory, real files out,
 * read back with csv-parse and exceljs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { historyTurn } from '../admin/statistics/test-scenario.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { runMadoguchi } from './test-support.ts';

let dir: string;
let dataDir: string;
const SITE = 'default';

function madoguchi(args: string[]) {
  return runMadoguchi([...args, '--data-dir', dataDir], '', { ...process.env, USER: 'it-dept' });
}

// 2,600 turns spread over October (more than one batch), then one in November with a masked question.
const OCTOBER = Array.from({ length: 2600 }, (_, i) => {
  const day = `2025-10-${String((i % 31) + 1).padStart(2, '0')}`;
  return historyTurn(day, { at: new Date(Date.parse(`${day}T09:00:00+09:00`) + i * 1000).toISOString() });
});
const turns = [...OCTOBER, historyTurn('2025-11-01', { question: '［電話番号］に電話がほしい', decision: 'none', qaId: null, category: null, shown: [] })];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-logs-'));
  dataDir = path.join(dir, 'data');
  const store = openSqliteStore(dataDir);
  try {
    await store.importQas(SITE, [qaContent('1001', { question: '住民票の写しがほしい', status: 'published' })], { actor: 'test', mode: 'merge' });
    await store.recordChatTurns(SITE, turns);
  } finally {
    await store.close();
  }
});
after(() => rm(dir, { recursive: true, force: true }));

describe('madoguchi logs export', () => {
  test('CSV: the days asked for, oldest first, Japanese headers, the QA\'s question; says how many; audited', async () => {
    const file = path.join(dir, 'october.csv');
    const result = await madoguchi(['logs', 'export', '--from', '2025-10-01', '--to', '2025-10-31', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), `2025-10-01 から 2025-10-31 までの会話 2,600 件を書き出しました: ${file}`);
    const bytes = await readFile(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1)) as string[][];
    assert.equal(rows[0]?.[0], '日時');
    assert.deepEqual(rows.slice(1).map((r) => r[1]).sort(), OCTOBER.map((turn) => turn.id).sort());
    const sorted = rows.slice(1).map((r) => r[0]!);
    assert.deepEqual(sorted, [...sorted].sort(), 'oldest first');
    assert.deepEqual(rows[1]?.slice(10, 12), ['1001', '住民票の写しがほしい']);

    const store = openSqliteStore(dataDir);
    try {
      const { entries } = await store.listAudit(SITE, { action: 'logs.export' });
      assert.deepEqual(entries.map((e) => [e.actor, e.detail]), [['cli:it-dept', { format: 'csv', from: '2025-10-01', to: '2025-10-31', rows: 2600 }]]);
    } finally {
      await store.close();
    }
  });

  test('XLSX by the extension, the same writer as the console', async () => {
    const file = path.join(dir, 'november.XLSX');
    const result = await madoguchi(['logs', 'export', '--from', '2025-10-31', '--to', '2025-11-30', file]);
    assert.equal(result.code, 0, result.stderr);
    const expected = OCTOBER.filter((turn) => turn.day === '2025-10-31').length + 1;
    assert.match(result.stdout, new RegExp(`会話 ${expected} 件を書き出しました`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('会話ログ')!;
    assert.equal(sheet.actualRowCount, expected + 1);
    assert.equal(sheet.getRow(expected + 1).getCell(9).value, '［電話番号］に電話がほしい');
    assert.ok(sheet.getRow(2).getCell(1).value instanceof Date);
  });

  test('the file is for the service account only (0600), whatever the umask the command was started with', async () => {
    const file = path.join(dir, 'private.csv');
    const umask = process.umask(0o022);
    try {
      const result = await madoguchi(['logs', 'export', '--from', '2025-11-01', '--to', '2025-11-01', file]);
      assert.equal(result.code, 0, result.stderr);
    } finally {
      process.umask(umask);
    }
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  test('refuses an unknown extension and a wrong date, writing nothing', async () => {
    const wrongType = await madoguchi(['logs', 'export', '--from', '2025-10-01', '--to', '2025-10-31', path.join(dir, 'logs.json')]);
    assert.equal(wrongType.code, 1);
    assert.match(wrongType.stderr, /拡張子は \.csv か \.xlsx にしてください/);
    const wrongDate = await madoguchi(['logs', 'export', '--from', '2025-10-32', '--to', '2025-10-31', path.join(dir, 'never.csv')]);
    assert.equal(wrongDate.code, 1);
    assert.match(wrongDate.stderr, /開始日「2025-10-32」は日付として読み取れません/);
    await assert.rejects(stat(path.join(dir, 'never.csv')));
    const missing = await madoguchi(['logs', 'export', '--to', '2025-10-31', path.join(dir, 'never.csv')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--from/);
  });
});
