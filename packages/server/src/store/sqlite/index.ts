export { openSqliteStore, SqliteStore, SQLITE_FILE_NAME, type SqliteStoreOptions } from './sqlite-store.ts';
export { migrations, type Migration } from './migrations.ts';
export { migrate, currentVersion, type MigrationResult } from './migrate.ts';
