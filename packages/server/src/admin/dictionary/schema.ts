/**
 * The staff synonym dictionary's shapes (TypeBox).
 */
import { Type, type Static } from 'typebox';
import { AdminErrorReply } from '../qas/schema.ts';

export const DICTIONARY_LIMITS = { maxLines: 10_000, lineMaxLength: 1_000 } as const;

const Lines = Type.Array(Type.String({ maxLength: 100_000 }), {
  maxItems: 100_000,
  description: 'One entry per line, in the thesaurus format: "ごみ, ゴミ" (same meaning) or "引っ越してきた -> 転入" (implies); # starts a comment.',
});

export const DictionaryReply = Type.Object({
  lines: Type.Array(Type.String()),
  revision: Type.Integer({ description: 'Send it back with a change. 0 before the first save.' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type DictionaryReply = Static<typeof DictionaryReply>;

export const DictionaryRequest = Type.Object(
  { lines: Lines, revision: Type.Integer({ minimum: 0, description: 'The revision that was read; 409 CONFLICT if someone saved since.' }) },
  { additionalProperties: false },
);
export type DictionaryRequest = Static<typeof DictionaryRequest>;

export const DictionaryRevisionsReply = Type.Object({
  /** Newest first. */
  items: Type.Array(Type.Object({ revision: Type.Integer(), actor: Type.String(), at: Type.String(), lines: Type.Array(Type.String()) })),
});
export type DictionaryRevisionsReply = Static<typeof DictionaryRevisionsReply>;

export const dictionaryErrors = {
  400: AdminErrorReply,
  401: AdminErrorReply,
  403: AdminErrorReply,
  409: Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), current: Type.Optional(DictionaryReply) }) }),
};
