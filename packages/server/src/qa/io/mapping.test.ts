/**
 * Column mapping (staff choose which uploaded header is which column) and inspecting a file without
 * throwing at its content problems: what the console's import preview is built on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapHeader, suggestColumn } from './columns.ts';
import { QaImportError } from './errors.ts';
import { inspectQaFile, parseQaFile, writeQaFile } from './file.ts';
import { qa } from './test-support.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('column mapping', () => {
  it('suggests columns the way the reader recognises headers', () => {
    assert.equal(suggestColumn(' Question '), 'question');
    assert.equal(suggestColumn('質問（英語）'), 'question_en');
    assert.equal(suggestColumn('質問3'), 'alternates', 'numbered questions are read as alternates');
    assert.equal(suggestColumn('版'), null, 'export-only columns are not imported');
    assert.equal(suggestColumn('備考'), null);
  });

  it('lets a mapping name, ignore and combine columns', () => {
    const { map, issues } = mapHeader(['No', 'FAQ質問', '別の聞き方1', '別の聞き方2', '本文', '回答', 'メモ'], {
      FAQ質問: 'question',
      別の聞き方1: 'alternates',
      別の聞き方2: 'alternates',
      本文: 'answer',
      回答: null,
    });
    assert.deepEqual(issues, []);
    assert.equal(map.columns.get('id'), 0, 'unmapped headers are still recognised');
    assert.equal(map.columns.get('question'), 1);
    assert.equal(map.columns.get('alternates'), 2);
    assert.deepEqual(map.numberedQuestions, [3]);
    assert.equal(map.columns.get('answer'), 4, 'the ignored 回答 column does not compete');
  });

  it('reports a column mapped twice, and required columns still missing', () => {
    const { issues } = mapHeader(['管理番号', 'A', 'B'], { A: 'question', B: 'question' });
    assert.deepEqual(
      issues.map((i) => i.message),
      ['列「質問」が2つ以上あります。1つにしてください', '必須の列「回答」がありません'],
    );
  });

  it('reads a file through the mapping', async () => {
    const text = 'No,FAQ質問,FAQ回答,言い換えA,言い換えB\n1001,住民票が欲しい,窓口へ,住民票の写し,住民票をとる\n';
    const mapping = { FAQ質問: 'question', FAQ回答: 'answer', 言い換えA: 'alternates', 言い換えB: 'alternates' } as const;
    const [content] = await parseQaFile(bytes(text), 'csv', { mapping });
    assert.deepEqual(content, qa('1001', { category1: '', category2: '', department: '', question: '住民票が欲しい', answer: '窓口へ', alternates: ['住民票の写し', '住民票をとる'] }));
  });
});

describe('inspecting a file', () => {
  it('returns every row and every problem instead of throwing', async () => {
    const text = '管理番号,質問,回答,状態\n1,質問1,回答1,公開\n2,,回答2,保留\n1,質問3,回答3,\n';
    const reading = await inspectQaFile(bytes(text), 'csv');
    assert.deepEqual(reading.headers, ['管理番号', '質問', '回答', '状態']);
    assert.deepEqual(
      reading.records.map((r) => [r.row, r.content.id]),
      [
        [2, '1'],
        [3, '2'],
        [4, '1'],
      ],
    );
    assert.deepEqual(
      reading.issues.map((i) => [i.row, i.column]),
      [
        [3, '質問'],
        [3, '状態'],
        [4, '管理番号'],
      ],
    );
    assert.equal(reading.truncated, false);
    await assert.rejects(parseQaFile(bytes(text), 'csv'), (error: unknown) => error instanceof QaImportError && error.issues.length === 3);
  });

  it('stops at header problems, and still throws for a file it cannot read', async () => {
    const reading = await inspectQaFile(bytes('管理番号,質問\n1,Q\n'), 'csv');
    assert.deepEqual(reading.records, []);
    assert.deepEqual(reading.issues.map((i) => i.message), ['必須の列「回答」がありません']);
    await assert.rejects(inspectQaFile(bytes('管理番号,質問,回答\n'), 'csv'), (error: unknown) => error instanceof QaImportError && error.code === 'QA_FILE_EMPTY');
  });

  it('inspects Excel and JSONL files alike', async () => {
    const xlsx = await writeQaFile([qa('1'), qa('2', { answer: '' })], 'xlsx');
    const fromXlsx = await inspectQaFile(xlsx, 'xlsx');
    assert.equal(fromXlsx.records.length, 2);
    assert.deepEqual(fromXlsx.issues.map((i) => [i.row, i.column]), [[3, '回答']]);

    const jsonl = '{"id":"1","question":"Q","answer":"A"}\nnot json\n{"id":"3","question":"Q","answer":""}\n';
    const fromJsonl = await inspectQaFile(bytes(jsonl), 'jsonl');
    assert.deepEqual(fromJsonl.headers, []);
    assert.deepEqual(fromJsonl.records.map((r) => r.row), [1, 3]);
    assert.deepEqual(fromJsonl.issues.map((i) => [i.row, i.column]), [
      [2, ''],
      [3, '回答'],
    ]);
  });
});
