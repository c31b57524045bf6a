import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { redactPersonalData } from './redact.ts';

/** [what the citizen typed, what is logged] */
type Case = [string, string];

function check(cases: readonly Case[]): void {
  for (const [typed, logged] of cases) assert.equal(redactPersonalData(typed), logged, typed);
}

describe('redactPersonalData masks', () => {
  test('e-mail addresses', () => {
    check([
      ['taro.yamada@example.co.jp に返事をください', '［メール］ に返事をください'],
      ['連絡先はｔａｒｏ＠example.jpです', '連絡先は［メール］です'],
      ['hanako+city@mail.example.com', '［メール］'],
      ['返信はsato_k@city.example.lg.jpまでお願いします', '返信は［メール］までお願いします'],
    ]);
  });

  test('phone numbers, however they are grouped', () => {
    check([
      ['電話は090-1234-5678です', '電話は［電話番号］です'],
      ['電話は０３（１２３４）５６７８です', '電話は［電話番号］です'],
      ['(03)1234-5678', '［電話番号］'],
      ['090 1234 5678に電話ください', '［電話番号］に電話ください'],
      ['09012345678', '［電話番号］'],
      ['０９０ー１２３４ー５６７８', '［電話番号］'],
      ['0120-123-456', '［電話番号］'],
      ['+81-90-1234-5678', '［電話番号］'],
      ['自宅0312345678、携帯080-9876-5432', '自宅［電話番号］、携帯［電話番号］'],
    ]);
  });

  test('マイナンバー in every common writing', () => {
    check([
      ['マイナンバーは123456789012です', 'マイナンバーは［番号］です'],
      ['マイナンバーは1234 5678 9012です', 'マイナンバーは［番号］です'],
      ['1234-5678-9012', '［番号］'],
      ['１２３４５６７８９０１２', '［番号］'],
      ['１２３４　５６７８　９０１２', '［番号］'],
      ['１２３４－５６７８－９０１２', '［番号］'],
      ['1234ー5678ー9012', '［番号］'],
      ['012345678901の通知カード', '［番号］の通知カード'],
    ]);
  });

  test('card and account numbers (13 to 19 digits, with spaces or hyphens)', () => {
    check([
      ['カード番号は4111 1111 1111 1111です', 'カード番号は［番号］です'],
      ['4111-1111-1111-1111', '［番号］'],
      ['3782 822463 10005', '［番号］'],
      ['６０１１　１１１１　１１１１　１１１７', '［番号］'],
      ['6011111111111117123', '［番号］'],
      ['口座番号 1234567890', '口座番号 ［番号］'],
    ]);
  });

  test('postal codes', () => {
    check([
      ['〒123-4567 まどぐち市', '［郵便番号］ まどぐち市'],
      ['〒1234567', '［郵便番号］'],
      ['〒 １２３－４５６７', '［郵便番号］'],
      ['郵便番号は123-4567です', '郵便番号は［郵便番号］です'],
      ['郵便番号：1234567', '郵便番号：［郵便番号］'],
      ['123-4567 まどぐち市本町', '［郵便番号］ まどぐち市本町'],
      ['住所は１２３ー４５６７の', '住所は［郵便番号］の'],
    ]);
  });

  test('the house-level part of an address, keeping the town and 丁目', () => {
    check([
      ['本町2丁目3番4号に住んでいます', '本町2丁目［番地］に住んでいます'],
      ['本町２丁目３番４号', '本町２丁目［番地］'],
      ['本町二丁目三番四号', '本町二丁目［番地］'],
      ['本町2丁目3番の家', '本町2丁目［番地］の家'],
      ['本町2丁目3-4', '本町2丁目［番地］'],
      ['本町2-3-4の者です', '本町［番地］の者です'],
      ['本町２－３－４', '本町［番地］'],
      ['大字山田1234番地の5', '大字山田［番地］'],
      ['山田1234番地', '山田［番地］'],
      ['山田12番地3', '山田［番地］'],
      ['大字山田123-4', '大字山田［番地］'],
      ['本町12-3 の空き家', '本町［番地］ の空き家'],
      ['本町3番4号', '本町［番地］'],
      ['北1条西2丁目3-4', '北1条西2丁目［番地］'],
    ]);
  });

  test('room numbers, keeping the building', () => {
    check([
      ['○○マンション101号室', '○○マンション［部屋番号］'],
      ['さくらハイツ201に住んでいます', 'さくらハイツ［部屋番号］に住んでいます'],
      ['グリーンハイツ 302。', 'グリーンハイツ ［部屋番号］。'],
      ['市営住宅3号棟101号室', '市営住宅3号棟［部屋番号］'],
      ['〒123-4567 まどぐち市本町2丁目3番4号 さくらマンション1203号室 電話090-1234-5678', '［郵便番号］ まどぐち市本町2丁目［番地］ さくらマンション［部屋番号］ 電話［電話番号］'],
    ]);
  });
});

describe('redactPersonalData is not bypassed by other ways of writing a number', () => {
  test('separators between the groups: ・ . / ～ 〜 _ and spaced hyphens', () => {
    check([
      ['携帯は090・1234・5678です', '携帯は［電話番号］です'],
      ['090.1234.5678', '［電話番号］'],
      ['090/1234/5678', '［電話番号］'],
      ['090 - 1234 - 5678 まで', '［電話番号］ まで'],
      ['090～1234～5678', '［電話番号］'],
      ['090〜1234〜5678', '［電話番号］'],
      ['090_1234_5678', '［電話番号］'],
      ['03—1234—5678', '［電話番号］'],
      ['０９０･１２３４･５６７８', '［電話番号］'],
      ['マイナンバーは1234・5678・9012です', 'マイナンバーは［番号］です'],
      ['1234.5678.9012', '［番号］'],
      ['カードは4111・1111・1111・1111です', 'カードは［番号］です'],
      ['〒123 4567 まどぐち市', '［郵便番号］ まどぐち市'],
      ['〒123・4567', '［郵便番号］'],
    ]);
  });

  test('kanji, full-width and mathematical digits', () => {
    check([
      ['電話は〇九〇一二三四五六七八です', '電話は［電話番号］です'],
      ['〇九〇の一二三四の五六七八に', '［電話番号］に'],
      ['〇三・一二三四・五六七八', '［電話番号］'],
      ['零九零一二三四五六七八', '［電話番号］'],
      ['𝟎𝟗𝟎-𝟏𝟐𝟑𝟒-𝟓𝟔𝟕𝟖です', '［電話番号］です'],
      ['𝟘𝟡𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠', '［電話番号］'],
      ['０９０１２３４５６７８', '［電話番号］'],
      ['〒一二三・四五六七', '［郵便番号］'],
    ]);
  });

  test('invisible characters between the digits, which stay invisible elsewhere', () => {
    check([
      ['090\u200b1234\u200b5678です', '［電話番号］です'],
      ['0\u200c9\u200d0\u20601\ufeff2345678', '［電話番号］'],
      ['1234\u200e5678\u200f9012', '［番号］'],
      ['こんにちは\u200b090-1234-5678', 'こんにちは\u200b［電話番号］'],
    ]);
  });

  test('e-mail addresses with the @ spaced, full-width or spelt out', () => {
    check([
      ['taro @ example.co.jp に返事を', '［メール］ に返事を'],
      ['taro＠example.co.jp', '［メール］'],
      ['ｔａｒｏ　＠　ｅｘａｍｐｌｅ．ｃｏ．ｊｐです', '［メール］です'],
      ['taro アット example.co.jp', '［メール］'],
      ['taro(at)example.co.jp', '［メール］'],
    ]);
  });

  test('only the personal data is replaced; the rest of the question is kept as typed', () => {
    check([
      ['ＡＢＣ対策課（２階）に090・1234・5678から電話した', 'ＡＢＣ対策課（２階）に［電話番号］から電話した'],
      ['㈱まどぐち　〇九〇一二三四五六七八', '㈱まどぐち　［電話番号］'],
    ]);
  });
});

describe('redactPersonalData leaves the ordinary content of questions alone', () => {
  test('ages, dates, times, money, counts and ordinals', () => {
    const ordinary = [
      '3歳の子ども',
      '2025年4月1日',
      '2025-04-01に転入しました',
      '2026年11月30日に転入',
      '令和7年度の住民税',
      '65歳以上の介護保険料',
      '粗大ごみ3点',
      '100円',
      '年収1,200,000円',
      '第2土曜日',
      '第1-3土曜日',
      '午前8時30分から午後5時15分まで',
      '10:00-12:00の受付',
      '申請から2-3日かかりますか',
      '月2-3回',
      '3-4歳児クラス',
      '100-1000円の手数料',
      '200-1000人の会場',
      '0歳児の保育',
      '2LDKの市営住宅',
      '2026年12月8日に転入',
      '2026/12/08に転入',
      '2026/12/08 10:00に予約',
      '2026-12-08 10:00に予約',
      '2026.12.8　10時から',
      '12/8の午後',
      '受付は9:00～17:00です',
      '9時～17時',
      '令和6年度',
      '令和６年１２月',
      '3,000円',
      '１，２００円',
      '3.5％',
      '1・2年生',
      '二〇二六年十二月八日',
      '一二月',
      '第三四半期',
      '一人ひとり',
      'QA-0123の回答',
      'qa_000123',
      '1.5倍',
      '平日8:30～17:15、土曜日9:00～12:00',
      '4月1日・5月1日・6月1日',
      '手数料は300円・500円・1000円',
    ];
    check(ordinary.map((text): Case => [text, text]));
  });

  test('areas, buildings and the words of addresses without a house number', () => {
    const ordinary = [
      '1丁目のごみ収集日',
      '本町2丁目の集積所',
      '番地の書き方を教えて',
      '電話番号を変えたい',
      'マイナンバーカードの更新',
      '1番窓口はどこですか',
      '一番近い投票所',
      '国道4号の工事',
      '市営住宅の申し込み',
      '市営住宅3号棟の集会所',
      '市役所ビル3階',
      '郵便番号がわからない',
      '〇〇町のごみ',
      '○○マンション',
    ];
    check(ordinary.map((text): Case => [text, text]));
  });
});

/*
 * Property tests: personal data written any way people (or someone testing the filter) write it, inside an
 * ordinary sentence. The sentences hold no digits, kanji numerals or Latin letters, so none may be left.
 */
const SEPARATORS = ['', ' ', '　', '-', '－', '‐', '‒', '–', '—', '―', '−', 'ー', 'ｰ', '・', '･', '.', '．', '/', '／', '～', '~', '〜', '_', 'の'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f', '\u202a', '\u202c', '\u00ad'];
const KANJI = '〇一二三四五六七八九';
/** Where the digits 0-9 start in each width: ASCII, full-width, and four mathematical alphabets. */
const DIGIT_ZERO = [0x30, 0xff10, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7f6];
const BEFORE = ['', '電話番号は', '連絡先：', 'すみません、', '夜間は', '至急です。', '私の'];
const AFTER = ['', 'です', 'に電話してください', 'まで連絡を。', 'の件で', '、よろしくお願いします'];

const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
/** Numbers as groups of digits: mobile and landline phones, マイナンバー, card numbers, postal codes. */
const numberGroups = fc.oneof(
  fc.tuple(fc.constantFrom('070', '080', '090'), digits(4), digits(4)),
  fc.tuple(digits(1).map((d) => `0${d === '0' ? '3' : d}`), digits(4), digits(4)),
  fc.tuple(digits(2).map((d) => `0${d}`), digits(3), digits(4)),
  fc.tuple(digits(4), digits(4), digits(4)),
  fc.tuple(digits(4), digits(4), digits(4), digits(4)),
  fc.tuple(fc.constantFrom('〒', '〒 ', '郵便番号は'), digits(3), digits(4)).map(([mark, ...groups]) => ({ mark, groups })),
);
const spacedSeparator = fc.tuple(fc.constantFrom('', ' ', '　'), fc.constantFrom(...SEPARATORS), fc.constantFrom('', ' ')).map((parts) => parts.join(''));
const digitStyle = fc.oneof(fc.constant('kanji' as const), fc.array(fc.constantFrom(...DIGIT_ZERO), { minLength: 16, maxLength: 16 }));

const renderedNumber = fc
  .tuple(numberGroups, digitStyle, fc.array(spacedSeparator, { minLength: 3, maxLength: 3 }))
  .map(([number, style, separators]) => {
    const { mark, groups } = Array.isArray(number) ? { mark: '', groups: number } : number;
    const digitsOf = (group: string, g: number) =>
      Array.from(group, (d, i) => (style === 'kanji' ? KANJI[Number(d)] : String.fromCodePoint((style[(g * 4 + i) % 16] ?? 0x30) + Number(d)))).join('');
    return mark + groups.map((group, g) => (g === 0 ? '' : separators[g - 1]) + digitsOf(group, g)).join('');
  });

const latin = (chars: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const renderedEmail = fc
  .tuple(
    latin('abcdefghijklmnopqrstuvwxyz0123456789', 1, 1),
    latin('abcdefghijklmnopqrstuvwxyz0123456789._', 0, 10),
    fc.constantFrom('@', '＠', ' @ ', ' ＠ ', 'アット', ' アット '),
    latin('abcdefghijklmnopqrstuvwxyz0123456789', 1, 10),
    fc.constantFrom('jp', 'com', 'co.jp', 'lg.jp', 'ne.jp', 'org'),
    fc.boolean(),
  )
  .map(([first, rest, at, domain, top, wide]) => (wide ? fullWidth : (t: string) => t)(`${first}${rest}${at}${domain}.${top}`));

/** Scatters invisible characters through `text`, one code point at a time. */
const withInvisibles = (text: fc.Arbitrary<string>) =>
  text.chain((t) =>
    fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) }), { minLength: [...t].length, maxLength: [...t].length })
      .map((marks) => Array.from(t, (c, i) => c + (marks[i] ?? '')).join('')),
  );

function assertMaskedInSentence(personal: fc.Arbitrary<string>, left: RegExp): void {
  fc.assert(
    fc.property(fc.constantFrom(...BEFORE), withInvisibles(personal), fc.constantFrom(...AFTER), (before, data, after) => {
      const logged = redactPersonalData(before + data + after);
      assert.doesNotMatch(logged.normalize('NFKC'), left, `${before + data + after} → ${logged}`);
      assert.ok(logged.startsWith(before) && logged.endsWith(after), `${before + data + after} → ${logged}`);
    }),
    { numRuns: 500 },
  );
}

describe('redactPersonalData, for any writing of personal data inside a sentence', () => {
  test('leaves no digit of a phone, マイナンバー, card or postal code number, and keeps the sentence', () => {
    assertMaskedInSentence(renderedNumber, /[0-9〇一二三四五六七八九]/u);
  });

  test('leaves nothing of an e-mail address, and keeps the sentence', () => {
    assertMaskedInSentence(renderedEmail, /[A-Za-z0-9]/u);
  });
});
