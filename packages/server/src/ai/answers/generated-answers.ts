/**
 * Guarded AI answers in the citizen chat (R28). The chat asks `offer` (no model call, so it stays fast)
 * whether its candidates reply may come with a generated answer, giving the ENGINE's own decision and
 * candidates: semantic fusion may turn the engine's 'none' into similar QAs, and a model must only summarise
 * what the engine itself found. An offer is a signed token (answer-token.ts) over the session, message,
 * question and those candidates; the widget sends it back to `answer`, which checks it (any instance can),
 * spends it, checks the policy again with the current setting, keeps to the day's cap, composes, logs the
 * attempt for staff review, and returns plain text with the QAs it cites.
 */
import { randomUUID } from 'node:crypto';
import { redactPersonalData } from '../../chat/redact.ts';
import type { ChatLanguage, GeneratedAnswerReply, GeneratedAnswerRequest } from '../../chat/schema.ts';
import { ApiError } from '../../http/api-error.ts';
import { markdownToPlainText } from '../../qa/plain-text.ts';
import { fillPlaceholders } from '../../qa/placeholders.ts';
import type { SearchService } from '../../search/search-service.ts';
import type { GeneratedAnswer } from '../../store/authoring-records.ts';
import type { Store } from '../../store/store.ts';
import { japanDay } from '../../time/japan-time.ts';
import type { ModelProviders } from '../models/models.ts';
import { AI_ANSWERS_SETTING, answerEligibility, resolveAiAnswerSettings, type AiAnswerSettings } from './answer-policy.ts';
import { readAnswerTokenKey } from './answer-token-key.ts';
import { ANSWER_TOKEN_TTL_MS, readAnswerToken, signAnswerToken, SpentTokens, type AnswerClaims } from './answer-token.ts';
import { composeAnswer, type AnswerSource } from './compose-answer.ts';

/** Shown with every generated answer, and returned to API clients to show too. */
export const AI_ANSWER_LABEL = 'AIが登録済みの回答から作成した要約です。正確な内容は、下のリンク先の回答でご確認ください。';

/** How long a reply may wait for the setting before the last one read is used. */
const SETTINGS_WAIT_MS = 500;

/** A candidates reply as the chat made it, with what the engine alone decided for the question. */
export interface AnswerOffer {
  sessionId: string;
  messageId: string;
  question: string;
  lang: ChatLanguage;
  /** The engine's own decision, not the fused one. */
  decision: 'answer' | 'candidates' | 'none';
  /** The engine's own results with a score above zero, best first. */
  candidateIds: readonly string[];
}

export interface GeneratedAnswersOptions {
  /** A failed read of the setting or the token key, or write of the log (the citizen keeps the candidates). */
  onError?: (error: unknown) => void;
  /** The day's cap was reached and an answer was skipped (not an error; nothing is logged for review). */
  onDailyLimit?: (limit: number) => void;
  now?: () => Date;
}

/**
 * @example
 * const answers = new GeneratedAnswers(store, published, 'default', models);
 * const token = await answers.offer({ sessionId, messageId, question: '住民票の書類', lang: 'ja', decision: 'candidates', candidateIds: ['1008', '1001'] });
 * if (token) reply = { ...reply, aiAnswerAvailable: true, aiAnswerToken: token };
 * const { answer } = await answers.answer({ token, lang: 'ja' });
 */
export class GeneratedAnswers {
  #lastSettings: AiAnswerSettings | null = null;
  #key: Promise<Buffer> | undefined;
  readonly #spent = new SpentTokens();
  /** Answers composed today by this process: the cap is per process, so N instances allow up to N times it. */
  #today = { day: '', composed: 0 };

  constructor(
    private readonly store: Store,
    private readonly search: SearchService,
    private readonly siteId: string,
    private readonly models: ModelProviders,
    private readonly options: GeneratedAnswersOptions = {},
  ) {}

  /** A token for the widget when the reply may offer a generated answer (the policy on the engine's candidates), else null. */
  async offer(offer: AnswerOffer): Promise<string | null> {
    // Cheap refusals first: most replies never read the setting.
    if (this.models.chat === null || offer.lang !== 'ja' || offer.decision !== 'candidates' || offer.candidateIds.length === 0) return null;
    const settings = await this.#settings();
    if (!settings?.enabled || this.#composedToday() >= settings.dailyLimit) return null;
    if (!this.#eligibility(settings, offer).eligible) return null;
    const claims: AnswerClaims = {
      sessionId: offer.sessionId,
      messageId: offer.messageId,
      question: offer.question,
      candidateIds: offer.candidateIds.slice(0, settings.maxSources),
      expiresAt: this.#now().getTime() + ANSWER_TOKEN_TTL_MS,
    };
    const key = await this.#tokenKey();
    return key && signAnswerToken(key, claims);
  }

  /**
   * @throws ApiError 403 AI_ANSWER_TOKEN_INVALID (not signed by this site), 400 AI_ANSWER_TOKEN_EXPIRED,
   *   409 AI_ANSWER_TOKEN_USED (already spent on this instance).
   */
  async answer(request: GeneratedAnswerRequest): Promise<GeneratedAnswerReply> {
    const key = await this.#tokenKey();
    // Without the key nothing can be checked, so nothing is composed.
    if (key === null) return { answer: null };
    const claims = this.#spend(key, request.token);
    const chat = this.models.chat;
    if (chat === null || request.lang !== 'ja') return { answer: null };
    const settings = await this.#settings();
    if (!settings?.enabled) return { answer: null };
    // The candidates the reply offered, under the setting as it is now (it may have changed since).
    const sourceIds = claims.candidateIds.slice(0, settings.maxSources);
    const eligibility = this.#eligibility(settings, { decision: 'candidates', lang: request.lang, question: claims.question, candidateIds: sourceIds });
    if (!eligibility.eligible) {
      if (eligibility.reason === 'sensitive-category' || eligibility.reason === 'sensitive-word') {
        await this.#log(claims, { model: chat.model, outcome: 'sensitive', text: '', sourceQaIds: sourceIds, citedQaIds: [], droppedSentences: [] });
      }
      return { answer: null };
    }
    if (this.#composedToday() >= settings.dailyLimit) {
      this.options.onDailyLimit?.(settings.dailyLimit);
      return { answer: null };
    }
    this.#today.composed += 1;

    const sources = sourceIds.map((id) => this.#source(id)).filter((source) => source !== undefined);
    const composed = await composeAnswer(chat, claims.question, sources, settings.sensitiveWords);
    const logged = await this.#log(claims, {
      model: composed.model,
      outcome: composed.outcome,
      text: composed.text,
      sourceQaIds: sourceIds,
      citedQaIds: composed.citedQaIds,
      droppedSentences: composed.dropped.map((dropped) => dropped.sentence),
    });
    // An answer staff could not review afterwards is not shown.
    if (composed.outcome !== 'shown' || !logged) return { answer: null };
    const byId = new Map(sources.map((source) => [source.qaId, source]));
    return {
      answer: {
        text: composed.text,
        citations: composed.citedQaIds.map((qaId) => ({ qaId, question: byId.get(qaId)?.question ?? '', lang: 'ja' as const })),
        label: AI_ANSWER_LABEL,
      },
    };
  }

  /** The token's claims, spent; an ApiError for a token that is forged, expired or spent already. */
  #spend(key: Buffer, token: string): AnswerClaims {
    const now = this.#now();
    const checked = readAnswerToken(key, token, now);
    if (!checked.ok) {
      throw checked.reason === 'expired'
        ? new ApiError(400, 'AI_ANSWER_TOKEN_EXPIRED', 'AIによる要約を依頼できる時間（10分）を過ぎました。もう一度ご質問ください。')
        : new ApiError(403, 'AI_ANSWER_TOKEN_INVALID', 'AIによる要約の依頼を確認できませんでした。もう一度ご質問ください。');
    }
    if (!this.#spent.use(checked.claims.messageId, checked.claims.expiresAt, now.getTime())) {
      throw new ApiError(409, 'AI_ANSWER_TOKEN_USED', 'このご質問のAIによる要約は、すでに依頼を受け付けました。もう一度ご質問ください。');
    }
    return checked.claims;
  }

  /** The site's signing key, read (or made) once; null while the store cannot give it (tried again next time). */
  async #tokenKey(): Promise<Buffer | null> {
    this.#key ??= readAnswerTokenKey(this.store, this.siteId);
    try {
      return await this.#key;
    } catch (error) {
      this.#key = undefined;
      this.options.onError?.(error);
      return null;
    }
  }

  #composedToday(): number {
    const day = japanDay(this.#now());
    if (this.#today.day !== day) this.#today = { day, composed: 0 };
    return this.#today.composed;
  }

  /**
   * The setting as stored now, so a change applies to the next question. Should the database be slow or
   * down, the chat does not wait for it: after a moment the last value read is used (null before any, and
   * then nothing is generated).
   */
  async #settings(): Promise<AiAnswerSettings | null> {
    const read = this.store.getSetting(this.siteId, AI_ANSWERS_SETTING).then(
      (value) => (this.#lastSettings = resolveAiAnswerSettings(value)),
      (error: unknown) => {
        this.options.onError?.(error);
        return this.#lastSettings;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<AiAnswerSettings | null>((resolve) => {
      timer = setTimeout(() => resolve(this.#lastSettings), SETTINGS_WAIT_MS);
    });
    try {
      return await Promise.race([read, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The policy on the engine's decision and candidates (a token only carries candidates the engine found). */
  #eligibility(settings: AiAnswerSettings, { decision, lang, question, candidateIds }: Pick<AnswerOffer, 'decision' | 'lang' | 'question' | 'candidateIds'>) {
    const facts = this.search.facts;
    const sources = candidateIds.slice(0, settings.maxSources).flatMap((id) => {
      const qa = this.search.qa(id);
      return qa ? [{ category1: qa.category1, category2: qa.category2, question: fillPlaceholders(qa.question, facts) }] : [];
    });
    return answerEligibility({ settings, chatConfigured: this.models.chat !== null, decision, lang, question, sources });
  }

  /** The QA as the model and the checks read it: Japanese, city facts filled in, answer as plain text. */
  #source(qaId: string): AnswerSource | undefined {
    const qa = this.search.qa(qaId);
    if (!qa) return undefined;
    const facts = this.search.facts;
    return { qaId, question: fillPlaceholders(qa.question, facts), answer: markdownToPlainText(fillPlaceholders(qa.answer, facts)) };
  }

  /** Records the attempt; false when the store refused it. */
  async #log(claims: AnswerClaims, attempt: Pick<GeneratedAnswer, 'model' | 'outcome' | 'text' | 'sourceQaIds' | 'citedQaIds' | 'droppedSentences'>): Promise<boolean> {
    const at = this.#now();
    try {
      await this.store.recordGeneratedAnswer(this.siteId, {
        id: randomUUID(),
        at: at.toISOString(),
        day: japanDay(at),
        sessionId: claims.sessionId,
        turnId: claims.messageId,
        question: redactPersonalData(claims.question),
        ...attempt,
        // A model may echo what the citizen typed.
        droppedSentences: attempt.droppedSentences.map(redactPersonalData),
      });
      return true;
    } catch (error) {
      this.options.onError?.(error);
      return false;
    }
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
