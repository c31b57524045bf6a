/**
 * Character-level normalisation shared by indexing and querying, so that width, case and
 * kana variants of the same text meet before any word is looked at.
 */

const HIRAGANA_START = 0x3041;
const HIRAGANA_END = 0x3096;
const KANA_OFFSET = 0x60;

/** Controls, zero-width and bidi marks: never meaningful in a question, sometimes pasted in. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
/** Dashes typed after katakana where the long-vowel mark was meant (マイナンバ-カード). */
const DASH_AFTER_KATAKANA = /([\u30a1-\u30fa\u30fc])[-\u2010\u2015\u2212]/g;
/** Wave dashes and tildes (〜したい, 9時〜5時): separators, never part of a word. */
const WAVE_DASHES = /[\u301c~]/g;
/**
 * A character or a short piece typed more than three times in a row (税税税税…, ！！！！, ごみごみごみごみ)
 * says nothing more than three times: kept to three, so a pasted run costs no more than a word. Runs of
 * digits are numbers and stay as they are (1000000).
 */
const REPEATED_PIECE = /([^]{1,6}?)\1{3,}/gu;
/**
 * Runs of one script longer than any word (a word of 32 kanji or katakana does not exist; hiragana
 * runs are whole sentences typed on a phone, so they may be longer). The tokenizer's cost grows
 * faster than a run's length, so longer runs are cut into pieces of this size.
 */
const LONG_RUN = /[\p{Script=Han}々〆]{33,}|[\p{Script=Katakana}ー]{33,}|[\p{Script=Hiragana}ー]{65,}|[\p{Script=Latin}\p{Script=Hangul}\p{Script=Cyrillic}\p{Nd}]{33,}/gu;
const RUN_PIECE_LENGTH = { hiragana: 64, other: 32 } as const;

/**
 * NFKC, lower case, invisible characters removed, runs of white space folded to one space.
 *
 * @example
 * normalizeText('ｺﾞﾐ\u3000の\u3000ＰＤＦ'); // 'ゴミ の pdf'
 */
export function normalizeText(text: string): string {
  // A lone surrogate (from a JSON escape such as "\ud800") would break the tokenizer: U+FFFD instead.
  return text
    .toWellFormed()
    .normalize('NFKC')
    .replace(INVISIBLE, ' ')
    .replace(DASH_AFTER_KATAKANA, '$1ー')
    .replace(WAVE_DASHES, ' ')
    .toLowerCase()
    .replace(REPEATED_PIECE, (run: string, piece: string) => (/^[\d,.]+$/.test(piece) ? run : piece.repeat(3)))
    .replace(LONG_RUN, cutRun)
    .replace(/\s+/g, ' ')
    .trim();
}

function cutRun(run: string): string {
  const size = /^[\p{Script=Hiragana}ー]+$/u.test(run) ? RUN_PIECE_LENGTH.hiragana : RUN_PIECE_LENGTH.other;
  const chars = [...run];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces.join(' ');
}

/**
 * Hiragana to katakana; other characters unchanged.
 *
 * @example
 * toKatakana('ごみ出し'); // 'ゴミ出シ'
 */
export function toKatakana(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code >= HIRAGANA_START && code <= HIRAGANA_END ? String.fromCodePoint(code + KANA_OFFSET) : ch;
  }
  return out;
}

/** True when the text is made only of kana (and the long-vowel mark). */
export function isKanaOnly(text: string): boolean {
  return /^[\u3041-\u309f\u30a0-\u30ffー]+$/u.test(text);
}
