/**
 * The improvement loop's shapes (TypeBox): failed questions grouped by need, and what staff do with a group
 * (add its questions as alternates of a QA, or mark them handled: drafted into a new QA, or dismissed).
 */
import { Type, type Static } from 'typebox';
import { QA_IO_LIMITS } from '../../qa/io/limits.ts';
import { QaIdParam, QaView } from '../qas/schema.ts';
import { DaySchema } from '../statistics/schema.ts';

export const ImprovementGroupsQuery = Type.Object(
  {
    from: Type.Optional(DaySchema),
    to: Type.Optional(DaySchema),
  },
  { additionalProperties: false, description: 'Without from and to: the last 30 days in Japan, today included.' },
);
export type ImprovementGroupsQuery = Static<typeof ImprovementGroupsQuery>;

export const FailedQuestionView = Type.Object({
  question: Type.String({ description: 'As the citizen typed it, personal data masked.' }),
  count: Type.Integer(),
  lastAt: Type.String({ description: 'The last time it was asked (ISO 8601 UTC).' }),
  none: Type.Integer({ description: 'Times the chat found no answer.' }),
  candidates: Type.Integer({ description: 'Times candidates were shown and none was picked.' }),
  rephrased: Type.Integer({ description: 'Times the answer was rephrased right after.' }),
  notResolved: Type.Integer({ description: 'Times the citizen answered 「いいえ」 to 「解決しましたか？」.' }),
});
export type FailedQuestionView = Static<typeof FailedQuestionView>;

export const FailedQuestionGroupView = Type.Object({
  count: Type.Integer({ description: 'The questions\' counts added up.' }),
  lastAt: Type.String(),
  questions: Type.Array(FailedQuestionView, { description: 'Most frequent first.' }),
  suggestion: Type.Union([Type.Object({ qaId: Type.String(), question: Type.String({ description: 'With the city facts filled in.' }) }), Type.Null()], {
    description: 'The QA of the working set most of the group points to, or null.',
  }),
});
export type FailedQuestionGroupView = Static<typeof FailedQuestionGroupView>;

export const ImprovementGroupsReply = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groups: Type.Array(FailedQuestionGroupView, { description: 'Biggest first.' }),
  analysed: Type.Integer({ description: 'Distinct failed questions grouped.' }),
  truncated: Type.Boolean({ description: 'True when there were more distinct failed questions than analysed (the most frequent are).' }),
});
export type ImprovementGroupsReply = Static<typeof ImprovementGroupsReply>;

const Questions = Type.Array(Type.String({ maxLength: QA_IO_LIMITS.alternateMaxLength }), {
  minItems: 1,
  maxItems: 1_000,
  description: 'Failed questions exactly as GET /improvement/groups listed them.',
});

export const AddAlternatesRequest = Type.Object(
  {
    qaId: QaIdParam,
    questions: Questions,
    expectedVersion: Type.Integer({ minimum: 1, description: 'The QA version that was read; 409 CONFLICT with the stored QA if someone saved since.' }),
  },
  { additionalProperties: false },
);
export type AddAlternatesRequest = Static<typeof AddAlternatesRequest>;

export const AddAlternatesReply = Type.Object({
  qa: QaView,
  added: Type.Array(Type.String(), { description: 'Questions added as alternates (trimmed).' }),
  alreadyPresent: Type.Array(Type.String(), { description: 'Questions the QA already had as its question or an alternate.' }),
});
export type AddAlternatesReply = Static<typeof AddAlternatesReply>;

const ReviewAction = Type.Union([Type.Literal('draft'), Type.Literal('dismiss')], {
  description: 'draft: a new QA was drafted from the questions (qaId: that QA); dismiss: not something the chatbot should answer.',
});

export const ReviewQuestionsRequest = Type.Object(
  {
    questions: Questions,
    action: ReviewAction,
    qaId: Type.Optional(QaIdParam),
  },
  { additionalProperties: false },
);
export type ReviewQuestionsRequest = Static<typeof ReviewQuestionsRequest>;

export const ReviewQuestionsReply = Type.Object({ reviewed: Type.Integer({ description: 'Distinct questions marked handled.' }) });
export type ReviewQuestionsReply = Static<typeof ReviewQuestionsReply>;
