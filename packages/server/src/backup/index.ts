export { BackupError } from './backup-error.ts';
export { BackupManifest } from './manifest.ts';
export { backupSqlite, verifySnapshot } from './sqlite-snapshot.ts';
export { restoreSqlite, type SqliteRestoreResult } from './sqlite-restore.ts';
export { backupPostgres, restorePostgres, type PostgresArchive } from './postgres-backup.ts';
export { backupsToDelete, nextBackupDue, scheduledBackupName, scheduledBackupTime, type BackupKind } from './rotation.ts';
export { backupInChildProcess, startBackupSchedule, type BackupLog, type BackupScheduleOptions } from './scheduled-backups.ts';
