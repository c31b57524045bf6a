/**
 * One error shape for every route, `{ error: { code, message } }`: validation failures, rate limits, unknown
 * routes and unexpected errors alike. Messages are Japanese and safe to show; internals stay in the log.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, type ApiErrorCode } from './api-error.ts';

/** Japanese wording of schema failures that a citizen can cause by typing. */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (first?.keyword === 'maxLength') {
    const limit = (first.params as { limit?: number }).limit;
    return `入力が長すぎます。${limit ?? ''}文字以内で入力してください。`;
  }
  return '送信された内容を受け付けられませんでした。入力内容をご確認ください。';
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    let status: number;
    let code: ApiErrorCode;
    let message: string;
    let details: Readonly<Record<string, unknown>> = {};
    if (error instanceof ApiError) {
      ({ statusCode: status, code, message, details } = error);
    } else if (error.validation) {
      [status, code, message] = [400, 'INVALID_REQUEST', validationMessage(error)];
    } else if (error.statusCode === 413) {
      [status, code, message] = [413, 'PAYLOAD_TOO_LARGE', '送信された内容が大きすぎます。'];
    } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, a wrong content type and the like: the client's mistake, described generically.
      [status, code, message] = [error.statusCode, 'INVALID_REQUEST', '送信された内容を受け付けられませんでした。'];
    } else {
      request.log.error({ err: error }, 'unexpected error');
      [status, code, message] = [500, 'INTERNAL', '申し訳ありません。システムで問題が発生しました。しばらくしてからもう一度お試しください。'];
    }
    void reply.status(status).send({ error: { ...details, code, message } });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'お探しのページは見つかりませんでした。' } });
  });
}
