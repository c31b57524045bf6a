/**
 * From the store's and the file readers' typed errors to the API's: one mapping, installed in each admin
 * plugin of this group as its error handler, which hands the translated error to the application's handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorCode } from '../../http/api-error.ts';
import { contentOf } from '../../qa/content.ts';
import type { Qa } from '../../qa/model.ts';
import { QaImportError } from '../../qa/io/index.ts';
import { columnLabel, type FieldKey } from '../../qa/io/columns.ts';
import {
  DraftAlreadyResolvedError,
  DraftNotFoundError,
  QaAlreadyExistsError,
  QaInvalidError,
  QaNotFoundError,
  RelatedQaMissingError,
  StoreInputError,
  VersionConflictError,
} from '../../store/errors.ts';
import type { StaffPrincipal } from '../context.ts';
import type { Issue, QaView } from './schema.ts';

/**
 * The signed-in staff member. The auth plugin sets it before any handler; its absence is a wiring bug, so
 * this fails closed.
 *
 * @example `const { loginId } = staffOf(request);`
 */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new Error('admin route reached without request.staff: is the auth plugin registered?');
  return request.staff;
}

/**
 * A stored QA as the console sees it (no site id).
 *
 * @example `qaView(await store.getQa(siteId, '1001'))`
 */
export function qaView(qa: Qa): QaView {
  return { ...contentOf(qa), version: qa.version, updatedBy: qa.updatedBy, updatedAt: qa.updatedAt };
}

/**
 * A validation failure with every issue listed.
 *
 * @example `throw validationFailed([{ field: 'question', column: '質問', message: '質問が空です' }]);`
 */
export function validationFailed(issues: Issue[], message?: string): ApiError {
  const lines = issues.slice(0, 5).map((i) => (i.row !== undefined ? `${i.row}行目: ${i.message}` : i.message));
  const head = message ?? `入力内容に問題が ${issues.length} 件あります。`;
  return new ApiError(400, 'VALIDATION_FAILED', [head, ...lines].join('\n'), { issues });
}

/**
 * Issues of one QA's fields, labelled with their Japanese column names.
 *
 * @example `fieldIssues([{ field: 'answer', message: '回答が空です' }])`
 */
export function fieldIssues(problems: readonly { field: FieldKey; message: string }[]): Issue[] {
  return problems.map((p) => ({ field: p.field, column: columnLabel(p.field), message: p.message }));
}

const FILE_STATUS: Partial<Record<QaImportError['code'], number>> = { QA_FILE_TOO_LARGE: 413 };

/**
 * The API error for a store or file error, or undefined for anything else.
 *
 * @example `throw toApiError(error) ?? error;`
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof VersionConflictError) return new ApiError(409, 'CONFLICT', error.message, { current: qaView(error.current) });
  if (error instanceof QaNotFoundError) return new ApiError(404, 'QA_NOT_FOUND', error.message);
  if (error instanceof QaAlreadyExistsError) return new ApiError(409, 'QA_ALREADY_EXISTS', error.message);
  if (error instanceof DraftNotFoundError) return new ApiError(404, 'DRAFT_NOT_FOUND', error.message);
  if (error instanceof DraftAlreadyResolvedError) return new ApiError(409, 'DRAFT_ALREADY_RESOLVED', error.message, { current: error.current });
  if (error instanceof RelatedQaMissingError) return new ApiError(400, 'QA_RELATED_MISSING', error.message, { missing: error.missing });
  if (error instanceof QaInvalidError || error instanceof StoreInputError) return validationFailed([{ message: error.message }], error.message);
  if (error instanceof QaImportError) {
    const issues: Issue[] = error.issues.map((i) => ({ row: i.row, column: i.column, message: i.message }));
    return new ApiError(FILE_STATUS[error.code] ?? 400, error.code satisfies ApiErrorCode, error.message, error.code === 'QA_FILE_INVALID' ? { issues } : {});
  }
  return undefined;
}

/**
 * Makes the plugin's store and file errors API errors, then lets the application's handler answer.
 *
 * @example `installAdminErrors(app);`
 */
export function installAdminErrors(app: FastifyInstance): void {
  app.setErrorHandler((error) => {
    throw toApiError(error) ?? error;
  });
}
