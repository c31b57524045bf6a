/**
 * Applies pending schema steps to a PostgreSQL schema and refuses one newer than the code. Several instances
 * may start at once: each step runs under a lock, so it is applied exactly once.
 */
import type { Pool } from 'pg';
import { SchemaTooNewError } from '../errors.ts';
import { inTransaction, lockUntilCommit } from './database.ts';
import type { Migration } from './migrations.ts';

/**
 * What {@link migrate} did.
 *
 * @example `{ from: 0, to: 1, applied: [1] }`
 */
export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Brings the schema up to the last of `steps`. Each step runs in its own transaction together with its
 * `schema_migrations` record, after taking the migration lock and re-reading the version, so a failing step
 * leaves neither half a schema nor a record and instances starting together apply it once.
 *
 * @throws SchemaTooNewError when the schema records a version beyond the last step.
 * @example `await migrate(pool, migrations, () => new Date().toISOString());`
 */
export async function migrate(pool: Pool, steps: readonly Migration[], now: () => string): Promise<MigrationResult> {
  steps.forEach((step, i) => {
    // A gap or a reordering would silently skip a step on some databases.
    if (step.version !== i + 1) throw new Error(`migration steps must be numbered 1..n without gaps; found ${step.version} at position ${i + 1}`);
  });
  const latest = steps.length;
  const applied: number[] = [];
  let from: number | undefined;
  for (;;) {
    const done = await inTransaction(pool, async (db) => {
      await lockUntilCommit(db, 'migrate');
      await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at text NOT NULL
      )`);
      const current = await currentVersion(db);
      from ??= current;
      if (current > latest) throw new SchemaTooNewError(current, latest);
      const step = steps[current];
      if (!step) return true;
      await db.query(step.sql);
      await step.rewrite?.(db);
      await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [step.version, step.name, now()]);
      applied.push(step.version);
      return false;
    });
    if (done) return { from: from ?? 0, to: latest, applied };
  }
}

/**
 * The highest applied step, 0 for a new schema.
 *
 * @example `await currentVersion(pool) // 1`
 */
export async function currentVersion(db: Pick<Pool, 'query'>): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}
