/**
 * The conversation log API's shapes (TypeBox): filtered pages of logged turns for the 会話ログ screen, and
 * the same filter for the CSV and XLSX downloads.
 */
import { Type, type Static } from 'typebox';
import { DaySchema } from '../statistics/schema.ts';

const Decision = Type.Union([Type.Literal('answer'), Type.Literal('candidates'), Type.Literal('none')]);
const Channel = Type.Union([Type.Literal('widget'), Type.Literal('page'), Type.Literal('api')]);

const LOG_PAGE_MAX = 500;

export const LogFilter = Type.Object(
  {
    from: DaySchema,
    to: DaySchema,
    decision: Type.Optional(Decision),
    channel: Type.Optional(Channel),
    lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'ja, en, zh, ko or vi.' })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the (masked) question or comment.' })),
    failed: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], {
        description: 'true: typed questions that went wrong (no answer, candidates none picked, answer rephrased right after, or feedback いいえ).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LogFilter = Static<typeof LogFilter>;

export const LogQuery = Type.Object(
  {
    ...LogFilter.properties,
    limit: Type.Optional(Type.String({ pattern: '^(500|[1-4][0-9]{2}|[1-9][0-9]?)$', description: `Turns per page, 1–${LOG_PAGE_MAX} (default 50).` })),
    offset: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,8})$', description: 'Turns to skip (default 0).' })),
  },
  { additionalProperties: false },
);
export type LogQuery = Static<typeof LogQuery>;

/** One logged turn (store LoggedTurn) as the console shows it. Free text is already masked (phone numbers, e-mail…). */
export const LoggedTurnView = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  /** ISO 8601 UTC. */
  at: Type.String(),
  /** YYYY-MM-DD and 0–23 in Japan. */
  day: Type.String(),
  hour: Type.Integer(),
  channel: Channel,
  /** Origin and path of the page asked from, or null. */
  page: Type.Union([Type.String(), Type.Null()]),
  lang: Type.String(),
  via: Type.Union([Type.Literal('typed'), Type.Literal('candidate'), Type.Literal('related'), Type.Literal('menu')]),
  question: Type.String(),
  decision: Decision,
  /** The QA answered, or null. */
  qaId: Type.Union([Type.String(), Type.Null()]),
  /** That QA's question (working set, else published), or null when none or deleted. */
  qaQuestion: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  /** QAs shown, best first, with the engine's score (null for a click). */
  shown: Type.Array(Type.Object({ qaId: Type.String(), score: Type.Union([Type.Number(), Type.Null()]) })),
  latencyMs: Type.Number(),
  firstInSession: Type.Boolean(),
  rephrased: Type.Boolean(),
  pickedQaId: Type.Union([Type.String(), Type.Null()]),
  resolved: Type.Union([Type.Boolean(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  feedbackAt: Type.Union([Type.String(), Type.Null()]),
});
export type LoggedTurnView = Static<typeof LoggedTurnView>;

export const LogListReply = Type.Object({ turns: Type.Array(LoggedTurnView), total: Type.Integer() });
export type LogListReply = Static<typeof LogListReply>;
