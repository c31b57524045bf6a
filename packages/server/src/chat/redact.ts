/**
 * Masks personal data that citizens sometimes type into a question or comment before it is logged, so the
 * chat log can be kept for years and read by staff without holding anyone's contact details or home:
 * e-mail addresses, phone numbers, long digit runs (マイナンバー, card and account numbers), postal codes,
 * and the house-level part of an address (番地, 号, room numbers). The town, 丁目 and building name stay,
 * so staff still see what the question is about (「本町2丁目［番地］のごみ」).
 *
 * The patterns see a normalised copy of the text, so that the ways of writing a number that look different but
 * read the same (full-width, mathematical or kanji digits, zero-width characters between them, 090・1234・5678)
 * cannot slip past; the masks are then applied to the spans of the original text, which is otherwise unchanged.
 *
 * Patterns, not understanding: a name, or an address written only in words, is not recognised.
 */

/** A digit (the patterns see normalised text: every digit is ASCII). */
const D = '[0-9]';
/** A house number digit: 番地 and 号 are also written in kanji (三番四号). */
const N = '[0-9〇一二三四五六七八九十百千]';
/** Hyphens as typed (after NFKC): ASCII, the long-vowel mark an IME gives, dashes and the minus sign. */
const DASH = '[\\-ー―‐‒–—−]';
/** What people put between the groups of a phone, card or マイナンバー number, besides spaces and brackets. */
const SEPARATOR = '[\\-ー―‐‒–—−・./~〜_の]';
/** Between two digits of one number: spaces or brackets, and at most one separator among them (090 - 1234). */
const GAP = `[\\s()]{0,3}(?:${SEPARATOR}[\\s()]{0,3})?`;
/** Characters a Japanese place name ends with, before a 番地 written as 12-3. */
const PLACE_END = '[町丁目村字条通台丘野田谷沢原島山川橋坂浜崎里郷]';
/** Words for a block of flats, before a room number. */
const BUILDING = '(?:マンション|アパート|ハイツ|コーポ|ハイム|メゾン|レジデンス|団地|住宅|荘)';
/** Counters after a number that make 100-1000 a range of something rather than a postal code. */
const COUNTER = '[円人名歳才件回個枚点台本冊年月日時分秒%倍]';
/** Kanji numerals; two or more in a row are read as digits (〇九〇一二三四), one alone is a word (一番近い). */
const KANJI_DIGITS: Readonly<Record<string, string>> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const KANJI_DIGIT_RUN = /[〇零一二三四五六七八九]{2,}/gu;
/** Zero-width spaces and joiners, bidi marks, soft hyphens: invisible, so they must not split a number. */
const FORMAT = /^\p{Cf}$/u;

interface Mask {
  pattern: RegExp;
  replace: (match: string) => string;
  /** The match stays as typed and the later patterns see the replacement instead (a date is not part of a number). */
  keep?: boolean;
}

const regex = (source: string) => new RegExp(source, 'gu');
const label = (text: string) => () => text;

/**
 * A run of digits with the spaces, separators and brackets people put in phone and card numbers. Digits are
 * counted rather than shapes matched, because every grouping occurs (0312345678, 03(1234)5678, 1234・5678・9012).
 */
const NUMBER_RUN = `(?<!${D})[+(]?${D}(?:${GAP}${D})*`;

function maskNumberRun(run: string): string {
  const digits = run.replace(/[^0-9]/g, '');
  if (digits.length < 10) return run;
  // Japanese phone numbers with the area code have 10 or 11 digits and start with 0 (or +81).
  const phone = (digits.startsWith('0') && digits.length <= 11) || (run.startsWith('+') && digits.length <= 13);
  return phone ? '［電話番号］' : '［番号］';
}

/**
 * In order: dates set aside (2026/12/08 10:00 is not a ten-digit number), e-mail (its digits are not a phone),
 * numbers before addresses (a phone is not a 番地).
 */
const MASKS: readonly Mask[] = [
  { pattern: regex(`(?<!${D})(?:19|20)${D}{2}([\\-/.])(?:0?[1-9]|1[0-2])\\1(?:0?[1-9]|[12]${D}|3[01])(?!${D})`), replace: label('［日付］'), keep: true },
  // Latin letters only: Japanese text runs straight on after an address (…@example.jpです). The @ may be spelt
  // out or spaced (taro アット example.jp) by people who expect a filter.
  { pattern: regex(`[A-Za-z0-9._%+\\-]+\\s*(?:@|アット|あっと|\\(at\\)|\\[at\\])\\s*(?:[A-Za-z0-9\\-]+\\.)+[A-Za-z]{2,}`), replace: label('［メール］') },
  // 〒123-4567, 〒123 4567, 郵便番号は1234567; not the start of a longer number (〒090-1234-5678 is a phone).
  { pattern: regex(`(?:〒\\s*|(?<=郵便番号[はがの]?\\s*[:]?\\s*))${D}{3}${GAP}${D}{4}(?!${GAP}${D})`), replace: label('［郵便番号］') },
  { pattern: regex(NUMBER_RUN), replace: maskNumberRun },
  // 123-4567 on its own is a postal code (or a local phone number), unless a counter makes it a range.
  { pattern: regex(`(?<!${D}|${DASH})${D}{3}${DASH}${D}{4}(?!${D}|${DASH}|\\s*${COUNTER})`), replace: label('［郵便番号］') },
  // 101号室, 3-205号室; さくらハイツ201 (a building word, then a bare number ending the phrase).
  { pattern: regex(`${D}{1,5}(?:${DASH}${D}{1,4})?号室`), replace: label('［部屋番号］') },
  { pattern: regex(`(?<=${BUILDING}\\s*)${D}{3,4}(?=$|[\\s、。,.!?」』)]|\\p{Script=Hiragana})`), replace: label('［部屋番号］') },
  // 1234番地の5, 12番地3; 3番4号; 2丁目3番, 2丁目3番4.
  { pattern: regex(`${N}+番地(?:\\s*(?:の|之|${DASH})?\\s*${N}+号?)?`), replace: label('［番地］') },
  { pattern: regex(`${N}+番\\s*の?\\s*${N}+号`), replace: label('［番地］') },
  { pattern: regex(`(?<=丁目\\s*)${N}+番(?:\\s*${N}+号?)?`), replace: label('［番地］') },
  // 本町2-3-4 (three parts, not a date), 本町12-3 and 2丁目3-4 (two parts right after a place name).
  { pattern: regex(`(?<!${D}|${DASH}|[.:/])${D}{1,3}(?:${DASH}${D}{1,4}){2,3}(?!${D}|${DASH})`), replace: label('［番地］') },
  { pattern: regex(`(?<=${PLACE_END}\\s?)${D}{1,4}${DASH}${D}{1,4}(?!${D}|${DASH})`), replace: label('［番地］') },
];

/** One character of the original text (or a mask that replaced several) and what the patterns see of it. */
interface Piece {
  original: string;
  normalised: string;
}

function normalise(text: string): Piece[] {
  const pieces = Array.from(text, (original): Piece => ({ original, normalised: FORMAT.test(original) ? '' : original.normalize('NFKC') }));
  const seen = pieces.map((p) => p.normalised).join('');
  const owner = owners(pieces);
  for (const run of seen.matchAll(KANJI_DIGIT_RUN)) {
    for (let i = run.index; i < run.index + run[0].length; i++) {
      const piece = pieces[owner[i] ?? -1];
      if (piece) piece.normalised = KANJI_DIGITS[piece.normalised] ?? piece.normalised;
    }
  }
  return pieces;
}

/** For each code unit of the normalised text, the index of the piece it comes from. */
function owners(pieces: readonly Piece[]): number[] {
  return pieces.flatMap((piece, i) => Array.from({ length: piece.normalised.length }, () => i));
}

/** Replaces the pieces under each match of `mask` with one piece of the mask's token; a match is widened to whole pieces. */
function apply(pieces: readonly Piece[], { pattern, replace, keep }: Mask): Piece[] {
  const seen = pieces.map((p) => p.normalised).join('');
  const owner = owners(pieces);
  const result: Piece[] = [];
  let next = 0;
  for (const match of seen.matchAll(pattern)) {
    const token = replace(match[0]);
    const first = owner[match.index] ?? 0;
    const last = owner[match.index + match[0].length - 1] ?? first;
    if (token === match[0] || match[0] === '' || first < next) continue;
    const original = keep ? pieces.slice(first, last + 1).map((piece) => piece.original).join('') : token;
    result.push(...pieces.slice(next, first), { original, normalised: token });
    next = last + 1;
  }
  result.push(...pieces.slice(next));
  return result;
}

/**
 * @example
 * redactPersonalData('山田です。090-1234-5678 か taro@example.jp に連絡ください'); // '山田です。［電話番号］ か ［メール］ に連絡ください'
 * redactPersonalData('〒123-4567 本町2丁目3番4号 さくらマンション101号室'); // '［郵便番号］ 本町2丁目［番地］ さくらマンション［部屋番号］'
 * redactPersonalData('携帯は〇九〇・一二三四・五六七八です'); // '携帯は［電話番号］です'
 */
export function redactPersonalData(text: string): string {
  return MASKS.reduce(apply, normalise(text))
    .map((piece) => piece.original)
    .join('');
}
