/**
 * The rules of the citizen chat: what to answer, in which language, with which contact and follow-ups,
 * and what to log. Routes only validate and present; the engine only ranks.
 */
import { randomBytes } from 'node:crypto';
import { greetingFor, resolveCharacter, CHARACTER_SETTING } from '../character/character.ts';
import { ApiError } from '../http/api-error.ts';
import { compareQaIds } from '../store/natural-order.ts';
import type { Qa } from '../qa/model.ts';
import { fillPlaceholders, type CityFacts } from '../qa/placeholders.ts';
import type { SearchService, SiteSearchResponse } from '../search/search-service.ts';
import type { AnswerOffer } from '../ai/answers/generated-answers.ts';
import type { SemanticRanker } from '../ai/semantic/semantic-search.ts';
import type { ChatTurn, Store } from '../store/store.ts';
import { japanDay, japanHour } from '../time/japan-time.ts';
import { renderAnswerHtml } from './answer-html.ts';
import { generalContact, qaContact } from './contact.ts';
import { formatFileSize, type LinkedFileSizes } from './linked-file-sizes.ts';
import { redactPersonalData } from './redact.ts';
import type { AccessEventRequest, CategoryReply, ChatLanguage, ChatReply, Contact, ChatRequest, FeedbackRequest, MenuReply, QuestionLink } from './schema.ts';
import { TurnLog } from './turn-log.ts';

/** Settings key of the QAs the city features in the opening menu until real questions say what is popular. */
export const CHAT_MENU_SETTING = 'chatMenu';

export interface ChatMenuSettings {
  /** QA ids shown first under 「よくある質問」 when the log has too few answers yet. */
  featuredQaIds: string[];
}

const CANDIDATES_SHOWN = 5;
const RELATED_SHOWN = 4;
const POPULAR_SHOWN = 6;
/** How far back 「よくある質問」 counts, and how long that count is reused. */
const POPULAR_WINDOW_DAYS = 30;
const POPULAR_CACHE_MS = 5 * 60_000;

export interface ChatServiceOptions {
  /** `--answer-image-hosts`: answers show images from these hosts only (absent or empty: any). */
  imageHosts?: ReadonlySet<string>;
  /** Where linked PDFs' sizes come from; without it, PDF links carry no size. */
  fileSizes?: LinkedFileSizes;
  /** Called when logging a turn fails: the citizen still gets the answer. */
  onLogError?: (error: unknown) => void;
  /** Called when the menu could not be read from the store and the last one was shown instead. */
  onMenuFromCache?: (error: unknown) => void;
  /** How long a logged turn may wait to be written with others (default 50 ms). */
  logFlushDelayMs?: number;
  /** Told of every turn as it is queued for the log (metrics count decisions). */
  onTurn?: (turn: ChatTurn) => void;
  /** The semantic plug-in (ai/semantic/) over the same index: the engine's ranking fused with embeddings. */
  semantic?: SemanticRanker;
  /** Says whether a candidates reply may offer an AI-composed answer, with its token (ai/answers/generated-answers.ts). */
  aiAnswers?: { offer(offer: AnswerOffer): Promise<string | null> };
  now?: () => Date;
}

/**
 * @example
 * const chat = new ChatService(store, search, 'default');
 * const reply = await chat.ask({ message: '住民票がほしい', lang: 'ja' });
 */
export class ChatService {
  #popular: { at: number; ids: string[] } | undefined;
  /** Rendered answers and contacts per QA object: a rebuild brings new objects, so stale HTML is simply dropped. */
  #answerHtml = new WeakMap<Qa, Map<ChatLanguage, string>>();
  #contacts = new WeakMap<Qa, Map<ChatLanguage, Contact | null>>();
  /** The general contact per language, for the facts object it was made from (a rebuild brings a new one). */
  #generalContacts: { facts: CityFacts; byLang: Map<ChatLanguage, Contact> } | undefined;
  readonly #turns: TurnLog;
  readonly #lastMenus = new Map<ChatLanguage, MenuReply>();

  constructor(
    private readonly store: Store,
    private readonly search: SearchService,
    private readonly siteId: string,
    private readonly options: ChatServiceOptions = {},
  ) {
    this.#turns = new TurnLog(store, siteId, { onError: options.onLogError, flushDelayMs: options.logFlushDelayMs });
  }

  async ask(request: ChatRequest): Promise<ChatReply> {
    const started = performance.now();
    const lang = request.lang ?? 'ja';
    const sessionId = request.sessionId ?? randomId();
    const messageId = randomId();
    const message = request.message?.trim() ?? '';
    let reply: Omit<ChatReply, 'messageId' | 'sessionId'>;
    let shown: ChatTurn['shown'] = [];
    let question = message;

    if (request.qaId !== undefined) {
      const qa = this.search.qa(request.qaId);
      if (qa === undefined) throw new ApiError(404, 'QA_NOT_FOUND', 'お探しの質問は、現在公開されていません。別の言葉でご質問ください。');
      reply = this.#answerWith(qa, lang, []);
      shown = [{ qaId: qa.id, score: null }];
      question = message === '' ? this.#question(qa, 'ja') : message;
    } else {
      if (message === '') throw new ApiError(400, 'EMPTY_MESSAGE', 'ご質問を入力してください。');
      const top = CANDIDATES_SHOWN + 1;
      const response: SiteSearchResponse & { engine?: SiteSearchResponse } = this.options.semantic
        ? await this.options.semantic.search(message, { top })
        : this.search.search(message, { top });
      // AI answers follow the engine alone: fusion may turn its 'none' into similar QAs, which a model must not summarise.
      const engine = response.engine ?? response;
      const best = response.results[0] && this.search.qa(response.results[0].id);
      if (response.decision === 'answer' && best) {
        reply = this.#answerWith(best, lang, response.results.slice(1).map((r) => r.id));
        shown = [{ qaId: best.id, score: response.results[0]!.score }];
      } else if (response.decision === 'candidates') {
        reply = {
          decision: 'candidates',
          answer: null,
          candidates: this.#links(response.results.slice(0, CANDIDATES_SHOWN).map((r) => r.id), lang),
          related: [],
          contact: null,
        };
        shown = response.results.slice(0, CANDIDATES_SHOWN).map((r) => ({ qaId: r.id, score: r.score }));
        const token = await this.options.aiAnswers?.offer({
          sessionId,
          messageId,
          question: message,
          lang,
          decision: engine.decision,
          candidateIds: engine.results.filter((r) => r.score > 0 && this.search.qa(r.id) !== undefined).slice(0, CANDIDATES_SHOWN).map((r) => r.id),
        });
        if (token) reply = { ...reply, aiAnswerAvailable: true, aiAnswerToken: token };
      } else {
        reply = { decision: 'none', answer: null, candidates: [], related: [], contact: this.#generalContact(lang) };
      }
    }

    const at = this.#now();
    const turn: ChatTurn = {
      id: messageId,
      sessionId,
      at: at.toISOString(),
      day: japanDay(at),
      hour: japanHour(at),
      channel: request.channel ?? 'api',
      page: pageAddress(request.page),
      lang,
      via: request.via ?? (request.qaId === undefined ? 'typed' : 'menu'),
      question: redactPersonalData(question),
      decision: reply.decision,
      qaId: reply.answer?.qaId ?? null,
      category: this.search.qa(shown[0]?.qaId ?? '')?.category1 || null,
      shown,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    };
    this.#turns.add(turn);
    this.options.onTurn?.(turn);
    return { messageId, sessionId, ...reply };
  }

  async feedback(request: FeedbackRequest): Promise<void> {
    // The turn may still be waiting in the log's queue.
    await this.#turns.flush();
    const comment = request.comment?.trim();
    const recorded = await this.store.recordFeedback(this.siteId, {
      messageId: request.messageId,
      resolved: request.resolved,
      comment: comment ? redactPersonalData(comment) : null,
      at: this.#now().toISOString(),
    });
    if (!recorded) throw new ApiError(404, 'MESSAGE_NOT_FOUND', 'ご意見の対象のやりとりが見つかりません。もう一度ご質問ください。');
  }

  /** Counts a widget load or panel opening for the access statistics. */
  async recordAccess(request: AccessEventRequest): Promise<void> {
    await this.store.recordAccess(this.siteId, { day: japanDay(this.#now()), event: request.event, channel: request.channel ?? 'widget' });
  }

  /** Writes the turns still queued (before shutdown, or before reading the log back). */
  async flushLog(): Promise<void> {
    await this.#turns.flush();
  }

  /** Turns waiting for the store, and turns dropped because it failed too long (metrics, shutdown). */
  get logBacklog(): { queued: number; dropped: number } {
    return { queued: this.#turns.queued, dropped: this.#turns.dropped };
  }

  /**
   * The opening menu. While the database cannot be read, the last menu made for the language is shown
   * again, so citizens can still open the chat and ask (the answers come from memory).
   */
  async menu(lang: ChatLanguage): Promise<MenuReply> {
    try {
      const menu = await this.#freshMenu(lang);
      this.#lastMenus.set(lang, menu);
      return menu;
    } catch (error) {
      const last = this.#lastMenus.get(lang);
      if (last === undefined) throw error;
      this.options.onMenuFromCache?.(error);
      return last;
    }
  }

  async #freshMenu(lang: ChatLanguage): Promise<MenuReply> {
    const facts = this.search.facts;
    const { character } = resolveCharacter(await this.store.getSetting(this.siteId, CHARACTER_SETTING));
    const counts = new Map<string, number>();
    for (const qa of this.search.qas()) counts.set(qa.category1, (counts.get(qa.category1) ?? 0) + 1);
    counts.delete('');
    return {
      character: {
        name: character.name,
        avatarUrl: character.avatarUrl,
        greeting: greetingFor(character, lang, facts),
        themeColor: character.themeColor,
        position: character.position,
      },
      categories: [...counts].map(([name, count]) => ({ name, count })),
      popular: this.#links(await this.#popularIds(), lang),
      contact: this.#generalContact(lang),
    };
  }

  category(name: string, lang: ChatLanguage): CategoryReply {
    const groups = new Map<string, Qa[]>();
    for (const qa of this.search.qas()) {
      if (qa.category1 !== name) continue;
      const group = groups.get(qa.category2) ?? [];
      group.push(qa);
      groups.set(qa.category2, group);
    }
    if (groups.size === 0) throw new ApiError(404, 'CATEGORY_NOT_FOUND', 'この分類の質問は、現在公開されていません。');
    return {
      category: name,
      groups: [...groups].map(([group, qas]) => ({
        name: group,
        questions: qas.sort((a, b) => compareQaIds(a.id, b.id)).map((qa) => this.#link(qa, lang)),
      })),
    };
  }

  /** An answer with its related QAs; when staff listed fewer than a few, the search's runners-up fill in. */
  #answerWith(qa: Qa, lang: ChatLanguage, runnersUp: readonly string[]): Omit<ChatReply, 'messageId' | 'sessionId'> {
    const translated = this.#translated(qa, lang);
    const relatedIds = [...new Set([...qa.relatedIds, ...runnersUp])].filter((id) => id !== qa.id && this.search.qa(id) !== undefined);
    return {
      decision: 'answer',
      answer: {
        qaId: qa.id,
        question: this.#question(qa, lang),
        html: this.#html(qa, lang),
        lang: translated ? lang : 'ja',
        untranslated: lang !== 'ja' && !translated,
      },
      candidates: [],
      related: this.#links(relatedIds.slice(0, RELATED_SHOWN), lang),
      contact: this.#contact(qa, lang),
    };
  }

  #contact(qa: Qa, lang: ChatLanguage): Contact | null {
    const byLang = getOrCreate(this.#contacts, qa, () => new Map<ChatLanguage, Contact | null>());
    return getOrCreate(byLang, lang, () => qaContact(qa, this.search.facts, lang));
  }

  #generalContact(lang: ChatLanguage): Contact {
    const facts = this.search.facts;
    if (this.#generalContacts?.facts !== facts) this.#generalContacts = { facts, byLang: new Map() };
    return getOrCreate(this.#generalContacts.byLang, lang, () => generalContact(facts, lang));
  }

  #question(qa: Qa, lang: ChatLanguage): string {
    const question = (lang === 'ja' ? undefined : qa.translations[lang]?.question) ?? qa.question;
    return fillPlaceholders(question, this.search.facts);
  }

  #html(qa: Qa, lang: ChatLanguage): string {
    const rendered = getOrCreate(this.#answerHtml, qa, () => new Map<ChatLanguage, string>());
    let html = rendered.get(lang);
    if (html === undefined) {
      const answer = (lang === 'ja' ? undefined : qa.translations[lang]?.answer) ?? qa.answer;
      // Rendered again next time while a linked PDF's size is still being asked for.
      let complete = true;
      const fileSize = (url: string): string | undefined => {
        const size = this.options.fileSizes?.lookup(url) ?? 'unknown';
        if (size === 'pending') complete = false;
        return typeof size === 'number' ? formatFileSize(size) : undefined;
      };
      html = renderAnswerHtml(fillPlaceholders(answer, this.search.facts), { baseUrl: this.search.facts['市ホームページ'], fileSize, imageHosts: this.options.imageHosts });
      if (complete) rendered.set(lang, html);
    }
    return html;
  }

  #links(ids: readonly string[], lang: ChatLanguage): QuestionLink[] {
    return ids.flatMap((id) => {
      const qa = this.search.qa(id);
      return qa === undefined ? [] : [this.#link(qa, lang)];
    });
  }

  #link(qa: Qa, lang: ChatLanguage): QuestionLink {
    return { qaId: qa.id, question: this.#question(qa, lang), lang: this.#translated(qa, lang) ? lang : 'ja' };
  }

  #translated(qa: Qa, lang: ChatLanguage): boolean {
    return lang !== 'ja' && qa.translations[lang] !== undefined;
  }

  /** Most answered lately, then the city's featured QAs, then the first QA of each category. */
  async #popularIds(): Promise<string[]> {
    const now = this.#now().getTime();
    if (this.#popular !== undefined && now - this.#popular.at < POPULAR_CACHE_MS) return this.#popular.ids;
    const since = japanDay(new Date(now - POPULAR_WINDOW_DAYS * 86_400_000));
    const [answered, menu] = await Promise.all([
      this.store.mostAnsweredQas(this.siteId, since, POPULAR_SHOWN * 2),
      this.store.getSetting<Partial<ChatMenuSettings>>(this.siteId, CHAT_MENU_SETTING),
    ]);
    const firstOfCategory = new Map<string, string>();
    for (const qa of this.search.qas()) if (!firstOfCategory.has(qa.category1)) firstOfCategory.set(qa.category1, qa.id);
    const featured = Array.isArray(menu?.featuredQaIds) ? menu.featuredQaIds.filter((id): id is string => typeof id === 'string') : [];
    const ids = [...new Set([...answered.map((a) => a.qaId), ...featured, ...firstOfCategory.values()])]
      .filter((id) => this.search.qa(id) !== undefined)
      .slice(0, POPULAR_SHOWN);
    this.#popular = { at: now, ids };
    return ids;
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** The cached value, made and kept on first use. `undefined` is never a value here. */
function getOrCreate<K, V>(cache: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * The page a question came from, as origin and path: the query and fragment may carry personal data
 * (search words, form values, tokens), so they are never logged. Null when it is not an http(s) address.
 */
function pageAddress(page: string | undefined): string | null {
  if (page === undefined || !URL.canParse(page)) return null;
  const url = new URL(page);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `${url.origin}${url.pathname}`;
}

/** 128 random bits, URL-safe: message and session ids. */
function randomId(): string {
  return randomBytes(16).toString('base64url');
}
