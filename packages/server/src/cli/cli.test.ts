/**
 * The `madoguchi` command as a user runs it: real processes, real files, a real port.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { startServeProcess } from './serve-process.ts';
import { runMadoguchi as run } from './test-support.ts';

const CSV_ROWS = [
  '管理番号,大分類,質問,質問1,質問2,回答',
  '1,届出,住民票の写しを取りたい,住民票がほしい,住民票の発行,市民課の窓口で請求できます。',
  '2,ごみ,粗大ごみの出し方,ソファを捨てたい,大きなごみ,"粗大ごみは申込制です。電話で申し込んでください。"',
  '3,税,住民税の納付方法,市県民税の払い方,住民税をコンビニで払いたい,納付書でお支払いください。',
];

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('import, search, export', () => {
  let dataDir: string;
  before(async () => {
    dataDir = path.join(dir, 'imported');
    // Japanese Excel saves CSV as Shift_JIS.
    await writeFile(path.join(dir, 'qa-sjis.csv'), iconv.encode(CSV_ROWS.join('\r\n'), 'cp932'));
    const result = await run(['import', path.join(dir, 'qa-sjis.csv'), '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /新規 3 件/);
  });

  test('search prints one JSON object a line, in input order, N results even for none', async () => {
    const questions = ['ソファを捨てたいのですが', '住民票', '明日の天気はどうですか', '', '😀'.repeat(10), 'あ'.repeat(100_000), '\u0001\u0002\u0003'];
    const result = await run(['search', '--top', '2', '--data-dir', dataDir], questions.join('\n') + '\n');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; decision: string; results: { id: string; question: string; score: number }[] });
    // Compared by length first: a failing deepEqual of a 100,000-character line is unreadable.
    assert.deepEqual(lines.map((l) => l.query.length), questions.map((q) => q.length));
    assert.deepEqual(lines.map((l) => l.query), questions);
    for (const line of lines) {
      assert.ok(['answer', 'candidates', 'none'].includes(line.decision));
      assert.equal(line.results.length, 2);
    }
    assert.equal(lines[0]!.results[0]!.id, '2');
    assert.equal(lines[0]!.results[0]!.question, '粗大ごみの出し方');
    assert.equal(lines[1]!.results[0]!.id, '1');
    assert.equal(lines[3]!.decision, 'none');
  });

  test('import does not seed: only the imported QAs are there', async () => {
    const out = path.join(dir, 'out.jsonl');
    const result = await run(['export', out, '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await readFile(out, 'utf8')).trim().split('\n').length, 3);
  });

  test('a bad file is refused whole, with row and column, and changes nothing', async () => {
    const before = path.join(dir, 'before.csv');
    await run(['export', before, '--data-dir', dataDir]);
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, [...CSV_ROWS, '4,,新しい質問,,,新しい回答', '1,,重複した管理番号,,,回答'].join('\n'));
    const result = await run(['import', bad, '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /6行目「管理番号」/);
    const afterExport = path.join(dir, 'after.csv');
    await run(['export', afterExport, '--data-dir', dataDir]);
    assert.deepEqual(await readFile(afterExport), await readFile(before));
  });

  test('export then import --replace gives identical data', async () => {
    const xlsx = path.join(dir, 'all.xlsx');
    assert.equal((await run(['export', xlsx, '--data-dir', dataDir])).code, 0);
    const copy = path.join(dir, 'copy');
    assert.equal((await run(['import', xlsx, '--replace', '--data-dir', copy])).code, 0);
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    await run(['export', a, '--data-dir', dataDir]);
    await run(['export', b, '--data-dir', copy]);
    const content = (file: string): Promise<unknown[]> =>
      readFile(file, 'utf8').then((t) => t.trim().split('\n').map((l) => JSON.parse(l) as unknown));
    assert.deepEqual(await content(b), await content(a));
  });

  test('settings: city facts set from a file fill the placeholders; unknown keys are refused', async () => {
    const facts = path.join(dir, 'facts.json');
    await writeFile(facts, JSON.stringify({ 市名: 'みなと市' }));
    const set = await run(['settings', 'set', 'cityFacts', `@${facts}`, '--data-dir', dataDir]);
    assert.equal(set.code, 0, set.stderr);
    const get = await run(['settings', 'get', 'cityFacts', '--data-dir', dataDir]);
    assert.deepEqual(JSON.parse(get.stdout), { 市名: 'みなと市' });
    const bad = await run(['settings', 'set', 'password', '{}', '--data-dir', dataDir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /設定「password」はありません/);
    const notJson = await run(['settings', 'set', 'cityFacts', 'みなと市', '--data-dir', dataDir]);
    assert.match(notJson.stderr, /JSON で指定してください/);
  });

  test('eval prints the metrics and lists failures', async () => {
    const cases = path.join(dir, 'cases.csv');
    await writeFile(cases, 'question,expected\nソファを捨てたい,2\n住民税はどうやって払うの,3\n宝くじの当選番号,none\n住民票,3\n');
    const result = await run(['eval', cases, '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /questions\s+4 \(answerable 3, expected none 1\)/);
    assert.match(result.stdout, /hit@1\s+0\.6667/);
    assert.match(result.stdout, /住民票\s+expected 3, got 1/);
  });
});

test('serve seeds an empty data directory and answers /healthz on a real port', async () => {
  const dataDir = path.join(dir, 'served');
  // Waits for /healthz as long as a busy machine needs to seed and start, and fails at once if serve exits.
  const served = await startServeProcess([], ['--data-dir', dataDir]);
  try {
    const body = (await (await fetch(`${served.url}/healthz`)).json()) as { status: string; qas: number };
    assert.equal(body.status, 'ok');
    assert.ok(body.qas >= 400, `starter pack seeded (${body.qas})`);
  } finally {
    await served.stop();
  }
});
