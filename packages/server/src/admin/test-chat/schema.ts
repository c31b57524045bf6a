/**
 * The test chat's shapes (TypeBox): the engine's view of a question, for staff.
 */
import { Type, type Static } from 'typebox';
import { MESSAGE_MAX_LENGTH } from '../../chat/schema.ts';

export const SearchScope = Type.Union([Type.Literal('working'), Type.Literal('published')], {
  description: 'working: the QAs marked 公開 as the next publication would show them; published: what citizens see now.',
});
export type SearchScope = Static<typeof SearchScope>;

export const Decision = Type.Union([Type.Literal('answer'), Type.Literal('candidates'), Type.Literal('none')]);

export const MatchSchema = Type.Object({
  kind: Type.Union([Type.Literal('word'), Type.Literal('reading'), Type.Literal('synonym'), Type.Literal('phrase'), Type.Literal('partial')]),
  /** What matched: the word, the reading, the synonym group's words, the word pair or the kana bigram. */
  text: Type.String(),
  /** The words of the question this evidence stands for. */
  queryWords: Type.Array(Type.String()),
  /** Set when it came from a one-way expansion of these words (引っ越してきた → 転入). */
  expandedFrom: Type.Optional(Type.String()),
  fields: Type.Array(Type.Union([Type.Literal('question'), Type.Literal('keywords'), Type.Literal('category'), Type.Literal('answer')])),
  /** This evidence's share of the score. */
  score: Type.Number(),
  /** True when this evidence may answer on its own; false for kana bigrams, word pairs and a homophone's reading. */
  strong: Type.Boolean(),
});

export const TestChatRequest = Type.Object(
  { message: Type.String({ maxLength: MESSAGE_MAX_LENGTH }), scope: SearchScope },
  { additionalProperties: false },
);
export type TestChatRequest = Static<typeof TestChatRequest>;

export const TestChatReply = Type.Object({
  scope: SearchScope,
  /** What the citizen chat would do: answer the top QA, offer candidates, or say it cannot answer. */
  decision: Decision,
  queryWords: Type.Array(Type.String()),
  convertedQuestion: Type.Optional(Type.String()),
  /** The best 10, best first, with why each matched. */
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      question: Type.String({ description: 'With the city facts filled in.' }),
      score: Type.Number(),
      coverage: Type.Number({ description: 'Share (0–1) of the question\'s content words this QA matched, weighted by rarity.' }),
      strongCoverage: Type.Number({ description: 'The same share counting only evidence that may answer on its own (the word, a synonym, a dictionary expansion, a spelling of the same word).' }),
      matches: Type.Array(MatchSchema),
      similarity: Type.Optional(Type.Number({ description: 'Cosine similarity to the question (semantic plug-in); absent when not among the similar QAs.' })),
    }),
  ),
  /** With an embeddings model: used (fused), off (the setting), unavailable (no vectors yet, or the model failed). */
  semantic: Type.Optional(Type.Union([Type.Literal('used'), Type.Literal('off'), Type.Literal('unavailable')])),
  /** The top result's answer as citizens see it (shown to them only when decision is answer); null without results. */
  answer: Type.Union([Type.Object({ qaId: Type.String(), question: Type.String(), html: Type.String() }), Type.Null()]),
});
export type TestChatReply = Static<typeof TestChatReply>;
