/**
 * The PostgreSQL server tests use, and a fresh schema per test so runs never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** DATABASE_URL_TEST, or the local server's `test` database (scripts/ensure-postgres.sh starts or installs it). */
export const TEST_DATABASE_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * An empty schema of its own, with a URL that works in it (its `options` set the search_path, as a
 * DATABASE_URL given to `madoguchi serve` may); `drop()` removes it and everything in it.
 *
 * @example
 * ```ts
 * const schema = await createTestSchema();
 * const store = await openPostgresStore(TEST_DATABASE_URL, { schema: schema.name });
 * await store.close();
 * await schema.drop();
 * ```
 */
export async function createTestSchema(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `madoguchi_test_${randomBytes(6).toString('hex')}`;
  await administer(`CREATE SCHEMA ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return { name, url: url.href, drop: () => administer(`DROP SCHEMA IF EXISTS ${name} CASCADE`) };
}

async function administer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
