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
 * NFKC, lower case, invisible characters removed, runs of white space folded to one space.
 *
 * @example
 * normalizeText('ｺﾞﾐ\u3000の\u3000ＰＤＦ'); // 'ゴミ の pdf'
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, ' ')
    .replace(DASH_AFTER_KATAKANA, '$1ー')
    .replace(WAVE_DASHES, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
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
