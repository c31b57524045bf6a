/**
 * Checks model-written Japanese text against the texts it was allowed to use (issue 7, R28). Cities are liable for
 * what the bot says, so the check is deliberately strict and explainable: a sentence is kept only when one source
 * holds most of its wording (character bigrams, which need no tokenizer and suit Japanese) and every fact in it —
 * each number with its unit (fees, dates, deadlines, ages), and each word that flips the meaning (無料, 不要,
 * できません …). A fluent sentence that adds anything the source lacks is dropped, whatever the model was told.
 *
 * Pure: no I/O, no model.
 */

export interface GroundingSource {
  id: string;
  /** Plain text (a Markdown answer through qa/plain-text.ts first). */
  text: string;
}

export interface GroundedSentence {
  /** The sentence as written, citation markers removed. */
  sentence: string;
  /** The sources that support it, a cited one first. */
  sourceIds: string[];
}

export interface DroppedSentence {
  sentence: string;
  /** Why, in Japanese for staff. */
  reason: string;
}

export interface GroundingResult {
  kept: GroundedSentence[];
  dropped: DroppedSentence[];
}

/** Share of a sentence's character bigrams that one source must hold. */
const MIN_WORDING_COVERAGE = 0.6;

/** Sentences ending in 。！？ (or ! ? . before a space or the end, for Latin text), and line breaks. */
const SENTENCE_END = /(?<=[。！？!?])|(?<=\.)(?=\s|$)|\n+/u;

/** `[1]`, `［2］`, `【3】`, `[1][2]`, `[1, 2]`: citations of numbered sources. */
const CITATION = /[[［【]\s*(\d+(?:\s*[,、，]\s*\d+)*)\s*[\]］】]/gu;

/** List markers and quotes that are layout, not wording. */
const LEADING_MARKER = /^(?:[・\-*•●○◆■□]|\d+[.．)）](?!\d)|[（(]\d+[)）])\s*/u;

/**
 * Units that make a number a fact worth checking as a whole: 3日 and 3年 are different claims.
 * Longest first, so 日間 wins over 日.
 */
const UNITS = ['か月', 'ヶ月', 'カ月', 'ケ月', '週間', '日間', '時間', '年度', '営業日', '歳', '才', '円', '日', '月', '年', '時', '分', '秒', '週', '割', '%', '％', '枚', '通', '回', '人', '件', '部', '号', '番', '階', '歳以上', 'yen'];

/**
 * Words that change what a sentence claims even when the rest is copied: each must also be in the source, as a word
 * of its own (対象 is not in 対象外). Negative verb endings are checked as a class (see NEGATION).
 */
const POLARITY_WORDS = ['無料', '有料', '不要', '必要', '不可', '可能', '禁止', '対象外', '対象', '以上', '以下', '未満', '以内', '以前', '以降', '前日', '当日', '翌日', '必ず', '原則', '限り', '限る', '除く', '免除', '減額', '全額', '半額', 'のみ', 'だけ', '一部', '全部', 'すべて'].sort(
  (a, b) => b.length - a.length,
);

/** The polarity words of a normalised text, longest first, each occurrence masked so a shorter word inside it does not count. */
function polarityWords(normalised: string): Set<string> {
  let rest = normalised;
  const found = new Set<string>();
  for (const word of POLARITY_WORDS) {
    if (!rest.includes(word)) continue;
    found.add(word);
    rest = rest.replaceAll(word, '\u0000');
  }
  return found;
}

/** Negative forms: a sentence with one needs a source sentence with one, and vice versa. */
const NEGATION = /ません|ない|ず[、。に]|ぬ|不可|できません|いけません|禁止/u;

const DIGIT_VALUES: Readonly<Record<string, number>> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_MAGNITUDES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1_000 };
const LARGE_MAGNITUDES: Readonly<Record<string, number>> = { 万: 10_000, 億: 100_000_000 };

/** Numbers written with digits, kanji digits and magnitudes, as one value: 1万5千 → 15000, 三百 → 300, 2026 → 2026. */
function numberValue(run: string): number {
  let total = 0;
  let section = 0;
  let digits: number | null = null;
  for (const char of run) {
    const digit = /\d/.test(char) ? Number(char) : DIGIT_VALUES[char];
    if (digit !== undefined) digits = (digits ?? 0) * 10 + digit;
    else if (SMALL_MAGNITUDES[char] !== undefined) {
      section += (digits ?? 1) * SMALL_MAGNITUDES[char];
      digits = null;
    } else if (LARGE_MAGNITUDES[char] !== undefined) {
      total += (section + (digits ?? (section === 0 ? 1 : 0))) * LARGE_MAGNITUDES[char];
      section = 0;
      digits = null;
    }
  }
  return total + section + (digits ?? 0);
}

const NUMBER_RUN = /[0-9〇一二三四五六七八九十百千万億]+/gu;
const UNIT_AHEAD = /^(?:か月|ヶ月|カ月|ケ月|日|月|年|時|分|歳|才|円|回|人|件|通|枚|週|割)/u;

/**
 * NFKC, lower case, digits grouped without separators, and every number as plain digits: a run with a digit in it
 * (1万5千), or of kanji numerals before a unit (三百円). Kanji runs before other characters are words (千葉, 一般).
 */
function normalise(text: string): string {
  const plain = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\d),(?=\d{3})/g, '$1');
  return plain.replace(NUMBER_RUN, (run, offset: number) => {
    const hasDigit = /\d/.test(run);
    const isNumber = (hasDigit || UNIT_AHEAD.test(plain.slice(offset + run.length))) && /[0-9〇一二三四五六七八九]/u.test(run);
    return isNumber && /[^0-9]/.test(run) ? String(numberValue(run)) : run;
  });
}

/** Only the letters and digits of a normalised text: punctuation and spaces do not count as wording. */
function letters(normalised: string): string {
  return normalised.replace(/[^\p{L}\p{N}%]/gu, '');
}

function bigrams(compact: string): Set<string> {
  const chars = [...compact];
  const grams = new Set<string>();
  if (chars.length === 1) grams.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

/**
 * Numbers with their units, as claims: 「300円」「3日」「8時30分」→ ['300円', '3日', '8時', '30分'].
 * A bare number is a claim of its own digits.
 */
function numberFacts(normalised: string): string[] {
  const compact = letters(normalised);
  const facts: string[] = [];
  for (const match of compact.matchAll(/\d+(?:\.\d+)?/g)) {
    const after = compact.slice(match.index + match[0].length);
    const unit = UNITS.filter((u) => after.startsWith(u)).sort((a, b) => b.length - a.length)[0] ?? '';
    facts.push(match[0] + unit);
  }
  return facts;
}

/** True when `fact` occurs in `compactSource` not as part of a longer number (3日 is not in 13日). */
function hasFact(compactSource: string, fact: string): boolean {
  let from = 0;
  for (;;) {
    const at = compactSource.indexOf(fact, from);
    if (at < 0) return false;
    const before = compactSource[at - 1];
    if (before === undefined || !/\d|\./.test(before)) {
      // A bare number must not run on into more digits either.
      const after = compactSource[at + fact.length];
      if (/\D$/.test(fact) || after === undefined || !/\d/.test(after)) return true;
    }
    from = at + 1;
  }
}

/**
 * The sentences of a text, trimmed, without list markers; empty ones dropped.
 *
 * @example splitSentences('住民票は市民課で取れます。手数料は300円です。') // ['住民票は市民課で取れます。', '手数料は300円です。']
 */
export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim().replace(LEADING_MARKER, '').trim())
    .filter((s) => letters(s).length > 0);
}

/**
 * The facts of `text` that `sourceText` does not hold: numbers with units, meaning-flipping words, and a negation
 * the source does not have. Empty when everything checkable is in the source. For rewrites of one text (やさしい日本語),
 * where wording is meant to change but facts are not.
 *
 * @example unsupportedFacts('手数料は0円です。', '手数料は1通300円です。') // ['0円']
 */
export function unsupportedFacts(text: string, sourceText: string): string[] {
  const sentence = normalise(text);
  const source = normalise(sourceText);
  const compactSource = letters(source);
  const missing = numberFacts(sentence).filter((fact) => !hasFact(compactSource, fact));
  const sourceWords = polarityWords(source);
  for (const word of polarityWords(sentence)) if (!sourceWords.has(word)) missing.push(word);
  if (NEGATION.test(sentence) && !NEGATION.test(source)) missing.push('否定（〜ません・〜ない）');
  return [...new Set(missing)];
}

/** Runs of kanji or katakana: the nouns that carry a sentence's facts (窓口 and 郵送 are different claims). */
const TERM_RUN = /[\p{Script=Han}\p{Script=Katakana}ー]{2,}/gu;

/**
 * The kanji and katakana runs of `sentence` that `source` cannot spell: a run counts as supported when it splits
 * into pieces of two or more characters found in the source (市民課窓口 from 市民課の窓口), a single character
 * only when the source has it too. Overlapping wording alone let 「郵送でも請求できます」 pass for 「窓口で請求できます」.
 */
function unsupportedTerms(sentence: string, source: string): string[] {
  const missing: string[] = [];
  for (const [run] of sentence.matchAll(TERM_RUN)) {
    let at = 0;
    while (at < run.length) {
      let length = run.length - at;
      while (length >= 2 && !source.includes(run.slice(at, at + length))) length -= 1;
      if (length < 2 && !source.includes(run[at]!)) break;
      at += Math.max(length, 1);
    }
    if (at < run.length) missing.push(run);
  }
  return missing;
}

/**
 * How many sentences of a text are negative (〜ません, 〜ない, 不可 …). A rewrite with fewer negative sentences than
 * its original may have turned a 「できません」 into a 「できます」, which a check of the whole text cannot see.
 *
 * @example negativeSentenceCount('郵送では申し込みできません。窓口へどうぞ。') // 1
 */
export function negativeSentenceCount(text: string): number {
  return splitSentences(normalise(text)).filter((sentence) => NEGATION.test(sentence)).length;
}

/** A stretch of a source that may support a sentence on its own: one sentence, or two in a row. */
interface SourceWindow {
  normalised: string;
  compact: string;
  grams: Set<string>;
  words: Set<string>;
  negative: boolean;
}

interface PreparedSource {
  id: string;
  grams: Set<string>;
  windows: SourceWindow[];
}

function window(normalised: string): SourceWindow {
  const compact = letters(normalised);
  return { normalised, compact, grams: bigrams(compact), words: polarityWords(normalised), negative: NEGATION.test(normalised) };
}

/**
 * A source as windows of one sentence and of two adjacent sentences. Checking a sentence against the whole text
 * let pieces of different sentences pass together (「窓口で受け取れます。郵送では受け取れません。」 supported
 * 「郵送で受け取れます」); each window must hold the wording, nouns, numbers and polarity at once.
 */
function prepare(source: GroundingSource): PreparedSource {
  const sentences = splitSentences(normalise(source.text));
  const windows = sentences.map(window);
  for (let i = 0; i + 1 < sentences.length; i++) windows.push(window(sentences[i]! + sentences[i + 1]!));
  return { id: source.id, grams: bigrams(letters(normalise(source.text))), windows };
}

function overlap(grams: Set<string>, within: Set<string>): number {
  if (grams.size === 0) return 0;
  let shared = 0;
  for (const gram of grams) if (within.has(gram)) shared += 1;
  return shared / grams.size;
}

/** Why `within` does not support the sentence, or undefined when it does. */
function unsupportedBy(sentence: string, grams: Set<string>, within: SourceWindow): string | undefined {
  if (overlap(grams, within.grams) < MIN_WORDING_COVERAGE) return '根拠となる回答に、同じ内容の文がありません。';
  const missingFacts = numberFacts(sentence).filter((fact) => !hasFact(within.compact, fact));
  if (missingFacts.length > 0) return `根拠となる回答にない数字・日付があります（${missingFacts.join('、')}）。`;
  const missingTerms = unsupportedTerms(sentence, within.normalised);
  if (missingTerms.length > 0) return `根拠となる回答にない言葉があります（${missingTerms.join('、')}）。`;
  const missingWords = [...polarityWords(sentence)].filter((word) => !within.words.has(word));
  if (missingWords.length > 0) return `根拠となる回答にない言葉があります（${missingWords.join('、')}）。`;
  if (within.negative !== NEGATION.test(sentence)) return '根拠となる回答と、肯定・否定が逆になっています。';
  return undefined;
}

/** Why no window of `source` supports the sentence (the reason of the closest window), or undefined when one does. */
function unsupportedBySource(sentence: string, grams: Set<string>, source: PreparedSource): string | undefined {
  let closest: { coverage: number; reason: string } | undefined;
  for (const within of source.windows) {
    const reason = unsupportedBy(sentence, grams, within);
    if (reason === undefined) return undefined;
    const coverage = overlap(grams, within.grams);
    if (!closest || coverage > closest.coverage) closest = { coverage, reason };
  }
  return closest?.reason ?? '根拠となる回答がありません。';
}

/**
 * Keeps the sentences of `text` that one of `sources` supports; drops the rest with the reason. `[n]` markers cite
 * `sources[n - 1]`: a cited source is tried first and listed first, but any source may support a sentence.
 *
 * @example
 * groundSentences('住民票は市民課で取れます[1]。手数料は0円です[1]。', [{ id: '1001', text: '住民票は市民課の窓口で取れます。手数料は1通300円です。' }])
 * // kept: 住民票は市民課で取れます。 (1001); dropped: 手数料は0円です。 (数字)
 */
export function groundSentences(text: string, sources: readonly GroundingSource[]): GroundingResult {
  const prepared = sources.map(prepare);
  const result: GroundingResult = { kept: [], dropped: [] };
  for (const raw of splitSentences(text)) {
    const cited = [...raw.matchAll(CITATION)].flatMap((m) => m[1]!.split(/[,、，]/).map((n) => Number(n.trim()) - 1));
    const sentence = raw.replace(CITATION, '').replace(/\s+(?=[。！？])/gu, '').trim();
    const normalised = normalise(sentence);
    const grams = bigrams(letters(normalised));
    const order = [...new Set([...cited.filter((i) => i >= 0 && i < prepared.length), ...prepared.keys()])];
    const supporting: string[] = [];
    // Staff are told why the closest source falls short, not the first one tried.
    let closest: { coverage: number; reason: string } | undefined;
    for (const index of order) {
      const source = prepared[index]!;
      const why = unsupportedBySource(normalised, grams, source);
      const coverage = overlap(grams, source.grams);
      if (why === undefined) supporting.push(source.id);
      else if (!closest || coverage > closest.coverage) closest = { coverage, reason: why };
    }
    if (supporting.length > 0) result.kept.push({ sentence, sourceIds: supporting });
    else result.dropped.push({ sentence, reason: closest?.reason ?? '根拠となる回答がありません。' });
  }
  return result;
}
