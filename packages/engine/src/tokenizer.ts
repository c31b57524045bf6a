/**
 * The morphological analyser the engine depends on. The engine never loads a dictionary itself
 * (it has no I/O); `@madoguchi/lexicon` supplies a kuromoji-backed implementation.
 */

/** One morpheme, in IPADIC terms. */
export interface Morpheme {
  /** The text as written (after normalisation). */
  surface: string;
  /** Part of speech, e.g. 名詞, 動詞, 助詞. */
  pos: string;
  /** First POS detail, e.g. 一般, サ変接続, 非自立, 接尾. */
  posDetail: string;
  /** Dictionary (base) form, e.g. 引っ越す for 引っ越し; equals surface for unknown words. */
  baseForm: string;
  /** Katakana reading of the surface; empty when the dictionary does not know the word. */
  reading: string;
}

/**
 * Splits text into morphemes.
 *
 * @example
 * const tokenizer: Tokenizer = await loadTokenizer(); // from @madoguchi/lexicon
 * tokenizer.tokenize('転入届'); // [{ surface: '転入', … }, { surface: '届', … }]
 */
export interface Tokenizer {
  tokenize(text: string): Morpheme[];
}
