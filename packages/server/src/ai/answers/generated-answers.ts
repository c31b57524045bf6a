/**
 * Guarded AI answers in the citizen chat (R28). The chat only asks `offers` (no model call, so it stays fast)
 * whether its candidates reply may come with a generated answer; the widget then asks `answer`, which runs the
 * published search again for the question (any instance can serve it), checks the policy again, composes,
 * logs the attempt for staff review, and returns plain text with the QAs it cites.
 */
import { randomUUID } from 'node:crypto';
import { redactPersonalData } from '../../chat/redact.ts';
import type { ChatLanguage, GeneratedAnswerReply, GeneratedAnswerRequest } from '../../chat/schema.ts';
import { markdownToPlainText } from '../../qa/plain-text.ts';
import { fillPlaceholders } from '../../qa/placeholders.ts';
import type { SearchService, SiteSearchResponse } from '../../search/search-service.ts';
import type { GeneratedAnswer } from '../../store/authoring-records.ts';
import type { Store } from '../../store/store.ts';
import { japanDay } from '../../time/japan-time.ts';
import type { ModelProviders } from '../models/models.ts';
import { AI_ANSWERS_SETTING, answerEligibility, resolveAiAnswerSettings, type AiAnswerSettings } from './answer-policy.ts';
import { composeAnswer, type AnswerSource } from './compose-answer.ts';

/** Shown with every generated answer, and returned to API clients to show too. */
export const AI_ANSWER_LABEL = 'AIが登録済みの回答から作成した要約です。正確な内容は、下のリンク先の回答でご確認ください。';

/** As many results as the chat asks the search for, so the decision is the one the citizen saw. */
const SEARCH_TOP = 6;
/** How long a reply may wait for the setting before the last one read is used. */
const SETTINGS_WAIT_MS = 500;

export interface GeneratedAnswersOptions {
  /** The ranking the chat uses when it is not the engine's alone (semantic search), so the decision is the one the citizen saw. */
  ranker?: { search(question: string, options: { top: number }): Promise<SiteSearchResponse> };
  /** A failed read of the setting or write of the log (the citizen keeps the candidates). */
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/**
 * @example
 * const answers = new GeneratedAnswers(store, published, 'default', models);
 * if (await answers.offers('住民票を取りたい', 'ja', ['1001', '1002'])) reply.aiAnswerAvailable = true;
 */
export class GeneratedAnswers {
  #lastSettings: AiAnswerSettings | null = null;

  constructor(
    private readonly store: Store,
    private readonly search: SearchService,
    private readonly siteId: string,
    private readonly models: ModelProviders,
    private readonly options: GeneratedAnswersOptions = {},
  ) {}

  /** Whether a candidates reply may offer a generated answer: the policy on the shown candidates, nothing else. */
  async offers(question: string, lang: ChatLanguage, candidateIds: readonly string[]): Promise<boolean> {
    // Cheap refusals first: most replies never read the setting.
    if (this.models.chat === null || lang !== 'ja' || candidateIds.length === 0) return false;
    const settings = await this.#settings();
    if (!settings?.enabled) return false;
    return this.#eligibility(settings, 'candidates', lang, question, candidateIds).eligible;
  }

  async answer(request: GeneratedAnswerRequest): Promise<GeneratedAnswerReply> {
    const chat = this.models.chat;
    const question = request.message.trim();
    if (chat === null || request.lang !== 'ja' || question === '') return { answer: null };
    const settings = await this.#settings();
    if (!settings?.enabled) return { answer: null };
    const response = this.options.ranker ? await this.options.ranker.search(question, { top: SEARCH_TOP }) : this.search.search(question, { top: SEARCH_TOP });
    const sourceIds = response.results.slice(0, settings.maxSources).map((result) => result.id);
    const eligibility = this.#eligibility(settings, response.decision, request.lang, question, sourceIds);
    if (!eligibility.eligible) {
      if (eligibility.reason === 'sensitive-category' || eligibility.reason === 'sensitive-word') {
        await this.#log(request, { model: chat.model, outcome: 'sensitive', text: '', sourceQaIds: sourceIds, citedQaIds: [], droppedSentences: [] });
      }
      return { answer: null };
    }

    const sources = sourceIds.map((id) => this.#source(id)).filter((source) => source !== undefined);
    const composed = await composeAnswer(chat, question, sources, settings.sensitiveWords);
    const logged = await this.#log(request, {
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

  #eligibility(settings: AiAnswerSettings, decision: 'answer' | 'candidates' | 'none', lang: ChatLanguage, question: string, candidateIds: readonly string[]) {
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
  async #log(request: GeneratedAnswerRequest, attempt: Pick<GeneratedAnswer, 'model' | 'outcome' | 'text' | 'sourceQaIds' | 'citedQaIds' | 'droppedSentences'>): Promise<boolean> {
    const at = this.options.now?.() ?? new Date();
    try {
      await this.store.recordGeneratedAnswer(this.siteId, {
        id: randomUUID(),
        at: at.toISOString(),
        day: japanDay(at),
        sessionId: request.sessionId,
        turnId: request.messageId,
        question: redactPersonalData(request.message.trim()),
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
}
