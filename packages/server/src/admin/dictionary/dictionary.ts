/**
 * The staff synonym dictionary (R27 辞書): lines in the shipped thesaurus format, checked line by line with
 * the same parser the search index uses, so a saved dictionary always loads.
 */
import { parseThesaurus, ThesaurusSyntaxError } from '@madoguchi/lexicon';
import type { Store } from '../../store/store.ts';
import type { Issue } from '../qas/schema.ts';
import { DICTIONARY_LIMITS, type DictionaryReply } from './schema.ts';

/**
 * Every line that would not load, by line number (1-based).
 *
 * @example `dictionaryIssues(['ごみ, ゴミ', 'ごみ']) // [{ row: 2, field: 'lines.1', message: '同義語は2語以上を「,」で区切って書いてください' }]`
 */
export function dictionaryIssues(lines: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  if (lines.length > DICTIONARY_LIMITS.maxLines) {
    issues.push({ field: 'lines', message: `辞書は ${DICTIONARY_LIMITS.maxLines.toLocaleString('ja-JP')} 行までです（現在 ${lines.length.toLocaleString('ja-JP')} 行）。` });
  }
  lines.forEach((line, i) => {
    const at = (message: string): void => {
      issues.push({ row: i + 1, field: `lines.${i}`, message });
    };
    if (/[\r\n]/.test(line)) return at('1つの行に改行は入れられません。');
    if ([...line].length > DICTIONARY_LIMITS.lineMaxLength) return at(`1行は ${DICTIONARY_LIMITS.lineMaxLength} 文字以内にしてください。`);
    try {
      parseThesaurus(line);
    } catch (error) {
      if (error instanceof ThesaurusSyntaxError) at(error.problem);
      else throw error;
    }
  });
  return issues;
}

/**
 * The dictionary with its latest revision.
 *
 * @example `const { lines, revision } = await readDictionary(store, siteId);`
 */
export async function readDictionary(store: Store, siteId: string): Promise<DictionaryReply> {
  const [lines, revisions] = await Promise.all([store.listSynonymEntries(siteId), store.listSynonymRevisions(siteId)]);
  const last = revisions.at(-1);
  return { lines, revision: last?.revision ?? 0, updatedBy: last?.actor ?? null, updatedAt: last?.at ?? null };
}
