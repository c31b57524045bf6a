import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parseQaFile } from './file.ts';
import { QA_IO_LIMITS } from './limits.ts';
import { expectImportError, makeZip, qa, tempDir } from './test-support.ts';
import { ZipGuardError, inspectZip } from './zip.ts';

const dir = tempDir();
after(dir.dispose);

async function workbookBytes(build: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('シート1'), workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('XLSX import', () => {
  it('reads a workbook as staff make it: number ids, date cells, rich text, formulas, hyperlinks, 質問N columns', async () => {
    const bytes = await workbookBytes((sheet, workbook) => {
      sheet.addRow(['管理番号', '大分類', '質問', '質問1', '質問2', '回答', '参照URL', '公開開始日', '公開終了日', '状態', '関連QA']);
      sheet.addRow([
        1001,
        { formula: '"届出"&"・証明"', result: '届出・証明' },
        { richText: [{ text: '住民票を', font: { bold: true } }, { text: '取りたい' }] },
        '住民票の写し',
        null,
        '窓口で\r\n申請します',
        { text: 'https://example.jp/a', hyperlink: 'https://example.jp/a' },
        new Date(Date.UTC(2026, 3, 1)),
        46477, // an Excel serial for 2027-03-31 typed without a date format
        '公開',
        '1002',
      ]);
      sheet.addRow([]); // an empty row in between is skipped
      sheet.addRow([1002, '', '2つ目', '', '', '回答', '', '2026/4/1', '', '下書き', '']);
      workbook.addWorksheet('メモ').addRow(['ignored']);
    });
    const contents = await parseQaFile(await dir.roundTrip('staff.xlsx', bytes), 'xlsx');
    assert.deepEqual(contents, [
      qa('1001', {
        category2: '',
        department: '',
        question: '住民票を取りたい',
        alternates: ['住民票の写し'],
        answer: '窓口で\n申請します',
        sourceUrls: ['https://example.jp/a'],
        validFrom: '2026-04-01',
        validUntil: '2027-03-31',
        relatedIds: ['1002'],
      }),
      qa('1002', { category1: '', category2: '', department: '', question: '2つ目', answer: '回答', validFrom: '2026-04-01', status: 'draft' }),
    ]);
  });

  it('reports problems with Excel row numbers and column names', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(['管理番号', '質問', '回答', '公開開始日', '状態']);
      sheet.addRow(['1', 'q', 'a', 'あした', '公開']);
      sheet.getRow(5).values = ['1', 'q', '', '', '非表示'];
    });
    await expectImportError(parseQaFile(await dir.roundTrip('bad.xlsx', bytes), 'xlsx'), 'QA_FILE_INVALID', [
      '2行目「公開開始日」: 日付の形式が正しくありません（例: 2026-04-01）',
      '5行目「管理番号」: 管理番号 1 が2行目と重複しています',
      '5行目「回答」: 回答が空です',
      '5行目「状態」: 状態は「公開」か「下書き」で入力してください',
    ]);
  });

  it('reports missing columns', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(['管理番号', '質問']);
      sheet.addRow(['1', 'q']);
    });
    await expectImportError(parseQaFile(await dir.roundTrip('cols.xlsx', bytes), 'xlsx'), 'QA_FILE_INVALID', ['必須の列「回答」がありません']);
  });
});

describe('XLSX import of files that are not workbooks', () => {
  it('random bytes, an image, a PDF, an old .xls', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    await expectImportError(parseQaFile(await dir.roundTrip('noise.xlsx', noise), 'xlsx'), 'QA_FILE_UNREADABLE', ['Excel（.xlsx）ファイルではない']);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await expectImportError(parseQaFile(await dir.roundTrip('image.xlsx', png), 'xlsx'), 'QA_FILE_UNREADABLE', ['画像ファイル']);
    await expectImportError(parseQaFile(await dir.roundTrip('doc.xlsx', Buffer.from('%PDF-1.7\n')), 'xlsx'), 'QA_FILE_UNREADABLE', ['PDF']);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expectImportError(parseQaFile(await dir.roundTrip('old.xlsx', xls), 'xlsx'), 'QA_FILE_UNREADABLE', ['.xls']);
  });

  it('a zip that is not a workbook, and a truncated workbook', async () => {
    const zip = makeZip([{ name: 'readme.txt', data: Buffer.from('hello'), deflate: true }]);
    await expectImportError(parseQaFile(await dir.roundTrip('other.xlsx', zip), 'xlsx'), 'QA_FILE_UNREADABLE', ['Excel（.xlsx）のブックではありません']);
    const fake = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('not xml at all <<<') },
    ]);
    await expectImportError(parseQaFile(await dir.roundTrip('fake.xlsx', fake), 'xlsx'), 'QA_FILE_UNREADABLE', ['Excel']);
    const real = await workbookBytes((sheet) => sheet.addRow(['管理番号', '質問', '回答']));
    await expectImportError(parseQaFile(await dir.roundTrip('cut.xlsx', real.subarray(0, real.length / 2)), 'xlsx'), 'QA_FILE_UNREADABLE');
  });

  it('a zip bomb stops at the inflate cap', async () => {
    const small = makeZip([{ name: 'zeros', data: Buffer.alloc(1024 * 1024), deflate: true }]);
    assert.ok(small.length < 10_000);
    const limits = { totalBytes: 100_000, entryBytes: 100_000, entries: 10 };
    await assert.rejects(inspectZip(small, limits), (e: unknown) => e instanceof ZipGuardError && e.problem === 'too-large');
    assert.equal((await inspectZip(small, { ...limits, totalBytes: 2 * 1024 * 1024, entryBytes: 2 * 1024 * 1024 })).uncompressedBytes, 1024 * 1024);

    // Beyond the real limit, built by streaming so the test itself stays small in memory.
    const bomb = await deflatedZeros(QA_IO_LIMITS.maxXlsxEntryBytes + 1024 * 1024);
    const zip = makeZipFromDeflated('xl/worksheets/sheet1.xml', bomb);
    await expectImportError(parseQaFile(await dir.roundTrip('bomb.xlsx', zip), 'xlsx'), 'QA_FILE_TOO_LARGE', ['ファイルが大きすぎます', '展開後の1つの部品の上限 64 MB']);
  });

  it('millions of tiny shared strings are refused while inflating, long before the size caps', async () => {
    // The reported attack: a few hundred KB that inflate to 10 million shared strings.
    const strings = await deflatedRepeats('<si><t>x</t></si>', 10_000_000);
    assert.ok(strings.length < 1024 * 1024, `${strings.length} bytes`);
    const zip = makeZipFromDeflated('xl/sharedStrings.xml', strings);
    // Refused on the 300,001st string: the other 9.7 million are never inflated.
    await expectImportError(parseQaFile(await dir.roundTrip('strings.xlsx', zip), 'xlsx'), 'QA_FILE_TOO_LARGE', ['文字列の種類の上限 300,000 個']);
  });

  it('counts a tag split between inflated chunks once, and not longer names that start alike', async () => {
    const xml = Buffer.from(`<sst>${'<si><t>a</t></si><sheet/>'.repeat(50_000)}</sst>`);
    const zip = makeZip([{ name: 'xl/sharedStrings.xml', data: xml, deflate: true }]);
    const limits = (max: number) => ({ totalBytes: 10 * 1024 * 1024, entryBytes: 10 * 1024 * 1024, entries: 10, elements: { s: { entries: /sharedStrings/, tag: 'si', max } } });
    await inspectZip(zip, limits(50_000));
    await assert.rejects(inspectZip(zip, limits(49_999)), (e: unknown) => e instanceof ZipGuardError && e.problem === 'too-many' && e.limit === 's');
  });

  it('too many zip entries', async () => {
    const zip = makeZip(Array.from({ length: QA_IO_LIMITS.maxXlsxEntries + 1 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('<x/>') })));
    await expectImportError(parseQaFile(await dir.roundTrip('many.xlsx', zip), 'xlsx'), 'QA_FILE_TOO_LARGE', ['中の部品の数の上限 500 個']);
  });
});

function deflatedZeros(total: number): Promise<Buffer> {
  return deflatedBlocks(Buffer.alloc(1024 * 1024), Math.ceil(total / (1024 * 1024)));
}

/** `unit` repeated `times` times, deflated; built a block at a time so the test stays small in memory. */
function deflatedRepeats(unit: string, times: number): Promise<Buffer> {
  const perBlock = 10_000;
  return deflatedBlocks(Buffer.from(unit.repeat(perBlock)), Math.ceil(times / perBlock));
}

async function deflatedBlocks(block: Buffer, blocks: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  for (let i = 0; i < blocks; i++) {
    if (!deflate.write(block)) await new Promise<void>((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

// A one-entry zip around already-deflated data that also looks like a workbook.
function makeZipFromDeflated(name: string, deflated: Buffer): Buffer {
  const base = makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name, data: deflated },
  ]);
  // makeZip stored the entry (method 0); mark it deflated in both headers so it inflates.
  for (let i = 0; i + 4 <= base.length; i++) {
    const sig = base.readUInt32LE(i);
    if (sig === 0x04034b50 && base.toString('utf8', i + 30, i + 30 + name.length) === name) base.writeUInt16LE(8, i + 8);
    if (sig === 0x02014b50 && base.toString('utf8', i + 46, i + 46 + name.length) === name) base.writeUInt16LE(8, i + 10);
  }
  return base;
}
