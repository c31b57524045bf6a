/**
 * Errors the chat API answers with: a stable code for clients, a Japanese message for people, the HTTP
 * status. Every code is listed in {@link API_ERROR_CODES}; the error handler (http/errors.ts) turns these
 * into the one error shape `{ error: { code, message } }`.
 */

/** Every code an API response may carry, with its meaning. A test fails when one is missing. */
export const API_ERROR_CODES = {
  INVALID_REQUEST: 'The request does not match the route\'s schema (400).',
  EMPTY_MESSAGE: 'Neither a question nor a QA id was sent (400).',
  QA_NOT_FOUND: 'The QA asked for by id is not published (404).',
  CATEGORY_NOT_FOUND: 'No published QA has this category (404).',
  MESSAGE_NOT_FOUND: 'Feedback names a message this site never logged (404).',
  NOT_FOUND: 'No such route (404).',
  RATE_LIMITED: 'Too many requests from one address; retry after the Retry-After header (429).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the server accepts (413).',
  INTERNAL: 'An unexpected error; details are in the server log only (500).',
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/**
 * @example `throw new ApiError(404, 'QA_NOT_FOUND', 'お探しの質問は公開されていません。');`
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
