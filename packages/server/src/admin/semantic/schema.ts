/**
 * The semantic search API's shapes (TypeBox): the setting (on/off and the fusion's tunables) with its
 * revision and the plug-in's state, and the evaluation report comparing the 一括テスト with and without it.
 */
import { Type, type Static } from 'typebox';
import { Decision } from '../test-chat/schema.ts';
import { settingReply, settingRequest } from '../settings/schema.ts';

const FusionValue = Type.Object(
  {
    semanticWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'The similarity\'s share of the blend (the engine has the rest); 0 turns reordering off.' })),
    minSimilarity: Type.Optional(Type.Number({ minimum: -1, maximum: 0.99, description: 'Similarities at or below are ignored.' })),
    candidatesSimilarity: Type.Optional(
      Type.Number({ minimum: -1, maximum: 1, description: 'When the engine finds nothing, candidates are offered if the most similar QA is at least this similar.' }),
    ),
  },
  { additionalProperties: false },
);

export const SemanticSettingsValue = Type.Object(
  {
    enabled: Type.Boolean({ description: 'On by default once an embeddings model is configured.' }),
    fusion: Type.Optional(FusionValue),
  },
  { additionalProperties: false },
);
export type SemanticSettingsValue = Static<typeof SemanticSettingsValue>;

const IndexStatus = Type.Object({
  qas: Type.Integer({ description: 'QAs in the index.' }),
  vectors: Type.Integer({ description: 'QAs embedded so far.' }),
  refreshing: Type.Boolean(),
  refreshFailures: Type.Integer(),
  questionFailures: Type.Integer({ description: 'Questions answered by the engine alone because the model failed or was slow.' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Japanese, for staff.' }),
});

export const SemanticSettingsReply = Type.Object({
  /** The effective setting (`value`): on, with the engine's defaults, before the first save. */
  ...settingReply(Type.Object({ enabled: Type.Boolean(), fusion: FusionValue })).properties,
  configured: Type.Boolean({ description: 'False: no embeddings model; the engine answers alone whatever the setting says.' }),
  model: Type.Union([Type.String(), Type.Null()]),
  /** The engine's defaults of every tunable the setting leaves out. */
  defaults: Type.Object({
    semanticWeight: Type.Number(),
    minSimilarity: Type.Number(),
    candidatesSimilarity: Type.Number(),
  }),
  /** The embeddings of each index; null without a model. */
  published: Type.Union([IndexStatus, Type.Null()]),
  working: Type.Union([IndexStatus, Type.Null()]),
});
export type SemanticSettingsReply = Static<typeof SemanticSettingsReply>;

export const SemanticSettingsRequest = settingRequest(SemanticSettingsValue);
export type SemanticSettingsRequest = Static<typeof SemanticSettingsRequest>;

const Metrics = Type.Object({
  total: Type.Integer(),
  answerable: Type.Integer(),
  unanswerable: Type.Integer(),
  hitAt1: Type.Number({ description: 'Share of answerable questions with the right QA first.' }),
  hitAt5: Type.Number({ description: 'Share with the right QA in the top 5.' }),
  mrr: Type.Number({ description: 'Mean of 1/rank of the first right QA.' }),
  ndcgAt10: Type.Number({ description: 'nDCG@10, binary relevance.' }),
  nonePrecision: Type.Number({ description: 'Of the questions answered "none", the share that expected none.' }),
  noneRecall: Type.Number({ description: 'Of the questions that expected none, the share answered "none".' }),
  answeredRight: Type.Integer({ description: 'Answerable questions answered outright with the right QA.' }),
  answeredWrong: Type.Integer({ description: 'Confident answers with a wrong QA, or to a question expecting none.' }),
  candidatesWithRight: Type.Integer({ description: 'Answerable questions offered candidates including the right QA (top 5).' }),
});

const CaseOutcome = Type.Object({
  decision: Decision,
  rank: Type.Integer({ description: 'Of the first right QA, 1-based; 0 when not in the top 10 or none expected.' }),
  topId: Type.Union([Type.String(), Type.Null()]),
  topQuestion: Type.Union([Type.String(), Type.Null()]),
});

const CaseChange = Type.Object({
  question: Type.String(),
  expected: Type.Array(Type.String(), { description: '[]: the chat should say it cannot answer.' }),
  note: Type.Optional(Type.String()),
  engine: CaseOutcome,
  semantic: CaseOutcome,
});

export const SemanticEvaluationReply = Type.Object({
  model: Type.String(),
  /** QAs of the working set, and how many had a vector (the rest could only be found by the engine). */
  qas: Type.Integer(),
  vectors: Type.Integer(),
  /** The fusion's tunables the run used. */
  fusion: SemanticSettingsReply.properties.defaults,
  engine: Metrics,
  semantic: Metrics,
  improved: Type.Array(CaseChange),
  worsened: Type.Array(CaseChange),
});
export type SemanticEvaluationReply = Static<typeof SemanticEvaluationReply>;
