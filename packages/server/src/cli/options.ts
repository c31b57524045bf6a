/**
 * Options every command shares, also settable from the environment (handy in containers and CI).
 */
import path from 'node:path';
import { DEFAULT_SITE_ID } from '../qa/model.ts';
import { openPostgresStore } from '../store/postgres/index.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/store.ts';

export interface GlobalOptions {
  dataDir: string;
  site: string;
}

export const DEFAULT_DATA_DIR = process.env.MADOGUCHI_DATA_DIR ?? './data';
export const DEFAULT_SITE = process.env.MADOGUCHI_SITE ?? DEFAULT_SITE_ID;

/**
 * The store every command works on: PostgreSQL when the DATABASE_URL environment variable is set (never a
 * flag: the URL may hold a password, and command lines are visible to every user of the machine), else the
 * SQLite file under --data-dir.
 *
 * @example `const store = await openStore(options);`
 */
export async function openStore(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return env.DATABASE_URL ? openPostgresStore(env.DATABASE_URL) : openSqliteStore(path.resolve(options.dataDir));
}

/**
 * Where {@link openStore} keeps the data, for messages: the data directory, or the database's host and name
 * (never the URL's user or password).
 *
 * @example `storeLocation(options) // 'PostgreSQL db.example.jp:5432/madoguchi'`
 */
export function storeLocation(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (!env.DATABASE_URL) return options.dataDir;
  const url = URL.canParse(env.DATABASE_URL) ? new URL(env.DATABASE_URL) : undefined;
  return url ? `PostgreSQL ${url.host}${url.pathname}` : 'PostgreSQL';
}
