/**
 * The thesaurus text format, shared by the shipped municipal thesaurus and the entries staff add:
 *
 *     # comment
 *     予防接種, 予防注射, ワクチン          ← words that mean the same
 *     引っ越してきた, 越してきた -> 転入, 転入届   ← everyday expressions that imply these terms
 */
import type { LexiconSource } from '@madoguchi/engine';

export class ThesaurusSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${line}行目: ${problem}`);
    this.name = 'ThesaurusSyntaxError';
  }
}

/**
 * Parses thesaurus text. Throws {@link ThesaurusSyntaxError} (in Japanese, with the line number)
 * on a line that is neither a group of two or more words nor `words -> words`.
 *
 * @example
 * parseThesaurus('ごみ, ゴミ, 塵\n引っ越してきた -> 転入');
 * // { groups: [{ words: ['ごみ', 'ゴミ', '塵'] }], expansions: [{ from: ['引っ越してきた'], to: ['転入'] }] }
 */
export function parseThesaurus(text: string): LexiconSource {
  const source: LexiconSource = { groups: [], expansions: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split('->');
    if (parts.length > 2) throw new ThesaurusSyntaxError(i + 1, '「->」は1行に1つだけ書いてください');
    const [left, right] = parts.map(splitWords);
    if (right) {
      if (left!.length === 0 || right.length === 0) throw new ThesaurusSyntaxError(i + 1, '「->」の左右に語を書いてください');
      source.expansions.push({ from: left!, to: right });
    } else {
      if (left!.length < 2) throw new ThesaurusSyntaxError(i + 1, '同義語は2語以上を「,」で区切って書いてください');
      source.groups.push({ words: left! });
    }
  });
  return source;
}

function splitWords(part: string): string[] {
  return [...new Set(part.split(/[,、，]/).map((w) => w.trim()).filter((w) => w !== ''))];
}
