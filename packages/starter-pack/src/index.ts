/**
 * @madoguchi/starter-pack: general municipal QAs written by the Madoguchi project (CC BY 4.0),
 * with placeholders a city fills in once ({{市名}}, {{担当課:市民課}} …; see FORMAT.md), and
 * sample values for those placeholders so a new installation can chat at once.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The pack's QA files (JSON Lines), in id order. */
export const STARTER_QA_FILES: readonly string[] = readdirSync(path.join(root, 'qa'))
  .filter((name) => name.endsWith('.jsonl'))
  .sort()
  .map((name) => path.join(root, 'qa', name));

/** Sample city facts (a fictional まどぐち市) for every placeholder the pack uses. */
export const SAMPLE_CITY_FACTS_PATH = path.join(root, 'facts.json');
