/**
 * Statistics for staff (R22): one reply with every figure of the 統計 screen for a range of days, and the same
 * tables as downloads (each audited as `statistics.export`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply } from '../../chat/schema.ts';
import type { AdminContext } from '../context.ts';
import { downloadSchema, tableCsv, tablesXlsx } from '../reports/spreadsheet.ts';
import { parseDayRange, questionsOfIndexes, readStatistics } from './read-statistics.ts';
import { StatisticsQuery, StatisticsReply, StatisticsTableQuery } from './schema.ts';
import { statisticsTables } from './tables.ts';

export interface StatisticsRoutesOptions {
  context: AdminContext;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const statisticsRoutes: FastifyPluginAsyncTypebox<StatisticsRoutesOptions> = async (app, { context }) => {
  const { store, siteId } = context;
  const config = { minRole: 'viewer' as const };
  const questionOf = questionsOfIndexes(context);
  const read = (query: StatisticsQuery) => readStatistics(store, siteId, parseDayRange(query.from, query.to), query.bucket ?? 'day', questionOf);
  const fileName = (query: StatisticsQuery, suffix: string) => `statistics-${query.from.replaceAll('-', '')}-${query.to.replaceAll('-', '')}${suffix}`;

  app.get(
    '/statistics',
    {
      config,
      schema: {
        summary: 'Every statistics figure of a range of days (both ends included): totals, outcomes, series, hours, QAs, breakdowns',
        tags: ['admin'],
        querystring: StatisticsQuery,
        response: { 200: StatisticsReply, ...errors },
      },
    },
    async (request) => read(request.query),
  );

  app.get(
    '/statistics.csv',
    {
      config,
      schema: {
        summary: 'One statistics table as CSV (UTF-8 with BOM, Japanese headers)',
        tags: ['admin'],
        querystring: StatisticsTableQuery,
        produces: ['text/csv'],
        response: { 200: downloadSchema('CSV file'), ...errors },
      },
    },
    async (request, reply) => {
      const { table: name, ...query } = request.query;
      const table = statisticsTables(await read(query))[name];
      await context.audit(request, 'statistics.export', '', { format: 'csv', table: name, ...query, rows: table.rows.length });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(query, `-${name}.csv`)}"`)
        .header('cache-control', 'no-store')
        .send(tableCsv(table));
    },
  );

  app.get(
    '/statistics.xlsx',
    {
      config,
      schema: {
        summary: 'Every statistics table as one XLSX workbook, a sheet each',
        tags: ['admin'],
        querystring: StatisticsQuery,
        produces: [XLSX_TYPE],
        response: { 200: downloadSchema('XLSX file'), ...errors },
      },
    },
    async (request, reply) => {
      const tables = Object.values(statisticsTables(await read(request.query)));
      const rows = tables.reduce((n, t) => n + t.rows.length, 0);
      await context.audit(request, 'statistics.export', '', { format: 'xlsx', ...request.query, rows });
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${fileName(request.query, '.xlsx')}"`)
        .header('cache-control', 'no-store')
        .send(await tablesXlsx(tables));
    },
  );
};
