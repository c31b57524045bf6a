/**
 * The settings API's shapes (TypeBox): the city facts, the character, the chat menu and the log retention, each read and saved
 * with its revision (optimistic locking), and the revision history of any of them.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../../logs/retention.ts';
import { AdminErrorReply } from '../qas/schema.ts';

const Revision = Type.Integer({ minimum: 0, description: 'The revision that was read (0: never saved); 409 CONFLICT if someone saved since.' });

/** What every GET returns, and every successful PUT: the value with its revision. */
export function settingReply<T extends TSchema>(value: T) {
  return Type.Object({
    value,
    revision: Type.Integer({ description: 'Send it back with a change. 0 before the first save.' }),
    updatedBy: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  });
}

/** A setting's save: its value and the revision that was read. */
export function settingRequest<T extends TSchema>(value: T) {
  return Type.Object({ value, revision: Revision }, { additionalProperties: false });
}

/** 409: `current` is the setting as stored now, in the same shape as the GET reply. */
function conflictReply<T extends TSchema>(current: T) {
  return Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), current: Type.Optional(current) }) });
}

export const CityFactsValue = Type.Record(Type.String(), Type.String({ maxLength: 10_000 }), {
  description: 'Placeholder name → value, e.g. { "市名": "まどぐち市", "電話番号:市民課": "000-000-1001" }.',
});
export const CityFactsReply = settingReply(CityFactsValue);
export type CityFactsReply = Static<typeof CityFactsReply>;
export const CityFactsRequest = Type.Object({ value: CityFactsValue, revision: Revision }, { additionalProperties: false });
export type CityFactsRequest = Static<typeof CityFactsRequest>;

/** Loosely typed on purpose: resolveCharacter explains a wrong value in Japanese. */
export const CharacterValue = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 10_000 })),
    avatarUrl: Type.Optional(Type.String({ maxLength: 10_000 })),
    greeting: Type.Optional(Type.String({ maxLength: 10_000 })),
    greetings: Type.Optional(
      Type.Object(
        {
          en: Type.Optional(Type.String({ maxLength: 10_000 })),
          zh: Type.Optional(Type.String({ maxLength: 10_000 })),
          ko: Type.Optional(Type.String({ maxLength: 10_000 })),
          vi: Type.Optional(Type.String({ maxLength: 10_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    themeColor: Type.Optional(Type.String({ maxLength: 100 })),
    position: Type.Optional(Type.String({ maxLength: 100, description: 'right or left.' })),
  },
  { additionalProperties: false, description: 'Fields left out take the default.' },
);
export type CharacterValue = Static<typeof CharacterValue>;

export const ResolvedCharacter = Type.Object({
  name: Type.String(),
  avatarUrl: Type.String(),
  greeting: Type.String(),
  greetings: Type.Object({ en: Type.Optional(Type.String()), zh: Type.Optional(Type.String()), ko: Type.Optional(Type.String()), vi: Type.Optional(Type.String()) }),
  themeColor: Type.String(),
  position: Type.Union([Type.Literal('right'), Type.Literal('left')]),
});

export const CharacterProblemSchema = Type.Object({
  field: Type.String(),
  kind: Type.Union([Type.Literal('invalid'), Type.Literal('corrected')]),
  message: Type.String(),
});

export const CharacterReply = Type.Object({
  ...settingReply(CharacterValue).properties,
  /** What citizens see: the value with defaults filled in and the colour corrected. */
  resolved: ResolvedCharacter,
  /** After a save only `corrected` ones (e.g. a theme colour darkened for contrast): warnings to show. */
  problems: Type.Array(CharacterProblemSchema),
});
export type CharacterReply = Static<typeof CharacterReply>;
export const CharacterRequest = Type.Object({ value: CharacterValue, revision: Revision }, { additionalProperties: false });
export type CharacterRequest = Static<typeof CharacterRequest>;

export const ChatMenuValue = Type.Object(
  {
    featuredQaIds: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      maxItems: 20,
      uniqueItems: true,
      description: 'QAs shown first under 「よくある質問」 until the log knows what is asked most (each must exist).',
    }),
  },
  { additionalProperties: false },
);
export const ChatMenuReply = settingReply(ChatMenuValue);
export type ChatMenuReply = Static<typeof ChatMenuReply>;
export const ChatMenuRequest = Type.Object({ value: ChatMenuValue, revision: Revision }, { additionalProperties: false });
export type ChatMenuRequest = Static<typeof ChatMenuRequest>;

export const LogRetentionValue = Type.Object(
  {
    days: Type.Integer({ description: `Days of chat log kept, ${MIN_RETENTION_DAYS}–${MAX_RETENTION_DAYS} (at least a year, R23); older turns are deleted daily.` }),
  },
  { additionalProperties: false },
);
/** `value` is the effective retention: the default (three years) before anyone saved one. */
export const LogRetentionReply = settingReply(LogRetentionValue);
export type LogRetentionReply = Static<typeof LogRetentionReply>;
export const LogRetentionRequest = Type.Object({ value: LogRetentionValue, revision: Revision }, { additionalProperties: false });
export type LogRetentionRequest = Static<typeof LogRetentionRequest>;

/** The settings the console edits, by their URL name. */
export const SETTING_NAMES = ['city-facts', 'character', 'chat-menu', 'test-cases', 'log-retention'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

export const SettingRevisionsParams = Type.Object({ key: Type.Union(SETTING_NAMES.map((k) => Type.Literal(k))) });
export const SettingRevisionsReply = Type.Object({
  /** Newest first. */
  items: Type.Array(Type.Object({ revision: Type.Integer(), actor: Type.String(), at: Type.String(), value: Type.Unknown() })),
});
export type SettingRevisionsReply = Static<typeof SettingRevisionsReply>;

export function settingErrors<T extends TSchema>(current: T) {
  return { 400: AdminErrorReply, 401: AdminErrorReply, 403: AdminErrorReply, 404: AdminErrorReply, 409: conflictReply(current) };
}
