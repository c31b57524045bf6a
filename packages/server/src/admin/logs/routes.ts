/**
 * The conversation log for staff (R23): filtered pages for the 会話ログ screen, and the same filter as CSV or
 * XLSX downloads streamed from the store (audited as `logs.export`). Questions and comments were masked before
 * they were stored.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply } from '../../chat/schema.ts';
import type { LoggedTurn } from '../../store/store.ts';
import type { AdminContext } from '../context.ts';
import { downloadSchema } from '../reports/spreadsheet.ts';
import { parseDayRange, questionsOfIndexes } from '../statistics/read-statistics.ts';
import type { QuestionLookup } from '../statistics/statistics.ts';
import { countLogExport, writeLogExport, type LogExportQuery, type LogFormat } from './log-export.ts';
import { LogFilter, LogListReply, LogQuery, type LoggedTurnView } from './schema.ts';

export interface LogRoutesOptions {
  context: AdminContext;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
const CONTENT_TYPES: Readonly<Record<LogFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function storeQuery(filter: LogFilter): LogExportQuery {
  const { from, to, failed, ...rest } = filter;
  return { days: parseDayRange(from, to), ...rest, ...(failed === undefined ? {} : { failed: failed === 'true' }) };
}

function view(turn: LoggedTurn, questionOf: QuestionLookup): LoggedTurnView {
  return { ...turn, qaQuestion: turn.qaId === null ? null : questionOf(turn.qaId) };
}

export const logRoutes: FastifyPluginAsyncTypebox<LogRoutesOptions> = async (app, { context }) => {
  const { store, siteId } = context;
  const config = { minRole: 'viewer' as const };
  const questionOf = questionsOfIndexes(context);

  app.get(
    '/logs',
    {
      config,
      schema: {
        summary: 'Logged chat turns of a range of days, newest first, and how many match in all',
        tags: ['admin'],
        querystring: LogQuery,
        response: { 200: LogListReply, ...errors },
      },
    },
    async (request) => {
      const { limit = '50', offset = '0', ...filter } = request.query;
      const { total, turns } = await store.listChatTurns(siteId, { ...storeQuery(filter), limit: Number(limit), offset: Number(offset) });
      return { total, turns: turns.map((turn) => view(turn, questionOf)) };
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/logs.${format}`,
      {
        config,
        schema: {
          summary: `The log with the same filter as ${format.toUpperCase()}, oldest first, every field with a Japanese header (audited as logs.export)`,
          tags: ['admin'],
          querystring: LogFilter,
          produces: [CONTENT_TYPES[format].split(';')[0]!],
          response: { 200: downloadSchema(`${format.toUpperCase()} file`), ...errors },
        },
      },
      async (request, reply) => {
        const query = storeQuery(request.query);
        const rows = await countLogExport(store, siteId, query, format);
        await context.audit(request, 'logs.export', '', { format, ...request.query, rows });
        const out = new PassThrough();
        writeLogExport(store, siteId, query, format, out, questionOf).catch((error: unknown) => {
          request.log.error({ err: error }, 'log export failed');
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        });
        const { from, to } = query.days;
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="logs-${from.replaceAll('-', '')}-${to.replaceAll('-', '')}.${format}"`)
          .header('cache-control', 'no-store')
          .send(out);
      },
    );
  }
};
