/**
 * The AI model screen's shapes (TypeBox): each endpoint's status, the last 30 days of usage with the
 * estimated cost, the latest calls, and the connection check's results.
 */
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ModelKindView = Type.Union([Type.Literal('chat'), Type.Literal('embeddings')]);
export const ModelPurposeView = Type.Union([Type.Literal('draft'), Type.Literal('suggestion'), Type.Literal('answer'), Type.Literal('embedding'), Type.Literal('check')]);
/** The store's ModelPurpose; usage-report.ts fails to compile when a purpose is missing here. */
export type ModelPurposeView = Static<typeof ModelPurposeView>;

export const ModelStatusView = Type.Object({
  kind: ModelKindView,
  configured: Type.Boolean(),
  model: Nullable(Type.String()),
  endpoint: Nullable(Type.String({ description: 'Scheme, host and path of the base URL: never the query or credentials.' })),
  lastOkAt: Nullable(Type.String({ description: 'ISO 8601, since this server started.' })),
  lastError: Nullable(Type.String({ description: 'Japanese: why the last failed call failed.' })),
  lastErrorAt: Nullable(Type.String()),
  price: Nullable(Type.Object({ input: Type.Number(), output: Type.Number() }, { description: '円 per million tokens, as configured.' })),
});
export type ModelStatusView = Static<typeof ModelStatusView>;

const UsageFigures = {
  calls: Type.Integer(),
  failures: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  averageLatencyMs: Type.Integer(),
  estimatedCostYen: Nullable(Type.Number({ description: 'From the configured price of this model; null when none is configured for it.' })),
};

export const ModelUsageDayView = Type.Object({ day: Type.String(), kind: ModelKindView, model: Type.String(), purpose: ModelPurposeView, ...UsageFigures });
export type ModelUsageDayView = Static<typeof ModelUsageDayView>;

export const ModelUsageTotalView = Type.Object({ kind: ModelKindView, model: Type.String(), purpose: ModelPurposeView, ...UsageFigures });
export type ModelUsageTotalView = Static<typeof ModelUsageTotalView>;

export const ModelCallView = Type.Object({
  at: Type.String(),
  kind: ModelKindView,
  model: Type.String(),
  purpose: ModelPurposeView,
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('timeout')]),
  attempts: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String({ description: 'Short: an HTTP status or the kind of failure.' })),
});
export type ModelCallView = Static<typeof ModelCallView>;

export const ModelUsageReport = Type.Object({
  /** The last 30 days in Japan, today included. */
  from: Type.String(),
  to: Type.String(),
  /** Per day, endpoint, model and purpose, by day. */
  days: Type.Array(ModelUsageDayView),
  /** Per endpoint, model and purpose over the period. */
  totals: Type.Array(ModelUsageTotalView),
  /** The sum of the estimated costs there are; null when no model used has a price. */
  estimatedCostYen: Nullable(Type.Number()),
});
export type ModelUsageReport = Static<typeof ModelUsageReport>;

export const ModelsStatusReply = Type.Object({
  /** Chat first, then embeddings. */
  statuses: Type.Array(ModelStatusView),
  usage: ModelUsageReport,
  /** The latest 20 calls, newest first. */
  recent: Type.Array(ModelCallView),
});
export type ModelsStatusReply = Static<typeof ModelsStatusReply>;

export const ModelCheckResultView = Type.Object({
  kind: ModelKindView,
  configured: Type.Boolean(),
  ok: Type.Boolean(),
  message: Type.String({ description: 'Japanese, for staff.' }),
});
export type ModelCheckResultView = Static<typeof ModelCheckResultView>;

export const ModelsCheckReply = Type.Object({ results: Type.Array(ModelCheckResultView), statuses: Type.Array(ModelStatusView) });
export type ModelsCheckReply = Static<typeof ModelsCheckReply>;
