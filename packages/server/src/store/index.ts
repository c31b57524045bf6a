/** Storage: the contract every backend satisfies, its typed errors, and the SQLite and PostgreSQL backends. */
export type {
  Store,
  QaFilter,
  SaveQaOptions,
  DeleteQaOptions,
  ImportQasOptions,
  ImportSummary,
  QaRevision,
  RevisionAction,
  SettingRevision,
  SynonymRevision,
} from './store.ts';
export {
  STORE_ERROR_CODES,
  StoreError,
  QaNotFoundError,
  QaAlreadyExistsError,
  VersionConflictError,
  RelatedQaMissingError,
  QaInvalidError,
  StoreInputError,
  SchemaTooNewError,
  type StoreErrorCode,
  type MissingRelation,
} from './errors.ts';
export { compareQaIds } from './natural-order.ts';
export { toStoredContent, contentJson } from './content.ts';
export { openSqliteStore, SqliteStore, SQLITE_FILE_NAME, type SqliteStoreOptions } from './sqlite/index.ts';
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres/index.ts';
