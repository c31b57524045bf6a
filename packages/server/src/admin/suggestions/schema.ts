/**
 * The AI suggestions API's shapes (TypeBox): the editor's current form content in, suggestions to accept or
 * reject out. Sizes are bounded by the QA limits, so anything the editor can save can be sent.
 */
import { Type, type Static } from 'typebox';
import { QA_IO_LIMITS } from '../../qa/io/limits.ts';
import { AdminErrorReply } from '../qas/schema.ts';

export const SuggestionKind = Type.Union([Type.Literal('alternates'), Type.Literal('plain-japanese')], {
  description: 'alternates: more 言い換え for the question; plain-japanese: やさしい日本語 rewrites of the answer.',
});
export type SuggestionKind = Static<typeof SuggestionKind>;

export const SuggestionRequest = Type.Object(
  {
    kind: SuggestionKind,
    question: Type.String({ maxLength: QA_IO_LIMITS.questionMaxLength }),
    alternates: Type.Array(Type.String({ maxLength: QA_IO_LIMITS.alternateMaxLength }), { maxItems: QA_IO_LIMITS.maxAlternates }),
    answer: Type.String({ maxLength: QA_IO_LIMITS.answerMaxLength, description: 'Markdown, as in the editor (saved or not).' }),
  },
  { additionalProperties: false },
);
export type SuggestionRequest = Static<typeof SuggestionRequest>;

export const SuggestionView = Type.Object({
  text: Type.String({ description: 'An alternate (one line), or a rewritten answer (Markdown).' }),
  notes: Type.Array(Type.String(), { description: 'Japanese: what to check before accepting (e.g. a link of the original is missing).' }),
});
export type SuggestionView = Static<typeof SuggestionView>;

export const SuggestionReply = Type.Object({
  suggestions: Type.Array(SuggestionView),
  dropped: Type.Array(Type.Object({ text: Type.String(), reason: Type.String({ description: 'Japanese, for staff.' }) }), {
    description: 'What the model proposed and was left out: repeats, over-long, or facts the QA does not hold.',
  }),
});
export type SuggestionReply = Static<typeof SuggestionReply>;

export const SuggestionAvailabilityReply = Type.Object({
  available: Type.Boolean({ description: 'A chat model is configured.' }),
  /** Japanese, for staff, when not available. */
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type SuggestionAvailabilityReply = Static<typeof SuggestionAvailabilityReply>;

/** The error responses of the suggestion routes: the model's absence (503) and failure (502) included. */
export const suggestionErrors = { 400: AdminErrorReply, 401: AdminErrorReply, 403: AdminErrorReply, 502: AdminErrorReply, 503: AdminErrorReply };
