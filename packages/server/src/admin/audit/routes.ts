/**
 * The audit log (R44), administrators only: filtered pages as JSON, and the same filter as a CSV download
 * (itself audited as `audit.export`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { ErrorReply } from '../../chat/schema.ts';
import { ApiError } from '../../http/api-error.ts';
import { escapeFormula } from '../../qa/io/csv.ts';
import type { AuditEntry, AuditQuery as StoreAuditQuery } from '../../store/store.ts';
import type { AdminContext } from '../context.ts';
import { AuditFilter, AuditQuery, AuditReply, type AuditEntryView } from './schema.ts';
import { japanDateTime, japanDay, japanDayStart, isDay } from '../../time/japan-time.ts';

export interface AuditRoutesOptions {
  context: AdminContext;
  now: () => Date;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
/** Rows read from the store at a time while writing the CSV. */
const CSV_BATCH = 5000;

/** A bound as the store compares it: ISO UTC. A bare date is the start of that day in Japan. */
function utcBound(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value.length === 10 && isDay(value) ? japanDayStart(value) : value);
  if (Number.isNaN(time.getTime())) throw new ApiError(400, 'INVALID_REQUEST', `日時「${value}」を読み取れませんでした。2026-11-30 のように指定してください。`);
  return time.toISOString();
}

function storeQuery(filter: AuditFilter): StoreAuditQuery {
  return { from: utcBound(filter.from), to: utcBound(filter.to), actor: filter.actor, action: filter.action, text: filter.text };
}


const view = (e: AuditEntry): AuditEntryView => ({ at: e.at, actor: e.actor, action: e.action, target: e.target, detail: e.detail });

export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { context, now }) => {
  const { store, siteId } = context;
  const config = { minRole: 'admin' as const };

  app.get(
    '/audit',
    {
      config,
      schema: {
        summary: 'Audit log entries, newest first, and how many match in all',
        tags: ['admin'],
        querystring: AuditQuery,
        response: { 200: AuditReply, ...errors },
      },
    },
    async (request) => {
      const { limit = '100', offset = '0', ...filter } = request.query;
      const { entries, total } = await store.listAudit(siteId, { ...storeQuery(filter), limit: Number(limit), offset: Number(offset) });
      return { entries: entries.map(view), total };
    },
  );

  app.get(
    '/audit.csv',
    {
      config,
      schema: {
        summary: 'The audit log as CSV (UTF-8 with BOM; columns 日時 (Japan time), 操作者, 操作, 対象, 詳細), newest first',
        tags: ['admin'],
        querystring: AuditFilter,
        produces: ['text/csv'],
        response: { 200: { description: 'CSV file', type: 'string' }, ...errors },
      },
    },
    async (request, reply) => {
      const query = storeQuery(request.query);
      // Entries written while the file is read (its own audit line among them) stay out of it.
      query.to ??= new Date(now().getTime() + 1).toISOString();
      const rows: string[][] = [];
      for (let offset = 0; ; offset += CSV_BATCH) {
        const { entries } = await store.listAudit(siteId, { ...query, limit: CSV_BATCH, offset });
        for (const e of entries) {
          // A failed sign-in's actor is whatever was typed: never let Excel run it as a formula.
          const detail = Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : '';
          rows.push([japanDateTime(e.at, '/'), e.actor, e.action, e.target, detail].map(escapeFormula));
        }
        if (entries.length < CSV_BATCH) break;
      }
      await context.audit(request, 'audit.export', '', { rows: rows.length, ...request.query });
      const csv = stringify(rows, { header: true, columns: ['日時', '操作者', '操作', '対象', '詳細'], record_delimiter: '\r\n' });
      const day = japanDay(now()).replaceAll('-', '');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(`\uFEFF${csv}`);
    },
  );
};
