/**
 * Masks personal data that citizens sometimes type into a question or comment before it is logged, so the
 * chat log can be kept for years and read by staff without holding anyone's contact details or home:
 * e-mail addresses, phone numbers, long digit runs (マイナンバー, card and account numbers), postal codes,
 * and the house-level part of an address (番地, 号, room numbers). The town, 丁目 and building name stay,
 * so staff still see what the question is about (「本町2丁目［番地］のごみ」).
 *
 * Patterns, not understanding: a name, or an address written only in words, is not recognised.
 */

/** A digit, half- or full-width. */
const D = '[0-9０-９]';
/** A house number digit: 番地 and 号 are also written in kanji (三番四号). */
const N = '[0-9０-９〇一二三四五六七八九十百千]';
/** Hyphens as typed: ASCII, full-width, the long-vowel mark an IME gives, dashes and the minus sign. */
const DASH = '[\\-－ー―‐‑–−]';
/** Characters a Japanese place name ends with, before a 番地 written as 12-3. */
const PLACE_END = '[町丁目村字条通台丘野田谷沢原島山川橋坂浜崎里郷]';
/** Words for a block of flats, before a room number. */
const BUILDING = '(?:マンション|アパート|ハイツ|コーポ|ハイム|メゾン|レジデンス|団地|住宅|荘)';
/** Counters after a number that make 100-1000 a range of something rather than a postal code. */
const COUNTER = '[円人名歳才件回個枚点台本冊年月日時分秒%％倍]';

interface Mask {
  pattern: RegExp;
  replace: (match: string) => string;
}

const regex = (source: string) => new RegExp(source, 'gu');
const label = (text: string) => () => text;

/**
 * A run of digits with the spaces, hyphens and brackets people put in phone and card numbers. Digits are
 * counted rather than shapes matched, because every grouping occurs (0312345678, 03(1234)5678, 1234 5678 9012).
 */
const NUMBER_RUN = `(?<!${D})[+(（]?${D}(?:(?:[\\s()（）]|${DASH}){0,2}${D})*`;

function maskNumberRun(run: string): string {
  const digits = run.replace(/[^0-9０-９]/g, '');
  if (digits.length < 10) return run;
  // Japanese phone numbers with the area code have 10 or 11 digits and start with 0 (or +81).
  const phone = (/^[0０]/.test(digits) && digits.length <= 11) || (run.startsWith('+') && digits.length <= 13);
  return phone ? '［電話番号］' : '［番号］';
}

/** In order: e-mail first (its digits are not a phone), numbers before addresses (a phone is not a 番地). */
const MASKS: readonly Mask[] = [
  // Latin letters only (half- or full-width): Japanese text runs straight on after an address (…@example.jpです).
  { pattern: regex(`[A-Za-z0-9Ａ-Ｚａ-ｚ０-９._%+\\-＿．－]+[@＠](?:[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\\-－]+[.．])+[A-Za-zＡ-Ｚａ-ｚ]{2,}`), replace: label('［メール］') },
  // 〒123-4567, 郵便番号は1234567.
  { pattern: regex(`(?:〒\\s*|(?<=郵便番号[はがの]?\\s*[:：]?\\s*))${D}{3}${DASH}?${D}{4}(?!${D})`), replace: label('［郵便番号］') },
  { pattern: regex(NUMBER_RUN), replace: maskNumberRun },
  // 123-4567 on its own is a postal code (or a local phone number), unless a counter makes it a range.
  { pattern: regex(`(?<!${D}|${DASH})${D}{3}${DASH}${D}{4}(?!${D}|${DASH}|\\s*${COUNTER})`), replace: label('［郵便番号］') },
  // 101号室, 3-205号室; さくらハイツ201 (a building word, then a bare number ending the phrase).
  { pattern: regex(`${D}{1,5}(?:${DASH}${D}{1,4})?号室`), replace: label('［部屋番号］') },
  { pattern: regex(`(?<=${BUILDING}\\s*)${D}{3,4}(?=$|[\\s、。,.!?！？」』)）]|\\p{Script=Hiragana})`), replace: label('［部屋番号］') },
  // 1234番地の5, 12番地3; 3番4号; 2丁目3番, 2丁目3番4.
  { pattern: regex(`${N}+番地(?:\\s*(?:の|之|${DASH})?\\s*${N}+号?)?`), replace: label('［番地］') },
  { pattern: regex(`${N}+番\\s*の?\\s*${N}+号`), replace: label('［番地］') },
  { pattern: regex(`(?<=丁目\\s*)${N}+番(?:\\s*${N}+号?)?`), replace: label('［番地］') },
  // 本町2-3-4 (three parts, not a date), 本町12-3 and 2丁目3-4 (two parts right after a place name).
  { pattern: regex(`(?<!${D}|${DASH}|[.:：/])${D}{1,3}(?:${DASH}${D}{1,4}){2,3}(?!${D}|${DASH})`), replace: label('［番地］') },
  { pattern: regex(`(?<=${PLACE_END}\\s?)${D}{1,4}${DASH}${D}{1,4}(?!${D}|${DASH})`), replace: label('［番地］') },
];

/**
 * @example
 * redactPersonalData('山田です。090-1234-5678 か taro@example.jp に連絡ください'); // '山田です。［電話番号］ か ［メール］ に連絡ください'
 * redactPersonalData('〒123-4567 本町2丁目3番4号 さくらマンション101号室'); // '［郵便番号］ 本町2丁目［番地］ さくらマンション［部屋番号］'
 */
export function redactPersonalData(text: string): string {
  return MASKS.reduce((masked, { pattern, replace }) => masked.replace(pattern, replace), text);
}
