export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';
export { migrations, type Migration } from './migrations.ts';
export { migrate, currentVersion, type MigrationResult } from './migrate.ts';
