import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Qa } from '../model.ts';
import { parseQaFile, writeQaFile } from './file.ts';
import type { QaFileFormat } from './format.ts';
import { normalizeQaContent } from './normalize.ts';
import { FIXTURE, tempDir } from './test-support.ts';

const dir = tempDir();
after(dir.dispose);

describe('round trip', () => {
  it('the fixture is already canonical (so equality below is meaningful)', () => {
    assert.deepEqual(FIXTURE.map(normalizeQaContent), FIXTURE);
  });

  for (const format of ['csv', 'xlsx', 'jsonl'] as const satisfies readonly QaFileFormat[]) {
    it(`${format}: export then import gives the original content`, async () => {
      const bytes = await dir.roundTrip(`fixture.${format}`, await writeQaFile(FIXTURE, format));
      assert.deepEqual(await parseQaFile(bytes, format), FIXTURE);
    });
  }

  for (const format of ['csv', 'jsonl'] as const) {
    it(`${format}: export → import → export is byte-identical`, async () => {
      const first = await writeQaFile(FIXTURE, format);
      const second = await writeQaFile(await parseQaFile(await dir.roundTrip(`again.${format}`, first), format), format);
      assert.ok(first.equals(second));
    });
  }

  it('stored QAs export their bookkeeping, which import ignores', async () => {
    const stored: Qa[] = FIXTURE.map((c, i) => ({ ...c, siteId: 'default', version: i + 1, updatedBy: 'suzuki', updatedAt: '2026-03-31T15:30:00.000Z' }));
    for (const format of ['csv', 'xlsx', 'jsonl'] as const) {
      const bytes = await dir.roundTrip(`stored.${format}`, await writeQaFile(stored, format));
      assert.deepEqual(await parseQaFile(bytes, format), FIXTURE, format);
    }
    const csv = (await writeQaFile(stored, 'csv')).toString('utf8');
    assert.match(csv, /,1,suzuki,2026-04-01 00:30:00\r\n/);
  });
});

describe('CSV output', () => {
  it('is UTF-8 with BOM, CRLF records, header in column order, quoting where needed', async () => {
    const bytes = await writeQaFile(FIXTURE, 'csv');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    assert.ok(
      text.startsWith(
        '管理番号,大分類,中分類,質問,言い換え,キーワード,回答,関連QA,担当課,連絡先,参照URL,状態,公開開始日,公開終了日,' +
          '質問(英語),言い換え(英語),回答(英語),質問(中国語),言い換え(中国語),回答(中国語),質問(韓国語),言い換え(韓国語),回答(韓国語),' +
          '質問(ベトナム語),言い換え(ベトナム語),回答(ベトナム語),版,更新者,更新日時\r\n',
      ),
    );
    assert.ok(text.endsWith('\r\n'));
    assert.ok(text.includes('"住民票の写しを取りたい, ""至急""です"'));
    assert.ok(text.includes('"住民票をもらうには？\n住民票, 写し, 取得\n'), 'a multi-line cell is quoted and keeps LF inside');
    assert.equal(text.split('\r\n').length, FIXTURE.length + 2);
  });

  it('protects cells Excel would run as formulas, reversibly', async () => {
    const text = (await writeQaFile(FIXTURE, 'csv')).toString('utf8');
    assert.ok(text.includes(`"'- **窓口**`));
    assert.ok(text.includes(`,'+ 記号で始まる質問,`));
    assert.ok(text.includes(`"'=SUM(A1:A3)`));
    assert.ok(text.includes(`,''- 先頭にアポストロフィ,`));
  });
});

describe('XLSX output', () => {
  it('has one sheet "QA" with a bold, frozen header, wrapped long cells and real date cells', async () => {
    const bytes = await dir.roundTrip('look.xlsx', await writeQaFile(FIXTURE, 'xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    assert.deepEqual(wb.worksheets.map((s) => s.name), ['QA']);
    const sheet = wb.worksheets[0]!;
    assert.equal(sheet.getCell('A1').value, '管理番号');
    assert.equal(sheet.getRow(1).font?.bold, true);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.ok((sheet.getColumn(7).width ?? 0) >= 40, 'answer column is wide');
    assert.equal(sheet.getCell('G2').alignment?.wrapText, true);
    assert.deepEqual(sheet.getCell('M2').value, new Date(Date.UTC(2026, 3, 1)));
    assert.equal(sheet.getCell('A5').value, '0012');
  });
});
