/**
 * The word lists the engine's lexicon is built from: sudachi's synonym dictionary and the
 * project's municipal thesaurus, which fills sudachi's gaps in administrative vocabulary.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeText, type LexiconSource, type SynonymGroup } from '@madoguchi/engine';
import { parseThesaurus } from './thesaurus.ts';

const require = createRequire(import.meta.url);

/** The municipal thesaurus shipped with Madoguchi: administrative synonyms. */
export const MUNICIPAL_THESAURUS_PATH = fileURLToPath(new URL('../data/municipal-thesaurus.txt', import.meta.url));
/**
 * Everyday words and life situations mapped to administrative terms (妊活 → 不妊治療, 亡くなった → 死亡届),
 * written from what cities' FAQs contain, domain by domain.
 */
export const EVERYDAY_THESAURUS_PATH = fileURLToPath(new URL('../data/municipal-thesaurus-everyday.txt', import.meta.url));

interface SudachiEntry {
  expandControl: 0 | 1 | 2;
  midashi: string;
}
interface SudachiGroup {
  items: SudachiEntry[];
}

/**
 * Sudachi's synonym groups (Apache-2.0). Entries marked "never expand" (expandControl 2) are
 * left out; "expand but never trigger" (1) become passive words.
 */
export function loadSudachiSynonyms(): Promise<SynonymGroup[]> {
  // 14.6 MB of JSON, the same for the life of the process: read once, not at every index rebuild.
  sudachiLoading ??= readSudachiSynonyms();
  return sudachiLoading;
}

let sudachiLoading: Promise<SynonymGroup[]> | undefined;

async function readSudachiSynonyms(): Promise<SynonymGroup[]> {
  // The package's ESM entry is broken (no index.module.js): read the JSON beside its main file.
  const jsonPath = path.join(path.dirname(require.resolve('sudachi-synonyms-dictionary')), 'sudachi-synonyms-dictionary.json');
  const groups = JSON.parse(await readFile(jsonPath, 'utf8')) as SudachiGroup[];
  // Normalised once here: the engine checks these words against every index's vocabulary.
  return groups
    .map((g) => ({
      words: g.items.filter((e) => e.expandControl === 0).map((e) => normalizeText(e.midashi)),
      passiveWords: g.items.filter((e) => e.expandControl === 1).map((e) => normalizeText(e.midashi)),
    }))
    .filter((g) => g.words.length + g.passiveWords.length >= 2 && g.words.length >= 1);
}

/** The shipped municipal thesaurus (both files), parsed. */
export async function loadMunicipalThesaurus(): Promise<LexiconSource> {
  const [administrative, everyday] = await Promise.all(
    [MUNICIPAL_THESAURUS_PATH, EVERYDAY_THESAURUS_PATH].map(async (file) => parseThesaurus(await readFile(file, 'utf8'))),
  );
  return { groups: [...administrative!.groups, ...everyday!.groups], expansions: [...administrative!.expansions, ...everyday!.expansions] };
}
