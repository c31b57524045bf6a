/**
 * A new data directory starts with the starter pack and sample city facts, so a newcomer can
 * chat at once; a city then edits or replaces them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SAMPLE_CITY_FACTS_PATH, STARTER_QA_FILES } from '@madoguchi/starter-pack';
import { parseQaFile } from '../qa/io/index.ts';
import type { QaContent } from '../qa/model.ts';
import { CITY_FACTS_SETTING, type CityFacts } from '../qa/placeholders.ts';
import type { Store } from '../store/store.ts';

export const SEED_ACTOR = 'starter-pack';

/** A starter-pack file that does not parse: a packaging bug, named so it can be fixed. */
export class StarterPackError extends Error {
  override name = 'StarterPackError';
}

async function readPackFile(file: string): Promise<QaContent[]> {
  try {
    return await parseQaFile(await readFile(file), 'jsonl');
  } catch (error) {
    throw new StarterPackError(`スターターパック ${path.basename(file)} を読み込めません: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Seeds and publishes the site when it has no QA yet; returns how many QAs were added (0 when it had some). */
export async function seedIfEmpty(store: Store, siteId: string): Promise<number> {
  if ((await store.countQas(siteId)) > 0) return 0;
  const files = await Promise.all(STARTER_QA_FILES.map(readPackFile));
  const qas = files.flat();
  await store.importQas(siteId, qas, { actor: SEED_ACTOR, mode: 'merge' });
  if ((await store.getSetting<CityFacts>(siteId, CITY_FACTS_SETTING)) === undefined) {
    const facts = JSON.parse(await readFile(SAMPLE_CITY_FACTS_PATH, 'utf8')) as CityFacts;
    await store.setSetting(siteId, CITY_FACTS_SETTING, facts, SEED_ACTOR);
  }
  await store.publish(siteId, SEED_ACTOR);
  return qas.length;
}
