/**
 * Applies pending schema steps to an open SQLite database and refuses databases newer than the code.
 */
import type Database from 'better-sqlite3';
import { SchemaTooNewError } from '../errors.ts';
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
 * Brings the database up to the last step of `steps`. Each step runs in its own IMMEDIATE transaction
 * together with its `schema_migrations` record, so a failing step leaves neither half a schema nor a
 * record; the version is re-read inside the transaction so two processes starting at once apply a step
 * only once.
 *
 * @throws SchemaTooNewError when the database records a version beyond the last step.
 * @example `migrate(db, migrations, () => new Date().toISOString());`
 */
export function migrate(db: Database.Database, steps: readonly Migration[], now: () => string): MigrationResult {
  assertConsecutive(steps);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const latest = steps.length;
  const from = currentVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);

  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const step of steps) {
    if (step.version <= from) continue;
    db.transaction(() => {
      const current = currentVersion(db);
      if (current > latest) throw new SchemaTooNewError(current, latest);
      if (current >= step.version) return;
      db.exec(step.sql);
      step.rewrite?.(db);
      record.run(step.version, step.name, now());
      applied.push(step.version);
    }).immediate();
  }
  return { from, to: currentVersion(db), applied };
}

/**
 * The highest applied step, 0 for a new database.
 *
 * @example `currentVersion(db) // 1`
 */
export function currentVersion(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

// A gap or a reordering is a programming error that would silently skip a step on some databases.
function assertConsecutive(steps: readonly Migration[]): void {
  steps.forEach((step, i) => {
    if (step.version !== i + 1) {
      throw new Error(`migration steps must be numbered 1..n without gaps; found ${step.version} at position ${i + 1}`);
    }
  });
}
