/**
 * Shared by the io tests: a temp directory for real files, a varied fixture, a tiny zip writer, and an
 * assertion on QaImportError.
 */
import assert from 'node:assert/strict';
import { qaContent } from '../test-fixtures.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { QaContent } from '../model.ts';
import { QaImportError, formatIssue, type QaImportErrorCode } from './errors.ts';

/**
 * A temp directory removed by `dispose`; `roundTrip` writes bytes to a real file and reads them back.
 *
 * @example `const dir = tempDir(); after(dir.dispose); const bytes = await dir.roundTrip('a.csv', data);`
 */
export function tempDir(): { path: string; roundTrip(name: string, bytes: Buffer | Uint8Array): Promise<Buffer>; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'madoguchi-io-'));
  return {
    path,
    async roundTrip(name, bytes) {
      const file = join(path, name);
      await writeFile(file, bytes);
      return readFile(file);
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A complete QaContent for tests (see ../test-fixtures.ts). */
export const qa = qaContent;

/**
 * Varied, already normalised content: Markdown with lists (which Excel would take for formulas), commas,
 * quotes, emoji, tabs, alternates with commas, all four translations, dates, empty fields, a leading-zero id.
 */
export const FIXTURE: QaContent[] = [
  qa('1001', {
    question: '住民票の写しを取りたい, "至急"です',
    alternates: ['住民票をもらうには？', '住民票, 写し, 取得', '「住民票」を\t請求したい'],
    keywords: ['住民票', '写し', '証明書'],
    answer:
      '- **窓口**: {{担当課:市民課}}（本庁舎1階）\n- [申請書（PDF）](/files/juminhyo.pdf)\n\n> 手数料は1通300円です 😀\n\n"引用", カンマ、読点CR なしの行\n\n![地図](https://example.jp/map.png)',
    relatedIds: ['1002', '0012'],
    department: '{{担当課:市民課}}',
    contact: '電話: 000-000-0000\n受付: 平日 8:30〜17:15',
    sourceUrls: ['https://www.city.example.jp/juminhyo.html', '/kurashi/todokede/'],
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    translations: {
      en: { question: 'How do I get a copy of my residence certificate?', alternates: ['residence record, copy'], answer: 'Visit the *Citizens Division*, 1F.\n- Fee: ¥300' },
      zh: { question: '如何办理住民票？', alternates: [], answer: '请到市民课办理。' },
      ko: { question: '주민표를 발급받고 싶어요', alternates: ['주민표 발급'], answer: '시민과에서 발급합니다.' },
      vi: { question: 'Tôi muốn lấy bản sao phiếu cư trú', alternates: [], answer: 'Vui lòng đến Phòng Công dân.' },
    },
  }),
  qa('1002', { category1: '', category2: '', status: 'draft', department: '', answer: '短い回答' }),
  qa('A-1', {
    question: '+ 記号で始まる質問',
    alternates: ['@メンション風', '=1+1 と書いたら'],
    keywords: ['-マイナス'],
    answer: "=SUM(A1:A3) と入力してください\n'=すでに引用符つき",
    contact: "'- 先頭にアポストロフィ",
    validFrom: '2026-01-31',
  }),
  qa('0012', { question: '先頭ゼロの管理番号', answer: '0012 は 12 ではありません', validUntil: '2030-12-31', translations: { en: { question: 'Q', alternates: [], answer: 'A' } } }),
];

/**
 * Asserts a rejection with QaImportError of `code` whose issues (formatted as the user reads them) or
 * message contain every `texts` entry.
 *
 * @example `await expectImportError(parseQaFile(b, 'csv'), 'QA_FILE_INVALID', ['3行目「管理番号」: 管理番号が空です']);`
 */
export async function expectImportError(promise: Promise<unknown>, code: QaImportErrorCode, texts: string[] = []): Promise<QaImportError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof QaImportError, `expected QaImportError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  const lines = [caught.message, ...caught.issues.map(formatIssue)].join('\n');
  for (const t of texts) assert.ok(lines.includes(t), `missing 「${t}」 in:\n${lines}`);
  assert.doesNotMatch(caught.message, /\bat .*\.(ts|js):\d+/);
  return caught;
}

/**
 * A minimal zip: stored (method 0) or deflated (method 8) entries.
 *
 * @example `makeZip([{ name: 'hello.txt', data: Buffer.from('hi') }])`
 */
export function makeZip(entries: { name: string; data: Buffer; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const method = e.deflate ? 8 : 0;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
