/**
 * Which morphemes carry meaning, and the keys under which they are matched.
 * Citizens wrap a few content words in a lot of politeness (〜したいのですが、教えていただけますか);
 * only the content words should decide which QA answers.
 */
import { isKanaOnly, toKatakana } from './normalize.ts';
import type { Morpheme } from './tokenizer.ts';

/**
 * Verbs and helpers that IPADIC writes sometimes in kanji, sometimes in kana (来る/くる):
 * mapped to one spelling so that 引っ越して来た and 引っ越してきた give the same lemma.
 */
const LEMMA_SPELLINGS: Readonly<Record<string, string>> = {
  来る: 'くる', 行く: 'いく', 居る: 'いる', 有る: 'ある', 無い: 'ない', 出来る: 'できる', 為る: 'する',
  頂く: 'いただく', 下さる: 'くださる', 致す: 'いたす', 言う: 'いう', 貰う: 'もらう', 良い: 'よい', いい: 'よい',
  判る: 'わかる', 分る: 'わかる', 分かる: 'わかる', 解る: 'わかる', 付く: 'つく', 出す: 'だす', 取る: 'とる',
  捨てる: 'すてる', 払う: 'はらう', 止める: 'やめる', 辞める: 'やめる',
};

/**
 * Content words that say nothing about which service is meant: the politeness and question
 * scaffolding of citizens' sentences (教えてください, どうすればいいですか, 〜について知りたい).
 * Compared after {@link lemmaKey}.
 */
const FILLER_LEMMAS = new Set(
  [
    'する', 'なる', 'ある', 'いる', 'できる', 'くる', 'いう', 'おもう', '思う', '教える', 'おしえる', '知る', 'しる',
    'わかる', '聞く', 'きく', '願う', 'ねがう', 'いただく', 'いただける', 'くださる', 'いたす', 'もらう', 'もらえる', 'くれる', 'よい', 'ほしい', '欲しい',
    'しまう', 'みる', 'おる', 'やる', 'れる', 'られる', 'せる', 'つく', '伺う', 'うかがう', '尋ねる', '存じる', '申す',
    '方法', '仕方', 'やり方', '事', 'こと', 'もの', '物', 'ため', '為', '場合', 'よう', '様', '件', '方', 'かた',
    '質問', '今回', '今度', '先日', '以下', '何', 'なに', 'どう', 'どの', 'どれ', 'どちら', '感じ', '感', '際', '時',
    'とき', 'ところ', '所', '自分', '私', 'わたし', '僕', 'うち', '皆さん', '的', 'など', 'あと', '後', 'ちょっと',
    '少し', '全然', 'すみません', 'お願い', '大丈夫', '可能', '必要', '手続き', '手続', '関係', '関する', '対する',
    '教え', 'いつ', 'どこ', 'いくら', '誰', 'だれ', 'なぜ', 'どうして', '具体', '詳しい', '詳細', '内容', '今',
    // When something is asked says nothing of what is asked (今日の天気は is no question about a QA of 今日).
    '今日', '明日', '昨日', '今朝', '今週', '来週', '先週', '今月', '来月', '先月', '今年', '来年', '去年', '昨年', '最近', '毎日',
  ].map((word) => katakanaIfKana(word)),
);

function katakanaIfKana(word: string): string {
  return isKanaOnly(word) ? toKatakana(word) : word;
}

/**
 * The key a morpheme is matched under: its base form, kana spelt in katakana so that
 * ごみ/ゴミ and こども/コドモ meet, and a few verbs spelt one way.
 *
 * @example
 * lemmaKey({ surface: '引っ越し', pos: '動詞', posDetail: '自立', baseForm: '引っ越す', reading: 'ヒッコシ' }); // '引っ越す'
 */
export function lemmaKey(m: Morpheme): string {
  const base = m.baseForm && m.baseForm !== '*' ? m.baseForm : m.surface;
  return katakanaIfKana(LEMMA_SPELLINGS[base] ?? base);
}

/** Katakana reading of what was written, or of the kana itself when the dictionary has none. */
export function readingOf(m: Morpheme): string {
  if (m.reading && m.reading !== '*') return m.reading;
  return isKanaOnly(m.surface) ? toKatakana(m.surface) : '';
}

const KANJI = /\p{Script=Han}/u;
const LONG_NUMBER = /^\d{5,}$/;
const HONORIFIC_PREFIXES = new Set(['お', 'ご', '御', 'o']);

/**
 * Auxiliary verbs after a te-form that change meaning without naming anything: direction
 * (引っ越してきた = moved here, 引っ越していく = moving away) and completion. They are kept as
 * filler words, so thesaurus phrases can use them while they are never scored alone.
 */
const MEANINGFUL_AUXILIARY_VERBS = new Set(['くる', '来る', 'いく', '行く', 'しまう']);

/** True for an auxiliary verb kept for phrase lookups only (see {@link MEANINGFUL_AUXILIARY_VERBS}). */
export function isAuxiliaryVerb(m: Morpheme): boolean {
  return m.pos === '動詞' && m.posDetail === '非自立' && MEANINGFUL_AUXILIARY_VERBS.has(m.baseForm);
}

/** Negation after a verb or adjective (燃えない, 行けません, 使えず). */
export function isNegation(m: Morpheme): boolean {
  return m.pos === '助動詞' && (m.baseForm === 'ない' || m.baseForm === 'ぬ' || m.baseForm === 'ん');
}

/** Polite ます between a verb and its negation (行けません = 行け + ませ + ん). */
export function isPoliteAuxiliary(m: Morpheme): boolean {
  return m.pos === '助動詞' && m.baseForm === 'ます';
}

/** Appended to the lemma of a negated word, so 燃えないごみ and 燃えるごみ are different words. */
export const NEGATED_SUFFIX = 'ナイ';

/** True for morphemes that can say what a question is about. */
export function isContentMorpheme(m: Morpheme): boolean {
  if (!/[\p{L}\p{N}]/u.test(m.surface)) return false;
  switch (m.pos) {
    case '名詞':
      if (m.posDetail === '非自立' || m.posDetail === '代名詞' || m.posDetail === '特殊') return false;
      // A long number is a phone, card or account number: personal, and never what a QA is about.
      if (LONG_NUMBER.test(m.surface)) return false;
      // Kanji suffixes carry meaning (住民税 → 住民 + 税, 市民課 → 市民 + 課); kana ones do not (さん, たち).
      if (m.posDetail === '接尾') return KANJI.test(m.surface);
      return true;
    case '動詞':
    case '形容詞':
      return m.posDetail === '自立';
    case '接頭詞':
      return KANJI.test(m.surface) && !HONORIFIC_PREFIXES.has(m.surface);
    case 'カスタム名詞':
      return true;
    default:
      return false;
  }
}

/** True when the lemma is scaffolding rather than subject matter. */
export function isFillerLemma(lemma: string): boolean {
  return FILLER_LEMMAS.has(lemma);
}
