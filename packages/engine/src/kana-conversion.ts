/**
 * Hiragana-only words are where the tokenizer fails most (せたいぬし → せ/たい/いぬ/し, so a
 * question about 世帯主 finds dogs). Citizens type them all the same, on phones, or because they
 * do not know the kanji. Like an input method, this converts hiragana runs into the words the
 * indexed QAs actually use, by reading, before the tokenizer sees them.
 */
import { toHiragana } from 'wanakana';
import { NEGATED_SUFFIX } from './morphemes.ts';
import { toKatakana } from './normalize.ts';
import type { ContentWord } from './content-words.ts';

const KANJI = /[\p{Script=Han}々]/gu;
/** Compounds of up to this many adjacent words are learnt as one word (国民 + 健康 + 保険). */
const MAX_COMPOUND_WORDS = 3;
/** Longest reading tried as one word. */
const MAX_WORD_READING = 12;
/**
 * A run is converted only when known words cover at least this share of it. Low, because a question typed
 * wholly in hiragana is mostly grammar (こせきとうほんがほしいんですけど): the words found are converted, the
 * grammar is left to the tokenizer, which reads it well once the nouns are in kanji.
 */
const MIN_COVERED_SHARE = 0.3;
/** Romaji is converted only when known words cover nearly all of it: otherwise it is probably English (name, time). */
const MIN_ROMAJI_COVERED_SHARE = 0.8;
/**
 * Latin words that may be romaji (juminhyo, kokuho): letters only, three or more, standing alone: not part of
 * an address, a file name or an e-mail (…/kurashi/zei/…, tokyo.lg.jp).
 */
const LATIN_WORD = /(?<![\w./@:-])[a-z]{3,}(?![\w./@:-])/g;
const LONG_VOWEL = /[ウー]/;
/**
 * Two-kana readings are too ambiguous alone (した → 下, たい → 帯); they are converted only as
 * part of a compound, right beside a longer word (せたい + ぬし → 世帯主).
 */
const MIN_STANDALONE_READING = 3;
/** Grammatical endings that must never become words (作りたい is not 作り帯). */
const GRAMMAR_READINGS = new Set(['タイ', 'タイデス', 'シタ', 'ナイ', 'マス', 'デス', 'ケド', 'ノデ', 'カラ', 'ヨウ', 'ソウ', 'テル', 'タラ', 'ナラ', 'ダッタ', 'テイル', 'テル']);
/**
 * Hiragana runs that start a question or follow anything but kanji (a space, punctuation, digits,
 * katakana): the ones a citizen typed as words. Runs after kanji are okurigana and particles
 * (取りたい, 住民票がほしい), which the tokenizer reads well; runs before 市, 町, 村 … are place names
 * (さいたま市, まどぐち市).
 */
const STANDALONE_HIRAGANA = /(^|[^\p{Script=Han}々ぁ-ゖー])([ぁ-ゖー]{3,})(?![ぁ-ゖー市町村区県都府])/gu;

/** A reading without the slip people make most typing it: long vowels left out or written ー (じゅみんひょ, こくみんけんこーほけん). */
function looseReading(katakana: string): string {
  return katakana.replace(/([オコソトノホモヨロゴゾドボポョ]|[ウクスツヌフムユルグズブプュ])ウ/g, '$1').replace(/ー/g, '');
}

/**
 * Readings of the words in the indexed QAs, each with the spelling the QAs use most.
 *
 * @example
 * const dictionary = ReadingDictionary.fromTexts(contentWordsOfEachQaText);
 * dictionary.convert('せたいぬし へんこう'); // '世帯主 変更'
 */
export class ReadingDictionary {
  readonly #spellings: Map<string, string>;
  /**
   * The same spellings by {@link looseReading}, for loose readings long enough not to meet by accident;
   * where two readings meet, the spelling the QAs use more.
   */
  readonly #looseSpellings: Map<string, string>;
  /** The kanji of each spelling of a reading (引越し, 引っ越し → 引越, 引越), to tell variants from homophones. */
  readonly #kanjiByReading: Map<string, string[]>;

  private constructor(spellings: Map<string, string>, looseSpellings: Map<string, string>, kanjiByReading: Map<string, string[]>) {
    this.#spellings = spellings;
    this.#looseSpellings = looseSpellings;
    this.#kanjiByReading = kanjiByReading;
  }

  /**
   * Learns spellings from the content words of each text, and of the compounds they form (住民 + 票 is
   * also 住民票, so じゅうみんひょう is read as one word); only words written with kanji or katakana are
   * worth converting to.
   */
  static fromTexts(texts: Iterable<readonly ContentWord[]>): ReadingDictionary {
    const counts = new Map<string, Map<string, number>>();
    const count = (reading: string, surface: string): void => {
      if (reading.length < 2 || reading.length > MAX_WORD_READING || /^[ぁ-ゖー]+$/.test(surface)) return;
      let bySurface = counts.get(reading);
      if (!bySurface) {
        bySurface = new Map();
        counts.set(reading, bySurface);
      }
      bySurface.set(surface, (bySurface.get(surface) ?? 0) + 1);
    };
    // A negated word (燃えない: reading モエナイ, written 燃え) has no spelling of its own to convert to.
    const learnable = (word: ContentWord): boolean => !word.filler && word.reading !== '' && !word.lemma.endsWith(NEGATED_SUFFIX);
    for (const words of texts) {
      words.forEach((word, i) => {
        if (!learnable(word)) return;
        count(word.reading, word.surface);
        let reading = word.reading;
        let surface = word.surface;
        for (let j = i + 1; j < Math.min(words.length, i + MAX_COMPOUND_WORDS); j++) {
          const next = words[j]!;
          if (next.run !== word.run || !learnable(next)) break;
          reading += next.reading;
          surface += next.surface;
          count(reading, surface);
        }
      });
    }
    const spellings = new Map<string, string>();
    const looseSpellings = new Map<string, string>();
    const looseCounts = new Map<string, number>();
    const kanjiByReading = new Map<string, string[]>();
    for (const [reading, bySurface] of counts) {
      kanjiByReading.set(reading, [...bySurface.keys()].map((surface) => (surface.match(KANJI) ?? []).join('')));
      let best = '';
      let bestCount = 0;
      for (const [surface, count] of bySurface) if (count > bestCount) [best, bestCount] = [surface, count];
      spellings.set(reading, best);
      const loose = looseReading(reading);
      if (loose.length >= MIN_STANDALONE_READING && bestCount > (looseCounts.get(loose) ?? 0)) {
        looseSpellings.set(loose, best);
        looseCounts.set(loose, bestCount);
      }
    }
    return new ReadingDictionary(spellings, looseSpellings, kanjiByReading);
  }

  /**
   * True when a word written with kanji shares a kanji with every spelling the QAs give its reading: the
   * reading then only joins variants of one word (引越し, 引っ越し; 子供, 子ども). Where the QAs also write a
   * homophone (天気, 転機; 公園, 講演), the reading could join either, and says nothing for certain.
   *
   * @example dictionary.isVariantSpelling('コウエン', '講演'); // false when the QAs write 公園
   */
  isVariantSpelling(reading: string, surface: string): boolean {
    const own = surface.match(KANJI) ?? [];
    // A reading the QAs write only in kana (てんき in an alternate) says nothing of which kanji they mean.
    const spellings = this.#kanjiByReading.get(reading) ?? [];
    return spellings.length > 0 && spellings.every((kanji) => own.some((ch) => kanji.includes(ch)));
  }

  /**
   * A citizen's question read as the QAs' words: romaji words that known words cover (juminhyo → 住民票),
   * then {@link convertKana}.
   */
  convert(text: string): string {
    const withoutRomaji = text.replace(LATIN_WORD, (word) => {
      const kana = toHiragana(word);
      if (!/^[ぁ-ゖー]+$/.test(kana)) return word;
      const converted = this.#convertRun(kana, MIN_ROMAJI_COVERED_SHARE);
      return converted === kana ? word : converted;
    });
    return this.convertKana(withoutRomaji);
  }

  /**
   * The standalone hiragana runs of normalised text that known words partly cover, as the QAs write them.
   * Used on the QAs' own text too, where Latin words are addresses and names, never romaji.
   */
  convertKana(text: string): string {
    return text.replace(STANDALONE_HIRAGANA, (_, before: string, run: string) => before + this.#convertRun(run, MIN_COVERED_SHARE));
  }

  /**
   * Splits a run into known readings by dynamic programming: longest words first (a word of n
   * kana scores n²), characters between words kept as written (particles: の, を, って).
   */
  #convertRun(run: string, minCoveredShare: number): string {
    const kana = toKatakana(run);
    const n = kana.length;
    const best = new Float64Array(n + 1);
    const cut = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) {
      best[i] = best[i - 1]!;
      cut[i] = 0;
      for (let length = 2; length <= Math.min(MAX_WORD_READING, i); length++) {
        const reading = kana.slice(i - length, i);
        if (GRAMMAR_READINGS.has(reading)) continue;
        const exact = this.#spellings.has(reading);
        // Only a slice with ウ or ー reads differently loose; the others are their own loose form.
        if (!exact && !this.#looseSpellings.has(LONG_VOWEL.test(reading) ? looseReading(reading) : reading)) continue;
        // A slip-tolerant match counts a little less, so the exact reading wins where both fit.
        const score = best[i - length]! + length * length * (exact ? 1 : 0.9);
        if (score > best[i]!) {
          best[i] = score;
          cut[i] = length;
        }
      }
    }
    const words: { start: number; end: number }[] = [];
    for (let i = n; i > 0; ) {
      const length = cut[i]!;
      if (length > 0) words.unshift({ start: i - length, end: i });
      i -= Math.max(1, length);
    }
    const isLong = (w: { start: number; end: number } | undefined): boolean => !!w && w.end - w.start >= MIN_STANDALONE_READING;
    const kept = words.filter((w, k) => isLong(w) || (isLong(words[k - 1]) && words[k - 1]!.end === w.start) || (isLong(words[k + 1]) && words[k + 1]!.start === w.end));
    const covered = kept.reduce((sum, w) => sum + w.end - w.start, 0);
    if (kept.length === 0 || covered / n < minCoveredShare) return run;
    let out = '';
    let at = 0;
    for (const w of kept) {
      const reading = kana.slice(w.start, w.end);
      out += run.slice(at, w.start) + (this.#spellings.get(reading) ?? this.#looseSpellings.get(looseReading(reading))!);
      at = w.end;
    }
    return out + run.slice(at);
  }
}

