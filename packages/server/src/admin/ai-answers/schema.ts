/**
 * The AI answers API's shapes (TypeBox): the setting (on/off, sensitive categories and words, how many QAs the
 * model reads, the daily cap) with its revision, and the log of generated answers staff review.
 */
import { Type, type Static } from 'typebox';
import { DAILY_LIMIT_MAX, MAX_SOURCES_LIMIT } from '../../ai/answers/answer-policy.ts';
import { settingReply, settingRequest } from '../settings/schema.ts';

/** Hard bounds; the friendlier limits are checked in the route with Japanese messages. */
const TEXT_MAX = 200;
const DAILY_LIMIT_HARD_MAX = 1_000_000_000;

export const AiAnswerSettingsValue = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Off by default: candidates replies offer no generated answer.' }),
    sensitiveCategories: Type.Array(Type.String({ maxLength: TEXT_MAX }), {
      maxItems: 500,
      description: '大分類 or 中分類 names: when any candidate QA is in one, nothing is generated.',
    }),
    sensitiveWords: Type.Array(Type.String({ maxLength: TEXT_MAX }), {
      maxItems: 500,
      description: 'In the question or a candidate question: nothing is generated; in a generated sentence: the sentence is dropped.',
    }),
    maxSources: Type.Integer({ minimum: 1, maximum: MAX_SOURCES_LIMIT, description: 'How many of the best candidates the model reads.' }),
    dailyLimit: Type.Integer({
      minimum: 0,
      maximum: DAILY_LIMIT_HARD_MAX,
      description: `At most this many AI answers per day (Japan time), counted by each server process: a cap on cost. 1–${DAILY_LIMIT_MAX}, default 1000.`,
    }),
  },
  { additionalProperties: false },
);
export type AiAnswerSettingsValue = Static<typeof AiAnswerSettingsValue>;

export const AiAnswerSettingsReply = Type.Object({
  /** The effective setting (`value`): defaults before the first save. */
  ...settingReply(AiAnswerSettingsValue).properties,
  chatModelConfigured: Type.Boolean({ description: 'False: nothing is generated whatever the setting says, until the IT department configures a chat model.' }),
  defaultSensitiveWords: Type.Array(Type.String(), { description: 'The words a new setting starts with, to restore them.' }),
});
export type AiAnswerSettingsReply = Static<typeof AiAnswerSettingsReply>;

export const AiAnswerSettingsRequest = settingRequest(AiAnswerSettingsValue);
export type AiAnswerSettingsRequest = Static<typeof AiAnswerSettingsRequest>;

const Outcome = Type.Union([Type.Literal('shown'), Type.Literal('sensitive'), Type.Literal('unsupported'), Type.Literal('failed')], {
  description: 'shown to the citizen; sensitive refused; unsupported every sentence dropped; failed the model could not answer.',
});

export const AiAnswerListQuery = Type.Object(
  {
    outcome: Type.Optional(Outcome),
    unreviewed: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: only those without a verdict yet.' })),
    limit: Type.Optional(Type.String({ pattern: '^(200|1[0-9]{2}|[1-9][0-9]?)$', description: 'Attempts per page, 1–200 (default 50).' })),
    offset: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,8})$', description: 'Attempts to skip (default 0).' })),
  },
  { additionalProperties: false },
);
export type AiAnswerListQuery = Static<typeof AiAnswerListQuery>;

const QaRef = Type.Object({
  qaId: Type.String(),
  question: Type.Union([Type.String(), Type.Null()], { description: 'With the city facts filled in; null when the QA is no longer in the working set.' }),
});

export const AiAnswerView = Type.Object({
  id: Type.String(),
  at: Type.String(),
  question: Type.String({ description: 'As the citizen typed it, personal data masked.' }),
  model: Type.String(),
  outcome: Outcome,
  text: Type.String({ description: 'What the citizen saw (empty unless shown).' }),
  sources: Type.Array(QaRef, { description: 'The candidate QAs the model was given, best first.' }),
  cited: Type.Array(QaRef, { description: 'The QAs the shown sentences came from.' }),
  droppedSentences: Type.Array(Type.String(), { description: 'Sentences the model wrote that the sources did not support, or that held a sensitive word.' }),
  verdict: Type.Union([Type.Literal('good'), Type.Literal('bad'), Type.Null()]),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String(), Type.Null()]),
});
export type AiAnswerView = Static<typeof AiAnswerView>;

export const AiAnswerListReply = Type.Object({
  total: Type.Integer(),
  /** Newest first. */
  items: Type.Array(AiAnswerView),
});
export type AiAnswerListReply = Static<typeof AiAnswerListReply>;

export const AiAnswerIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const AiAnswerReviewRequest = Type.Object(
  { verdict: Type.Union([Type.Literal('good'), Type.Literal('bad')], { description: 'good 「問題なし」, bad 「問題あり」.' }) },
  { additionalProperties: false },
);
export type AiAnswerReviewRequest = Static<typeof AiAnswerReviewRequest>;

export const AiAnswerReviewReply = Type.Object({ reviewed: Type.Literal(true) });
