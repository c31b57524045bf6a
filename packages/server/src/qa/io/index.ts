/**
 * QA import and export: CSV (Japanese Excel compatible), Excel .xlsx and JSON Lines.
 */
export { inspectQaFile, parseQaFile, writeQaFile, type ReadQaFileOptions } from './file.ts';
export type { QaFileReading } from './table.ts';
export { formatFromFileName, QA_FILE_FORMATS, type QaFileFormat } from './format.ts';
export { QaImportError, QA_IMPORT_ERROR_CODES, formatIssue, type QaImportErrorCode, type QaImportIssue } from './errors.ts';
export { QA_IO_LIMITS } from './limits.ts';
export { COLUMNS, IMPORT_COLUMNS, columnLabel, suggestColumn, type ColumnDef, type ColumnKey, type ColumnMapping, type FieldKey } from './columns.ts';
export { normalizeQaContent } from './normalize.ts';
export { validateQaContent, qaIdProblem, urlProblem, type FieldIssue } from './validate.ts';
