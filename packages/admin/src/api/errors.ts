/**
 * Every failed call to /api/admin becomes one `AdminApiError` with a Japanese message a staff member can
 * read as is: the server's own `error.message` when it sent one, otherwise a message chosen by status.
 */

/** Codes the console makes up itself when the server could not answer. */
export type ClientErrorCode = 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE';

export class AdminApiError extends Error {
  override name = 'AdminApiError';

  constructor(
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    /** The server's stable code (`QA_VERSION_CONFLICT`, `UNAUTHENTICATED`, …) or a {@link ClientErrorCode}. */
    readonly code: string,
    /** Japanese, ready to show. */
    message: string,
    /** Anything else the server put in `error` (field errors, the stored version on a conflict, …). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Said when the server gave no message of its own. */
const STATUS_MESSAGES: ReadonlyArray<[test: (status: number) => boolean, message: string]> = [
  [(s) => s === 400, '送信した内容に誤りがあります。入力内容をご確認ください。'],
  [(s) => s === 401, 'ログインの有効期限が切れました。もう一度ログインしてください。'],
  [(s) => s === 403, 'この操作を行う権限がありません。必要な場合は管理者にご相談ください。'],
  [(s) => s === 404, 'お探しのデータが見つかりませんでした。ほかの人が削除した可能性があります。'],
  [(s) => s === 409, 'ほかの人が先に変更を保存しました。最新の内容を確認してください。'],
  [(s) => s === 413, 'ファイルまたは送信内容が大きすぎます。'],
  [(s) => s === 429, '短い時間に操作が集中しました。少し待ってから、もう一度お試しください。'],
  [(s) => s >= 500, 'サーバーで問題が発生しました。しばらくしてから、もう一度お試しください。'],
];

export const NETWORK_MESSAGE = 'サーバーに接続できませんでした。ネットワークの接続を確認してから、もう一度お試しください。';
export const TIMEOUT_MESSAGE = 'サーバーからの応答がありませんでした。しばらくしてから、もう一度お試しください。';

/**
 * The message for a status when the body carries none.
 *
 * @example messageForStatus(403) // 'この操作を行う権限がありません。…'
 */
export function messageForStatus(status: number): string {
  return STATUS_MESSAGES.find(([test]) => test(status))?.[1] ?? `操作を完了できませんでした（エラー ${status}）。もう一度お試しください。`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An error response (`{ error: { code, message, …details } }`, or anything else) → an `AdminApiError`.
 *
 * @example apiErrorFrom(409, { error: { code: 'QA_VERSION_CONFLICT', message: 'ほかの人が…', current: {…} } })
 */
export function apiErrorFrom(status: number, body: unknown): AdminApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' && error.code !== '' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' && error.message.trim() !== '' ? error.message : messageForStatus(status);
  const details: Record<string, unknown> = {};
  if (error) {
    for (const [key, value] of Object.entries(error)) if (key !== 'code' && key !== 'message') details[key] = value;
  }
  return new AdminApiError(status, code, message, details);
}

/** @example networkError(true).message // 'サーバーからの応答がありませんでした。…' */
export function networkError(timedOut: boolean): AdminApiError {
  return timedOut ? new AdminApiError(0, 'TIMEOUT', TIMEOUT_MESSAGE) : new AdminApiError(0, 'NETWORK', NETWORK_MESSAGE);
}

/**
 * Any thrown value → words for the screen (programming errors get a generic sentence, never a stack).
 *
 * @example errorMessage(new AdminApiError(403, 'FORBIDDEN', 'この操作を行う権限がありません。'))
 */
export function errorMessage(error: unknown): string {
  if (error instanceof AdminApiError) return error.message;
  return '予期しない問題が発生しました。画面を再読み込みしてから、もう一度お試しください。';
}
