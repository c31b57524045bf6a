import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { escapeFormula, unescapeFormula } from './csv.ts';
import { parseQaFile } from './file.ts';
import { expectImportError, makeZip, qa, tempDir } from './test-support.ts';

const dir = tempDir();
after(dir.dispose);

const HEADER = '管理番号,大分類,中分類,質問,言い換え,キーワード,回答,関連QA,担当課,連絡先,参照URL,状態,公開開始日,公開終了日';
const csv = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const parseText = async (name: string, text: string, encoding: 'utf8' | 'cp932' = 'utf8', bom = false) => {
  const body = encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'cp932');
  const bytes = bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  return parseQaFile(await dir.roundTrip(name, bytes), 'csv');
};

describe('CSV import', () => {
  it('reads a Shift_JIS (CP932) file as Japanese Excel saves it', async () => {
    const text = csv(HEADER, '1001,届出・証明,住民票,住民票が欲しい,"住民票の写し\n住民票をとる",住民票、写し,"窓口へ①\n～平日～",,市民課,,,公開,2026/4/1,');
    const [first] = await parseText('sjis.csv', text, 'cp932');
    assert.deepEqual(
      first,
      qa('1001', {
        question: '住民票が欲しい',
        alternates: ['住民票の写し', '住民票をとる'],
        keywords: ['住民票', '写し'],
        answer: '窓口へ①\n～平日～',
        validFrom: '2026-04-01',
      }),
    );
  });

  it('reads UTF-8 with and without BOM alike', async () => {
    const text = csv('管理番号,質問,回答', '1,質問,回答');
    assert.deepEqual(await parseText('bom.csv', text, 'utf8', true), await parseText('nobom.csv', text));
    assert.equal((await parseText('bom2.csv', text, 'utf8', true))[0]?.id, '1');
  });

  it('takes alternates from 質問1…質問3 columns, besides or instead of 言い換え', async () => {
    const [withBoth, onlyNumbered] = await parseText(
      'qnabot.csv',
      csv('管理番号,質問,言い換え,質問1,質問2,質問3,回答', '1,ごみの出し方,ごみ 捨て方,ゴミの日は？,粗大ごみ,ごみ 捨て方,回答', '2,引っ越し,,転入届,,転居届,回答'),
    );
    assert.deepEqual(withBoth?.alternates, ['ごみ 捨て方', 'ゴミの日は？', '粗大ごみ']);
    assert.deepEqual(onlyNumbered?.alternates, ['転入届', '転居届']);
  });

  it('matches headers by English alias, case and width; ignores unknown and export-only columns', async () => {
    const [item] = await parseText(
      'aliases.csv',
      csv(
        'ID,Category1,CATEGORY2,Ｑｕｅｓｔｉｏｎ,Answer,Keywords,Related,Status,Valid_From,Question (en),answer_en,メモ,版,更新者',
        '7,暮らし,ごみ,質問,回答,"a, b、c",1、2;3,published,2026-4-1,Q?,A.,社内メモ,9,someone',
      ),
    );
    assert.deepEqual(
      item,
      qa('7', {
        category1: '暮らし',
        category2: 'ごみ',
        question: '質問',
        answer: '回答',
        keywords: ['a', 'b', 'c'],
        relatedIds: ['1', '2', '3'],
        department: '',
        validFrom: '2026-04-01',
        translations: { en: { question: 'Q?', alternates: [], answer: 'A.' } },
      }),
    );
  });

  it('trims cells, turns CRLF inside cells into LF, drops empty and repeated alternates and keywords', async () => {
    const [item] = await parseText('messy.csv', csv('管理番号,質問,言い換え,キーワード,回答,状態', '  5 , 質問 ,"a\r\n\r\n a \r\nb\r\na","x,,x、 y ","行1\r\n行2  ",下書き'));
    assert.deepEqual(item, qa('5', { category1: '', category2: '', department: '', question: '質問', alternates: ['a', 'b'], keywords: ['x', 'y'], answer: '行1\n行2', status: 'draft' }));
  });

  it('accepts 公開/下書き/published/draft; an empty 状態 is published', async () => {
    const items = await parseText('status.csv', csv('管理番号,質問,回答,状態', '1,q,a,公開', '2,q,a,下書き', '3,q,a,Published', '4,q,a,DRAFT', '5,q,a,'));
    assert.deepEqual(items.map((i) => i.status), ['published', 'draft', 'published', 'draft', 'published']);
  });

  it('reads a tab-separated file too', async () => {
    const [item] = await parseText('tabs.csv', '管理番号\t質問\t回答\r\n1\t質問, カンマ入り\t回答\r\n');
    assert.equal(item?.question, '質問, カンマ入り');
  });

  it('undoes formula protection only where it was added', () => {
    for (const s of ['- a', '=1', "'=x", "''-y", "'plain", 'plain', '+', '＝全角']) assert.equal(unescapeFormula(escapeFormula(s)), s);
    assert.equal(unescapeFormula("'plain"), "'plain");
  });
});

describe('CSV import errors', () => {
  it('reports every problem with the row as Excel shows it (multi-line cells count as one row)', async () => {
    const error = await expectImportError(
      parseText(
        'problems.csv',
        csv(
          HEADER,
          '1001,a,b,質問,,,"複数行の\n回答",,,,,公開,,',
          ',a,b,質問,,,回答,,,,,公開,,',
          '1002,a,b,質問,,,回答,,,,,公開,,',
          '1001,a,b,質問,,,回答,,,,,公開,,',
          '1003,a,b,,,,,,,,,公開,,',
          '1004,a,b,質問,,,回答,,,,,公開,2026/13/01,',
          '1005,a,b,質問,,,回答,,,,,済み,,',
          '1006,a,b,質問,,,回答,,,,javascript:alert(1),公開,2026-05-01,2026-04-01',
        ),
      ),
      'QA_FILE_INVALID',
      [
        '3行目「管理番号」: 管理番号が空です',
        '5行目「管理番号」: 管理番号 1001 が2行目と重複しています',
        '6行目「質問」: 質問が空です',
        '6行目「回答」: 回答が空です',
        '7行目「公開開始日」: 日付の形式が正しくありません（例: 2026-04-01）',
        '8行目「状態」: 状態は「公開」か「下書き」で入力してください',
        '9行目「参照URL」: URL は http:// か https:// で始まるか',
        '9行目「公開終了日」: 公開終了日（2026-04-01）が公開開始日（2026-05-01）より前です',
      ],
    );
    assert.equal(error.issues.length, 8);
    assert.match(error.message, /問題が 8 件/);
  });

  it('names each missing required column', async () => {
    await expectImportError(parseText('missing.csv', csv('管理番号,大分類,質問', '1,a,q')), 'QA_FILE_INVALID', ['必須の列「回答」がありません']);
    const error = await expectImportError(parseText('missing2.csv', csv('大分類,中分類', 'a,b')), 'QA_FILE_INVALID', [
      '必須の列「管理番号」がありません',
      '必須の列「質問」がありません',
      '必須の列「回答」がありません',
    ]);
    assert.deepEqual(error.issues.map((i) => [i.row, i.column]), [
      [1, '管理番号'],
      [1, '質問'],
      [1, '回答'],
    ]);
  });

  it('refuses a duplicated column', async () => {
    await expectImportError(parseText('dupcol.csv', csv('管理番号,質問,回答,Answer', '1,q,a,b')), 'QA_FILE_INVALID', ['列「回答」が2つ以上あります']);
  });

  it('refuses a file that is neither UTF-8 nor Shift_JIS', async () => {
    const bytes = Buffer.concat([Buffer.from('id,question,answer\r\n1,caf', 'latin1'), Buffer.from([0xe9, 0x20, 0xfd, 0x0d, 0x0a])]);
    await expectImportError(parseQaFile(await dir.roundTrip('latin1.csv', bytes), 'csv'), 'QA_FILE_ENCODING', ['UTF-8 か Shift_JIS']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('管理番号,質問,回答\r\n', 'utf16le')]);
    await expectImportError(parseQaFile(await dir.roundTrip('utf16.csv', utf16), 'csv'), 'QA_FILE_ENCODING', ['UTF-16']);
  });

  it('refuses things that are not a CSV with a clear message', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    await expectImportError(parseQaFile(await dir.roundTrip('noise.csv', noise), 'csv'), 'QA_FILE_UNREADABLE', ['CSV（文字だけのファイル）ではない']);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await expectImportError(parseQaFile(await dir.roundTrip('image.csv', png), 'csv'), 'QA_FILE_UNREADABLE', ['画像ファイル']);
    const zip = makeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    await expectImportError(parseQaFile(await dir.roundTrip('zip.csv', zip), 'csv'), 'QA_FILE_UNREADABLE', ['.xlsx']);
    await expectImportError(parseText('quote.csv', '管理番号,質問,回答\r\n1,"閉じない引用,a\r\n'), 'QA_FILE_UNREADABLE', ['CSV の形式が正しくありません']);
  });

  it('refuses an empty file and a header-only file', async () => {
    await expectImportError(parseQaFile(await dir.roundTrip('empty.csv', Buffer.alloc(0)), 'csv'), 'QA_FILE_EMPTY');
    await expectImportError(parseText('bomonly.csv', '', 'utf8', true), 'QA_FILE_EMPTY');
    await expectImportError(parseText('header.csv', csv('管理番号,質問,回答', ',,')), 'QA_FILE_EMPTY', ['QA の行が1つもありません']);
  });
});
