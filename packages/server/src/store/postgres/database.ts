/**
 * The connection pool and the two tools every PostgreSQL write uses: a transaction on one pooled
 * connection, and a named lock held until that transaction ends.
 */
import { DatabaseError, Pool, TypeOverrides, types, type PoolClient } from 'pg';
import { StoreInputError } from '../errors.ts';

/**
 * How to connect, besides the URL.
 *
 * @example `{ schema: 'test_1a2b', poolSize: 4 }`
 */
export interface PoolOptions {
  /** Schema to work in (must exist); a URL's own `options` parameter takes precedence. Tests use one each. */
  schema?: string;
  /** Connections kept open at most (default 10). */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/**
 * When the database is unreachable, calls fail after this long instead of hanging: the chat keeps answering
 * from memory and the chat log's queue retries (R42).
 */
const CONNECT_TIMEOUT_MS = 5_000;
/** No single query of ours takes near this long; one that does is stuck behind a lost connection. */
const QUERY_TIMEOUT_MS = 120_000;

/**
 * A pool on `url`. Counts come back as numbers: bigint sums and counts are far below 2^53 here.
 *
 * @example `const pool = createPool('postgres://postgres@127.0.0.1:5432/test', { schema: 'test_1' });`
 */
export function createPool(url: string, options: PoolOptions = {}): Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`schema must be a lower-case SQL identifier: ${options.schema}`);
  }
  const parsers = new TypeOverrides();
  parsers.setTypeParser(types.builtins.INT8, Number);
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    types: parsers,
    application_name: 'madoguchi',
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection the server dropped (restart, failover) is discarded by the pool and the next query
  // opens a new one; without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  // The same for a connection in use (inside a transaction): its query fails and the caller hears of it, but
  // the 'error' event it also emits would otherwise end the process (found by cli/database-down.test.ts).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws
 * (so a failure leaves nothing half-written). A connection that cannot even roll back is discarded. Text
 * PostgreSQL cannot hold (U+0000, which SQLite would store) fails as `StoreInputError`, not as a server fault.
 *
 * @example `await inTransaction(pool, async (db) => { await db.query('…'); });`
 */
export async function inTransaction<T>(pool: Pool, work: (db: PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  let broken: Error | undefined;
  try {
    await db.query('BEGIN');
    const result = await work(db);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw unstorableText(error) ?? error;
  } finally {
    db.release(broken);
  }
}

/**
 * Waits for the lock named `name` in this schema and holds it until the transaction ends. For what row locks
 * cannot cover: rows that do not exist yet (the next revision number) and whole sets (a site's chat log).
 *
 * @example `await lockUntilCommit(db, "publish:" + siteId);`
 */
export async function lockUntilCommit(db: PoolClient, name: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':madoguchi:' || $1, 0))", [name]);
}

// invalid byte sequence (U+0000 in text), unsupported Unicode escape (\u0000 in jsonb)
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

function unstorableText(error: unknown): StoreInputError | undefined {
  if (!(error instanceof DatabaseError) || !UNSTORABLE_TEXT.has(error.code ?? '')) return undefined;
  return new StoreInputError('保存できない文字（NUL 文字）が含まれています。取り除いてからもう一度保存してください');
}
