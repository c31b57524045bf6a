/**
 * Options every command shares, also settable from the environment (handy in containers and CI).
 */
import path from 'node:path';
import { DEFAULT_SITE_ID } from '../qa/model.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/store.ts';

export interface GlobalOptions {
  dataDir: string;
  site: string;
}

export const DEFAULT_DATA_DIR = process.env.MADOGUCHI_DATA_DIR ?? './data';
export const DEFAULT_SITE = process.env.MADOGUCHI_SITE ?? DEFAULT_SITE_ID;

export function openStore(options: GlobalOptions): Store {
  return openSqliteStore(path.resolve(options.dataDir));
}
