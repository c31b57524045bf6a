/**
 * The publishing API's shapes (TypeBox).
 */
import { Type, type Static } from 'typebox';
import { Decision } from '../test-chat/schema.ts';

const QaRef = Type.Object({ id: Type.String(), question: Type.String() });

export const PublishSummarySchema = Type.Object({
  added: Type.Integer(),
  changed: Type.Integer(),
  removed: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
});
export type PublishSummaryView = Static<typeof PublishSummarySchema>;

export const PublishingReply = Type.Object({
  /** What the next publication changes for citizens. */
  pending: Type.Object({
    /** 公開 in the working set, not yet published. */
    added: Type.Array(QaRef),
    /** Published, and 公開 with other content in the working set. */
    changed: Type.Array(QaRef),
    /** Published, but deleted or made a draft in the working set. */
    removed: Type.Array(QaRef),
  }),
  lastPublication: Type.Union([PublishSummarySchema, Type.Null()]),
});
export type PublishingReply = Static<typeof PublishingReply>;

export const PublishRequest = Type.Object({}, { additionalProperties: false });

const Outcome = Type.Object({
  decision: Decision,
  /** The best QA (the answer when decision is answer), or null when nothing matched. */
  topId: Type.Union([Type.String(), Type.Null()]),
  topQuestion: Type.Union([Type.String(), Type.Null()]),
  /** What the citizen is shown: the answered QA, the 「もしかして」 candidates (up to 5), or nothing. */
  shown: Type.Array(Type.String()),
  /** Rank (1-based) of the first expected QA among the 10 best; 0 when absent or none expected. */
  rank: Type.Integer(),
  /** Right: the expected QA first and not `none`; for a case that expects none, decision none. */
  pass: Type.Boolean(),
});

export const CheckVerdict = Type.Union([Type.Literal('newly-failing'), Type.Literal('newly-passing'), Type.Literal('still-failing'), Type.Literal('still-passing')]);

export const PublishingCheckReply = Type.Object({
  /** One per saved test case, in their order. */
  cases: Type.Array(
    Type.Object({
      question: Type.String(),
      expected: Type.Array(Type.String()),
      note: Type.Optional(Type.String()),
      /** What citizens are answered now. */
      production: Outcome,
      /** What they would be answered after publishing. */
      draft: Outcome,
      /** The citizen would be shown something else: another decision, answer or candidates. */
      answerChanged: Type.Boolean(),
      verdict: CheckVerdict,
    }),
  ),
  summary: Type.Object({
    total: Type.Integer(),
    /** hit@1 over the cases that expect an answer (0–1), as `madoguchi eval` reports it. */
    production: Type.Object({ hitAt1: Type.Number(), passed: Type.Integer() }),
    draft: Type.Object({ hitAt1: Type.Number(), passed: Type.Integer() }),
    answerChanged: Type.Integer(),
    newlyFailing: Type.Integer(),
    newlyPassing: Type.Integer(),
  }),
});
export type PublishingCheckReply = Static<typeof PublishingCheckReply>;
