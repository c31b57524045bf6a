/**
 * The monthly report: as JSON for the console's printable page, and as XLSX (audited as `statistics.export`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply } from '../../chat/schema.ts';
import type { AdminContext } from '../context.ts';
import { questionsOfIndexes } from '../statistics/read-statistics.ts';
import { parseMonth, readMonthlyReport } from './monthly-report.ts';
import { monthlyWorkbook } from './monthly-workbook.ts';
import { MonthlyReportQuery, MonthlyReportReply } from './schema.ts';
import { downloadSchema } from './spreadsheet.ts';

export interface ReportRoutesOptions {
  context: AdminContext;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const reportRoutes: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (app, { context }) => {
  const { store, siteId } = context;
  const config = { minRole: 'viewer' as const };
  const questionOf = questionsOfIndexes(context);

  app.get(
    '/reports/monthly',
    {
      config,
      schema: {
        summary: 'The monthly report: the month\'s statistics per day, the previous month\'s figures and the questions that went wrong',
        tags: ['admin'],
        querystring: MonthlyReportQuery,
        response: { 200: MonthlyReportReply, ...errors },
      },
    },
    async (request) => readMonthlyReport(store, siteId, parseMonth(request.query.month), questionOf),
  );

  app.get(
    '/reports/monthly.xlsx',
    {
      config,
      schema: {
        summary: 'The monthly report as XLSX: 概要, 日別, よく回答したQA, 評価の低いQA, 分類別, うまく答えられなかった質問 (audited as statistics.export)',
        tags: ['admin'],
        querystring: MonthlyReportQuery,
        produces: [XLSX_TYPE],
        response: { 200: downloadSchema('XLSX file'), ...errors },
      },
    },
    async (request, reply) => {
      const report = await readMonthlyReport(store, siteId, parseMonth(request.query.month), questionOf);
      const { bytes, rows } = await monthlyWorkbook(report);
      const { from, to } = report.statistics.range;
      await context.audit(request, 'statistics.export', '', { format: 'xlsx', report: 'monthly', month: report.month, from, to, rows });
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="monthly-report-${report.month}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
