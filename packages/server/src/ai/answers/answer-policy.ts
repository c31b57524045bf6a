/**
 * When the chat model may compose an answer (R28): only when a city has turned it on, a chat model is
 * configured, the engine found candidates but no single confident answer, the question is in Japanese, and
 * nothing about it touches a subject the city marked sensitive (taxes, benefits, fees, deadlines …), where a
 * wrong word costs citizens money or rights. Pure: the caller reads the setting and the candidate QAs.
 */

/** The settings key. */
export const AI_ANSWERS_SETTING = 'aiAnswers';

/**
 * @example `{ enabled: true, sensitiveCategories: ['税金'], sensitiveWords: ['税', '料金'], maxSources: 3, dailyLimit: 1000 }`
 */
export interface AiAnswerSettings {
  /** Off until an administrator turns it on. */
  enabled: boolean;
  /** 大分類 or 中分類 names: a candidate QA in one of them means no generated answer. */
  sensitiveCategories: string[];
  /** Words that, in the question or a candidate's question, mean no generated answer (and drop a generated sentence). */
  sensitiveWords: string[];
  /** How many of the best candidates the model may read (1–5). */
  maxSources: number;
  /** Generated answers per Japan day at most (a cost cap), counted by each server process. */
  dailyLimit: number;
}

/**
 * Money, deadlines, eligibility, benefits, taxes and penalties: where the registered answer must be read as
 * written. Matched as substrings after NFKC, so 税 also covers 住民税, 納税, 課税.
 */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = [
  '税',
  '料金',
  '手数料',
  '使用料',
  '利用料',
  '保険料',
  '費用',
  '金額',
  '円',
  'いくら',
  '無料',
  '有料',
  '期限',
  '締切',
  '締め切り',
  'いつまで',
  '延滞',
  '給付',
  '手当',
  '補助',
  '助成',
  '支給',
  '年金',
  '減免',
  '免除',
  '還付',
  '控除',
  '所得',
  '罰',
  '資格',
  '対象者',
];

export const MAX_SOURCES_LIMIT = 5;
export const DAILY_LIMIT_MAX = 100_000;

export const DEFAULT_AI_ANSWER_SETTINGS: AiAnswerSettings = {
  enabled: false,
  sensitiveCategories: [],
  sensitiveWords: [...DEFAULT_SENSITIVE_WORDS],
  maxSources: 3,
  dailyLimit: 1000,
};

/**
 * The stored value with defaults for anything missing or of the wrong type (a value from an older version,
 * or edited by hand, never turns the feature on by accident).
 *
 * @example resolveAiAnswerSettings(undefined).enabled // false
 */
export function resolveAiAnswerSettings(value: unknown): AiAnswerSettings {
  const stored = typeof value === 'object' && value !== null ? (value as Partial<Record<keyof AiAnswerSettings, unknown>>) : {};
  const strings = (list: unknown, fallback: readonly string[]): string[] =>
    Array.isArray(list) ? [...new Set(list.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item !== ''))] : [...fallback];
  const { maxSources, dailyLimit } = stored;
  return {
    enabled: stored.enabled === true,
    sensitiveCategories: strings(stored.sensitiveCategories, DEFAULT_AI_ANSWER_SETTINGS.sensitiveCategories),
    sensitiveWords: strings(stored.sensitiveWords, DEFAULT_SENSITIVE_WORDS),
    maxSources: integerIn(maxSources, 1, MAX_SOURCES_LIMIT) ?? DEFAULT_AI_ANSWER_SETTINGS.maxSources,
    dailyLimit: integerIn(dailyLimit, 1, DAILY_LIMIT_MAX) ?? DEFAULT_AI_ANSWER_SETTINGS.dailyLimit,
  };
}

function integerIn(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** A candidate QA as the policy sees it: its categories and its question with the city facts filled in. */
export interface PolicySource {
  category1: string;
  category2: string;
  question: string;
}

/** @example `{ settings, chatConfigured: true, decision: 'candidates', lang: 'ja', question: '住民票がほしい', sources }` */
export interface EligibilityInput {
  settings: AiAnswerSettings;
  chatConfigured: boolean;
  decision: 'answer' | 'candidates' | 'none';
  lang: string;
  question: string;
  /** The candidates the model would read, best first (already cut to maxSources). */
  sources: readonly PolicySource[];
}

/** Why no answer may be composed; `sensitive-*` refusals are logged for review as outcome `sensitive`. */
export type IneligibleReason = 'disabled' | 'no-model' | 'decision' | 'language' | 'no-sources' | 'sensitive-category' | 'sensitive-word';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/**
 * @example answerEligibility({ ...input, question: '住民税はいつまでに払えばよいですか' }) // { eligible: false, reason: 'sensitive-word' }
 */
export function answerEligibility(input: EligibilityInput): Eligibility {
  const refuse = (reason: IneligibleReason): Eligibility => ({ eligible: false, reason });
  const { settings } = input;
  if (!settings.enabled) return refuse('disabled');
  if (!input.chatConfigured) return refuse('no-model');
  if (input.decision !== 'candidates') return refuse('decision');
  // The sources are the Japanese QAs and the checks compare Japanese wording: no other language is composed.
  if (input.lang !== 'ja') return refuse('language');
  if (input.sources.length === 0) return refuse('no-sources');
  const categories = new Set(settings.sensitiveCategories.map(normalise));
  if (input.sources.some((source) => categories.has(normalise(source.category1)) || categories.has(normalise(source.category2)))) return refuse('sensitive-category');
  if ([input.question, ...input.sources.map((source) => source.question)].some((text) => sensitiveWordIn(text, settings.sensitiveWords) !== null)) {
    return refuse('sensitive-word');
  }
  return { eligible: true };
}

/**
 * The first sensitive word the text contains, or null. Width and case do not matter (ＴＡＸ, 手数料).
 *
 * @example sensitiveWordIn('粗大ごみの手数料', ['手数料']) // '手数料'
 */
export function sensitiveWordIn(text: string, words: readonly string[]): string | null {
  const haystack = normalise(text);
  return words.find((word) => normalise(word) !== '' && haystack.includes(normalise(word))) ?? null;
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}
