import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { QA_IMPORT_ERROR_CODES, QaImportError } from './errors.ts';
import { parseQaFile, writeQaFile } from './file.ts';
import { formatFromFileName } from './format.ts';
import { QA_IO_LIMITS } from './limits.ts';
import { expectImportError, qa, tempDir } from './test-support.ts';

const dir = tempDir();
after(dir.dispose);

describe('formatFromFileName', () => {
  it('knows csv, xlsx and jsonl whatever the case', () => {
    assert.equal(formatFromFileName('QA一覧.CSV'), 'csv');
    assert.equal(formatFromFileName('/tmp/a.b/qa.xlsx'), 'xlsx');
    assert.equal(formatFromFileName('backup.jsonl'), 'jsonl');
    assert.equal(formatFromFileName('backup.ndjson'), 'jsonl');
  });

  it('throws a Japanese error for anything else', () => {
    for (const [name, text] of [
      ['qa.xls', '古い Excel 形式（.xls）'],
      ['qa.docx', '対応していないファイル形式です（.docx）'],
      ['qa', '対応していないファイル形式です。'],
    ] as const) {
      assert.throws(
        () => formatFromFileName(name),
        (e: unknown) => e instanceof QaImportError && e.code === 'QA_FILE_FORMAT_UNKNOWN' && e.message.includes(text),
      );
    }
  });
});

describe('limits', () => {
  it('refuses a 50 MB file without parsing it', async () => {
    const big = await dir.roundTrip('big.csv', Buffer.alloc(50 * 1024 * 1024, 0x41));
    const started = Date.now();
    for (const format of ['csv', 'xlsx', 'jsonl'] as const) {
      await expectImportError(parseQaFile(big, format), 'QA_FILE_TOO_LARGE', ['ファイルが大きすぎます（上限 20 MB）']);
    }
    assert.ok(Date.now() - started < 500);
  });

  it('refuses more than 20,000 rows', async () => {
    const rows = Array.from({ length: QA_IO_LIMITS.maxRows + 1 }, (_, i) => `${i + 1},q,a`);
    const bytes = await dir.roundTrip('many.csv', Buffer.from(['管理番号,質問,回答', ...rows].join('\r\n')));
    await expectImportError(parseQaFile(bytes, 'csv'), 'QA_FILE_TOO_MANY_ROWS', ['上限 20,000 行']);
    const ok = await dir.roundTrip('max.csv', Buffer.from(['管理番号,質問,回答', ...rows.slice(1)].join('\r\n')));
    assert.equal((await parseQaFile(ok, 'csv')).length, QA_IO_LIMITS.maxRows);
  });

  it('checks cell lengths, id shape and URLs', async () => {
    const contents = [
      qa('1', { question: 'あ'.repeat(2001) }),
      qa('2', { answer: 'a'.repeat(32_768) }),
      qa('x'.repeat(65)),
      qa('4 5'),
      qa('6', { sourceUrls: ['ftp://example.jp/a', '//evil.example/x', '/ok', 'https://ok.example/', '{{URL:市民課}}'] }),
      qa('7', { relatedIds: ['7'] }),
    ];
    const bytes = await dir.roundTrip('limits.csv', await writeQaFile(contents, 'csv'));
    const error = await expectImportError(parseQaFile(bytes, 'csv'), 'QA_FILE_INVALID', [
      '2行目「質問」: 質問は2,000文字以内にしてください（現在 2,001 文字）',
      '3行目「回答」: 回答は32,767文字以内にしてください（現在 32,768 文字）',
      '4行目「管理番号」: 管理番号は64文字以内にしてください（現在 65 文字）',
      '5行目「管理番号」: 管理番号に使えない文字',
      '6行目「参照URL」: URL は http:// か https:// で始まるか、/ で始まるサイト内のパスにしてください: ftp://example.jp/a',
      '6行目「参照URL」: URL は http:// か https:// で始まるか、/ で始まるサイト内のパスにしてください: //evil.example/x',
      '7行目「関連QA」: 自分自身を関連QAにはできません',
    ]);
    assert.equal(error.issues.length, 7);
  });

  it('stops collecting after the issue cap and says there are more', async () => {
    const rows = Array.from({ length: QA_IO_LIMITS.maxIssues + 50 }, () => ',q,a');
    const bytes = await dir.roundTrip('manyissues.csv', Buffer.from(['管理番号,質問,回答', ...rows].join('\n')));
    const error = await expectImportError(parseQaFile(bytes, 'csv'), 'QA_FILE_INVALID', ['件以上あります', '…ほか多数']);
    assert.equal(error.issues.length, QA_IO_LIMITS.maxIssues);
  });
});

describe('QaImportError', () => {
  it('every code is documented', () => {
    assert.deepEqual(Object.keys(QA_IMPORT_ERROR_CODES).sort(), [
      'QA_FILE_EMPTY',
      'QA_FILE_ENCODING',
      'QA_FILE_FORMAT_UNKNOWN',
      'QA_FILE_INVALID',
      'QA_FILE_TOO_LARGE',
      'QA_FILE_TOO_MANY_ROWS',
      'QA_FILE_UNREADABLE',
    ]);
  });
});
