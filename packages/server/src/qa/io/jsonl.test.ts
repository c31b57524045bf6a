import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseQaFile, writeQaFile } from './file.ts';
import { expectImportError, qa, tempDir } from './test-support.ts';

const dir = tempDir();
after(dir.dispose);
const parse = async (name: string, text: string) => parseQaFile(await dir.roundTrip(name, Buffer.from(text, 'utf8')), 'jsonl');

describe('JSONL', () => {
  it('writes one QaContent per line, without bookkeeping, in model field order', async () => {
    const text = (await writeQaFile([{ ...qa('1'), siteId: 'default', version: 3, updatedBy: 'x', updatedAt: 'y' }], 'jsonl')).toString('utf8');
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(Object.keys(JSON.parse(text) as object), Object.keys(qa('1')));
  });

  it('reads the starter-pack shape, fills missing optional fields, skips blank lines, accepts CRLF and a BOM', async () => {
    const items = await parse('min.jsonl', '\uFEFF{"id":"1","question":"q","answer":"a","status":"published"}\r\n\r\n{"id":2,"question":"q2","answer":"a2"}\n');
    assert.deepEqual(items, [
      qa('1', { category1: '', category2: '', department: '', question: 'q', answer: 'a' }),
      qa('2', { category1: '', category2: '', department: '', question: 'q2', answer: 'a2' }),
    ]);
  });

  it('reports every bad line with its line number', async () => {
    await expectImportError(
      parse(
        'bad.jsonl',
        [
          '{"id":"1","question":"q","answer":"a"}',
          'not json',
          '[1,2]',
          '{"id":"1","question":"q","answer":"a"}',
          '{"id":"3","question":"q","answer":"a","alternates":"x","status":"公開","validFrom":"2026/4/1","translations":{"fr":{}}}',
        ].join('\n'),
      ),
      'QA_FILE_INVALID',
      [
        '2行目: JSON として読み込めません',
        '3行目: QA は {…} の形の JSON オブジェクトで書いてください',
        '4行目「管理番号」: 管理番号 1 が1行目と重複しています',
        '5行目「言い換え」: "alternates" は文字列の配列にしてください',
        '5行目「状態」: "status" は "draft" か "published" にしてください',
        '5行目「質問(英語)」: 翻訳の言語「fr」には対応していません',
      ],
    );
    await expectImportError(parse('date.jsonl', '{"id":"1","question":"q","answer":"a","validFrom":"2026/4/1"}'), 'QA_FILE_INVALID', [
      '1行目「公開開始日」: 日付の形式が正しくありません（例: 2026-04-01）',
    ]);
  });

  it('holds spreadsheet rules too, so any JSONL QA survives CSV and XLSX', async () => {
    await expectImportError(
      parse('rules.jsonl', '{"id":"1","question":"q","answer":"a","alternates":["a\\nb"],"keywords":["x,y"],"translations":{"en":{"question":"Q","answer":""}}}'),
      'QA_FILE_INVALID',
      ['「言い換え」: 言い換え「a\nb」に改行は使えません', '「キーワード」: キーワード「x,y」に改行・「、」「,」は使えません', '「回答(英語)」: 質問(英語)と回答(英語)は両方入力してください'],
    );
  });

  it('refuses non-UTF-8 and binary input', async () => {
    await expectImportError(parseQaFile(await dir.roundTrip('sjis.jsonl', Buffer.from([0x82, 0xa0, 0x0a])), 'jsonl'), 'QA_FILE_ENCODING', ['UTF-8']);
    await expectImportError(parseQaFile(await dir.roundTrip('png.jsonl', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0])), 'jsonl'), 'QA_FILE_UNREADABLE', ['画像']);
  });
});
