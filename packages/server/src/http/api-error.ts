/**
 * Errors the chat API answers with: a stable code for clients, a Japanese message for people, the HTTP
 * status. Every code is listed in {@link API_ERROR_CODES}; the error handler (http/errors.ts) turns these
 * into the one error shape `{ error: { code, message } }`.
 */

/** Every code an API response may carry, with its meaning. A test fails when one is missing. */
export const API_ERROR_CODES = {
  INVALID_REQUEST: 'The request does not match the route\'s schema (400).',
  INVALID_TEXT: 'A JSON body holds text that is not well-formed Unicode, such as a lone surrogate escape ("\\ud800") (400).',
  EMPTY_MESSAGE: 'Neither a question nor a QA id was sent (400).',
  QA_NOT_FOUND: 'The QA asked for by id is not published; in the admin API, it does not exist (404).',
  CATEGORY_NOT_FOUND: 'No published QA has this category (404).',
  MESSAGE_NOT_FOUND: 'Feedback names a message this site never logged (404).',
  NOT_FOUND: 'No such route (404).',
  RATE_LIMITED: 'Too many requests from one address; retry after the Retry-After header (429).',
  UNAUTHENTICATED: 'An admin route was called without a valid session: never signed in, signed out, or the session expired (401).',
  FORBIDDEN: 'The signed-in staff member\'s role may not do this (403).',
  CSRF_TOKEN_INVALID: 'A change (not GET/HEAD/OPTIONS) came without the session\'s x-csrf-token header, or with another one (403).',
  SIGN_IN_FAILED: 'Unknown login id, wrong password or disabled account: deliberately not told apart (401).',
  SIGN_IN_THROTTLED: 'Sign-in (or a password change) refused for now after repeated failures for this login id, this address or both, whether or not the id exists; retry after the Retry-After header, which doubles per further failure up to 15 minutes (429).',
  SIGN_IN_EXPIRED: 'Sign-in, second step: the pending token from the password step is unknown, altered or older than 5 minutes (or the account was disabled meanwhile); start again with the password (401).',
  TOTP_CODE_INVALID: 'A one-time code (or recovery code) that does not match, or one already used (each code is accepted once); counts as a failed sign-in when signing in (401 signing in, 400 confirming an enrolment).',
  TOTP_REQUIRED: 'Two-factor sign-in cannot be turned off: the site requires it for administrators (400).',
  WEAK_PASSWORD: 'The new password does not meet the password policy; the message says why (400).',
  CURRENT_PASSWORD_INCORRECT: 'Changing one\'s own password: the current password is wrong (400).',
  ACCOUNT_NOT_FOUND: 'No staff account with this login id (404).',
  ACCOUNT_ALREADY_EXISTS: 'The login id is taken (409).',
  ACCOUNT_CHANGE_REFUSED: 'An administrator may not disable, demote or reset themselves, nor remove the last active administrator (400).',
  CONFLICT: 'Someone else changed the item since it was read; `error.current` holds the stored version (409).',
  VALIDATION_FAILED: 'Admin API: what was sent breaks a rule (a QA field, a setting, a dictionary line, a test case); `error.issues` lists each problem with its field or row and a Japanese message (400).',
  QA_ALREADY_EXISTS: 'Admin API: a QA with this 管理番号 exists already (409).',
  QA_RELATED_MISSING: 'Admin API: a 関連QA names a QA that would not exist; `error.missing` lists `{ qaId, relatedId }` (400).',
  REVISION_NOT_FOUND: 'Admin API: the QA has no revision with this version (404).',
  DRAFT_NOT_FOUND: 'Admin API: no QA draft with this id in the review queue (404).',
  AI_ANSWER_TOKEN_INVALID: 'Chat: POST /chat/generated-answer with a token this site did not sign (forged, altered or cut) (403).',
  AI_ANSWER_TOKEN_EXPIRED: 'Chat: POST /chat/generated-answer with a token older than 10 minutes; ask /chat again (400).',
  AI_ANSWER_TOKEN_USED: 'Chat: POST /chat/generated-answer with a token already used; each reply offers one AI answer (409).',
  AI_ANSWER_NOT_FOUND: 'Admin API: no logged AI answer with this id (never logged, or past the chat log retention) (404).',
  DRAFT_ALREADY_RESOLVED: 'Admin API: another staff member accepted or rejected the QA draft first; `error.current` holds it as stored (409).',
  QA_FILE_FORMAT_UNKNOWN: 'Admin API import: the file name has no supported extension (.csv, .xlsx, .jsonl) (400).',
  QA_FILE_TOO_LARGE: 'Admin API import: the file is larger than 20 MB, the inside of an .xlsx passes a cap (inflated size, entries, shared strings, rows, cells; see docs/QA-FILES.md), or reading it ran out of the worker\'s memory or time (413).',
  IMPORT_RUNNING: 'Admin API import: another import or import preview of this site is being read on this server; try again when it ends (409).',
  FILE_TOO_LARGE: 'An uploaded image or PDF is larger than 10 MB (413).',
  FILE_TYPE_NOT_ACCEPTED: 'An upload is not a PNG, JPEG, GIF, WebP image or a PDF, judged from its content (415).',
  FILE_NOT_FOUND: 'No uploaded file with this id (404).',
  QA_FILE_TOO_MANY_ROWS: 'Admin API import: more than 20,000 QA rows (400).',
  QA_FILE_ENCODING: 'Admin API import: a CSV that is neither UTF-8 nor Shift_JIS, or a JSONL that is not UTF-8 (400).',
  QA_FILE_UNREADABLE: 'Admin API import: not a file of its stated format (an image, a broken workbook, unclosed quotes) (400).',
  QA_FILE_EMPTY: 'Admin API import: the file has no QA rows (400).',
  QA_FILE_INVALID: 'Admin API import: the file was read but rows have problems; `error.issues` lists every one as `{ row, column, message }`; nothing was stored (400).',
  EXPORT_TOO_LARGE: 'Admin API: an XLSX download would hold more rows than an Excel sheet (1,048,575); download CSV or a shorter range (400).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the server accepts (413).',
  HEADERS_TOO_LARGE: 'The request\'s headers (cookies, mostly) are larger than the server accepts (431).',
  REQUEST_TIMEOUT: 'The request did not arrive whole within two minutes (408).',
  ADDRESS_NOT_ALLOWED: 'The staff console was asked for from an address outside --admin-allow (403).',
  METRICS_TOKEN_INVALID: '/metrics without Authorization: Bearer and the configured MADOGUCHI_METRICS_TOKEN (401).',
  MODEL_NOT_CONFIGURED: 'Admin API: the feature needs a chat or embeddings model and none is configured; the message says who can set one up (503).',
  MODEL_FAILED: 'Admin API: the configured model failed after its timeout and retries, or its reply was not in the asked format; the message says why in Japanese (502).',
  DRAFT_JOB_NOT_FOUND: 'Admin API: no draft-making job with this id in this server process (jobs are not kept across restarts) (404).',
  NO_TEST_CASES: 'Admin API: the semantic search report needs 一括テスト cases and the site has none; staff add them on the 一括テスト screen (409).',
  SOURCE_CHECK_RUNNING: 'Admin API: a source page check is already under way on this server; GET /api/admin/sources/check shows its progress (409).',
  SOURCE_CHECKS_OFF: 'Admin API: this server was started with --no-source-checks (MADOGUCHI_SOURCE_CHECKS=false) and fetches no source pages (409).',
  INTERNAL: 'An unexpected error; details are in the server log only (500).',
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/**
 * `details` are sent beside the code and message, inside `error` (e.g. `issues`, `missing`, `current`);
 * declare them in the route's response schema for that status, or they are dropped.
 *
 * @example `throw new ApiError(404, 'QA_NOT_FOUND', 'お探しの質問は公開されていません。');`
 * @example `throw new ApiError(400, 'VALIDATION_FAILED', '入力に問題があります。', { issues });`
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
