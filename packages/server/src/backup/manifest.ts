/**
 * What a SQLite backup says about itself, stored inside the backup file (a table of one row) so the file
 * stays an ordinary SQLite database that travels alone. Restore checks the file against it.
 */
import type Database from 'better-sqlite3';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import serverPackage from '../../package.json' with { type: 'json' };
import { currentVersion } from '../store/sqlite/migrate.ts';
import { BackupError } from './backup-error.ts';

const MANIFEST_TABLE = 'madoguchi_backup';

export const BackupManifest = Type.Object({
  format: Type.Literal('madoguchi-sqlite-backup'),
  /** Of this manifest's shape, not of the database schema. */
  formatVersion: Type.Literal(1),
  /** The Madoguchi that made the backup. */
  madoguchiVersion: Type.String(),
  /** The database's migration step at the snapshot. */
  schemaVersion: Type.Integer({ minimum: 0 }),
  /** When the snapshot was taken, ISO UTC. */
  createdAt: Type.String(),
  /** Rows of every table at the snapshot, by table name. */
  rows: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});
export type BackupManifest = Static<typeof BackupManifest>;

/**
 * Counts the snapshot's rows and writes its manifest into it.
 *
 * @example const manifest = stampManifest(db, new Date()); manifest.rows.qas; // 429
 */
export function stampManifest(db: Database.Database, createdAt: Date): BackupManifest {
  const manifest: BackupManifest = {
    format: 'madoguchi-sqlite-backup',
    formatVersion: 1,
    madoguchiVersion: serverPackage.version,
    schemaVersion: currentVersion(db),
    createdAt: createdAt.toISOString(),
    rows: countRows(db),
  };
  db.exec(`CREATE TABLE ${MANIFEST_TABLE} (manifest TEXT NOT NULL CHECK (json_valid(manifest))) STRICT`);
  db.prepare(`INSERT INTO ${MANIFEST_TABLE} (manifest) VALUES (?)`).run(JSON.stringify(manifest));
  return manifest;
}

/**
 * The manifest of a backup file.
 *
 * @throws BackupError when the file has none or an unreadable one (not a Madoguchi backup).
 */
export function readManifest(db: Database.Database): BackupManifest {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(MANIFEST_TABLE) !== undefined;
  const row = hasTable ? db.prepare<[], { manifest: string }>(`SELECT manifest FROM ${MANIFEST_TABLE}`).get() : undefined;
  const manifest: unknown = row ? JSON.parse(row.manifest) : undefined;
  if (!Value.Check(BackupManifest, manifest)) {
    throw new BackupError('このファイルは madoguchi backup で作ったバックアップではありません（バックアップの説明情報がありません）。');
  }
  return manifest;
}

/** Takes the manifest out of a restored database, leaving exactly the tables the server made. */
export function removeManifest(db: Database.Database): void {
  db.exec(`DROP TABLE IF EXISTS ${MANIFEST_TABLE}`);
}

/** Rows of every table but SQLite's own and the manifest, by table name. */
export function countRows(db: Database.Database): Record<string, number> {
  const tables = db
    .prepare<[string], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? ORDER BY name")
    .all(MANIFEST_TABLE);
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`).get()?.n ?? 0]));
}
