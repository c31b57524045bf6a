/**
 * The 情報源と見直し API's shapes (TypeBox): the review list by department, the source check's progress and
 * last run, confirming a QA, and the review cycle setting.
 */
import { Type, type Static } from 'typebox';
import { MAX_CYCLE_DAYS, MIN_CYCLE_DAYS } from '../../ai/freshness/review-list.ts';
import { QaIdParam } from '../qas/schema.ts';
import { settingReply, settingRequest } from '../settings/schema.ts';

const Instant = Type.String({ description: 'ISO 8601 UTC.' });
const Day = Type.String({ description: 'YYYY-MM-DD in Japan.' });
const Trigger = Type.Union([Type.Literal('schedule'), Type.Literal('staff')]);

export const ReviewReasonView = Type.Union([
  Type.Object({ kind: Type.Literal('source-changed'), url: Type.String(), changedAt: Instant }, { description: 'The page\'s main text changed after the QA was last saved or confirmed.' }),
  Type.Object({ kind: Type.Literal('source-missing'), url: Type.String(), since: Type.Union([Instant, Type.Null()]) }, { description: 'The page answers 404 or 410; since when.' }),
  Type.Object(
    { kind: Type.Literal('source-unreachable'), url: Type.String(), checkedAt: Instant, error: Type.Union([Type.String(), Type.Null()]) },
    { description: 'The last check could not read the page (timeout, server error); error is in Japanese.' },
  ),
  Type.Object({ kind: Type.Literal('review-due'), dueDay: Day }, { description: 'The review cycle ran out on dueDay.' }),
]);
export type ReviewReasonView = Static<typeof ReviewReasonView>;

export const ReviewSourceView = Type.Object({
  entry: Type.String({ description: 'The 参照URL as written in the QA.' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'The address checked (placeholders filled), or null when it cannot be fetched.' }),
  state: Type.Union([Type.Literal('ok'), Type.Literal('missing'), Type.Literal('error'), Type.Literal('unchecked'), Type.Literal('unusable')]),
  checkedAt: Type.Union([Instant, Type.Null()]),
  changedAt: Type.Union([Instant, Type.Null()]),
});
export type ReviewSourceView = Static<typeof ReviewSourceView>;

export const ReviewItemView = Type.Object({
  qaId: Type.String(),
  question: Type.String({ description: 'With the city facts filled in.' }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  updatedAt: Instant,
  reviewedAt: Type.Union([Instant, Type.Null()]),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  dueDay: Day,
  reasons: Type.Array(ReviewReasonView, { description: 'Most urgent first: missing, changed, unreachable, due.' }),
  sources: Type.Array(ReviewSourceView),
});
export type ReviewItemView = Static<typeof ReviewItemView>;

export const ReviewGroupView = Type.Object({
  department: Type.String({ description: 'The 担当課 with the city facts filled in; 「担当課未設定」 when empty.' }),
  items: Type.Array(ReviewItemView),
});
export type ReviewGroupView = Static<typeof ReviewGroupView>;

export const SourceCheckProgressView = Type.Object({
  trigger: Trigger,
  actor: Type.String(),
  startedAt: Instant,
  done: Type.Integer(),
  total: Type.Integer({ description: 'Pages this run checks (0 until the list is read).' }),
});

export const SourceCheckRunView = Type.Object({
  at: Instant,
  actor: Type.String({ description: 'Who started it: a login id, or system for the daily run.' }),
  trigger: Trigger,
  sources: Type.Integer({ description: 'Distinct pages the working set cites.' }),
  checked: Type.Integer(),
  changed: Type.Integer(),
  missing: Type.Integer(),
  errors: Type.Integer(),
});
export type SourceCheckRunView = Static<typeof SourceCheckRunView>;

export const SourceCheckStateReply = Type.Object({
  enabled: Type.Boolean({ description: 'False when this server makes no outbound request for checks (--no-source-checks).' }),
  running: Type.Union([SourceCheckProgressView, Type.Null()], { description: 'The run under way on this server.' }),
  lastRun: Type.Union([SourceCheckRunView, Type.Null()], { description: 'The last finished run on any server.' }),
});
export type SourceCheckStateReply = Static<typeof SourceCheckStateReply>;

export const SourceReviewReply = Type.Object({
  today: Day,
  cycleDays: Type.Integer(),
  total: Type.Integer({ description: 'QAs listed.' }),
  groups: Type.Array(ReviewGroupView, { description: 'The department with most QAs first.' }),
  check: SourceCheckStateReply,
});
export type SourceReviewReply = Static<typeof SourceReviewReply>;

export const MarkReviewedRequest = Type.Object({ qaId: QaIdParam }, { additionalProperties: false });
export type MarkReviewedRequest = Static<typeof MarkReviewedRequest>;

export const MarkReviewedReply = Type.Object({ qaId: Type.String(), reviewedAt: Instant, reviewedBy: Type.String() });
export type MarkReviewedReply = Static<typeof MarkReviewedReply>;

export const SourceReviewValue = Type.Object(
  { cycleDays: Type.Integer({ description: `Days after a QA's last save or confirmation when it is due for review, ${MIN_CYCLE_DAYS}–${MAX_CYCLE_DAYS} (default 365).` }) },
  { additionalProperties: false },
);
/** `value` is the effective cycle: the default before anyone saved one. */
export const SourceReviewSettingReply = settingReply(SourceReviewValue);
export type SourceReviewSettingReply = Static<typeof SourceReviewSettingReply>;
export const SourceReviewSettingRequest = settingRequest(SourceReviewValue);
export type SourceReviewSettingRequest = Static<typeof SourceReviewSettingRequest>;
