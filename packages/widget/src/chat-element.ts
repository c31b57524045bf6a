/**
 * `<madoguchi-chat>`: the whole citizen chat in one custom element with an open shadow root.
 *
 * Attributes: `origin` (the Madoguchi server, required), `mode="page"` (fills its container, always open),
 * `language` (forces ja|en|zh|ko|vi), `open` (reflects and sets whether the floating panel is open).
 * State lives in a `ConversationState` persisted to sessionStorage; the DOM is rendered from it.
 * For the city's statistics, questions carry the channel and the page's address (never its query), and a
 * load per page view and each opening of the panel are counted.
 */
import type { Character, ChatLanguage, GeneratedAnswer, MenuReply, QuestionLink } from '@madoguchi/server/chat-api';
import { ApiError, createApi, type ChatApi, type ErrorKind } from './api.ts';
import { deserialize, initialState, isCharacter, reduce, serialize, type Action, type ConversationState, type Entry, type WelcomeEntry } from './conversation.ts';
import { MESSAGES, type MessageKey } from './i18n.ts';
import { isSendKey } from './keys.ts';
import { asLanguage, chooseLanguage } from './language.ts';
import { MESSAGE_MAX_LENGTH } from './limits.ts';
import { pageAddress } from './page-address.ts';
import { avatar, renderEntry, typingIndicator, type EntryActions, type EntryView, type RenderContext, type Via } from './render/entries.ts';
import { buildShell, relabel, updateCounter, type Shell } from './render/shell.ts';
import { newSessionId } from './session-id.ts';
import { openStore } from './storage.ts';
import { adoptStyles } from './styles.ts';

/** The element's tag name. */
export const CHAT_ELEMENT_TAG = 'madoguchi-chat';

const STATE_KEY = 'state';

const ERROR_MESSAGES: Readonly<Record<Exclude<ErrorKind, 'aborted'>, MessageKey>> = {
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  rateLimited: 'errorRateLimited',
  invalid: 'errorInvalid',
  notFound: 'errorNotFound',
  server: 'errorServer',
};

/** The message for a failure, or null when the widget cancelled the call itself. */
function errorMessage(error: unknown): MessageKey | null {
  const kind = error instanceof ApiError ? error.kind : 'server';
  return kind === 'aborted' ? null : ERROR_MESSAGES[kind];
}

function welcomeFrom(menu: MenuReply): WelcomeEntry {
  return {
    kind: 'welcome',
    greeting: menu.character.greeting,
    name: menu.character.name,
    categories: menu.categories.map((category) => category.name),
    popular: menu.popular,
  };
}

/** On touch screens, focusing the input would open the keyboard over the answer just asked for. */
const coarsePointer = (): boolean => matchMedia('(pointer: coarse)').matches;

export class ChatElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return ['origin', 'open', 'language'];
  }

  readonly #root: ShadowRoot;
  readonly #store = openStore();
  #state: ConversationState | null = null;
  #api: ChatApi | null = null;
  #shell: Shell | null = null;
  /** Cleans up every listener added outside the rendered entries. */
  #connection: AbortController | null = null;
  readonly #views = new Map<number, { entry: Entry; view: EntryView }>();
  readonly #menus = new Map<ChatLanguage, MenuReply>();
  #busy = false;
  #titleLevel: 1 | 2 = 2;
  #typing: HTMLElement | null = null;
  /** The character the frame shows (undefined: none drawn yet). */
  #renderedCharacter: Character | null | undefined = undefined;
  /** The load of this page view was counted (moving the element reconnects it). */
  #loadCounted = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.#root);
  }

  get #page(): boolean {
    return this.getAttribute('mode') === 'page';
  }

  /** The chat log's channel: the full-page chat, or the widget on a city page. */
  get #channel(): 'page' | 'widget' {
    return this.#page ? 'page' : 'widget';
  }

  connectedCallback(): void {
    const origin = this.getAttribute('origin');
    if (origin === null || this.#shell) return;
    this.#api = createApi(origin.replace(/\/+$/, ''));
    this.#connection = new AbortController();
    if (!this.#loadCounted) {
      this.#loadCounted = true;
      void this.#api.event({ event: 'load', channel: this.#channel });
    }

    const stored = this.#state ?? deserialize(this.#store.get(STATE_KEY));
    const lang = chooseLanguage({
      forced: this.getAttribute('language'),
      stored: stored?.lang ?? null,
      preferred: navigator.languages?.length ? navigator.languages : [navigator.language],
    });
    this.#state = stored ? { ...stored, lang } : { ...initialState(newSessionId(), lang), open: this.hasAttribute('open') };

    // A full-page chat on a page without a main heading gets to be that heading.
    this.#titleLevel = this.#page && !document.querySelector('h1') ? 1 : 2;
    const shell = buildShell(this.#page ? 'page' : 'floating', this.#titleLevel);
    this.#shell = shell;
    this.#listen(shell);
    relabel(shell, MESSAGES[lang], lang);
    this.#sync();
    if (this.#state.character) this.#showLauncher();
    // The whole tree, restored messages included, enters the document at once: nothing old is announced.
    this.#root.replaceChildren(shell.root);
    this.#autosize();
    if (this.#page || this.#state.open) this.#revealLatest();
    void this.#loadMenu(this.#state.entries.length === 0);
  }

  disconnectedCallback(): void {
    this.#connection?.abort();
    this.#api?.abortAll();
    this.#connection = null;
    this.#shell = null;
    this.#typing = null;
    this.#busy = false;
    this.#renderedCharacter = undefined;
    this.#views.clear();
    this.#root.replaceChildren();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    // An element placed by the page starts once it knows where the API is.
    if (name === 'origin' && this.isConnected && !this.#shell) this.connectedCallback();
    if (!this.#state || !this.#shell) return;
    if (name === 'open' && !this.#page && (value !== null) !== this.#state.open) {
      if (value === null) this.#close(false);
      else this.#open(false);
    }
    if (name === 'language') {
      const lang = asLanguage(value);
      if (lang) this.#switchLanguage(lang);
    }
  }

  // --- State ---

  #dispatch(action: Action): void {
    if (!this.#state) return;
    this.#state = reduce(this.#state, action);
    this.#store.set(STATE_KEY, serialize(this.#state));
    if (this.#shell) this.#sync();
  }

  /** Makes the DOM match the state. */
  #sync(): void {
    const state = this.#state;
    const shell = this.#shell;
    if (!state || !shell) return;
    const open = this.#page || state.open;
    shell.panel.hidden = !open;
    shell.launcher?.setAttribute('aria-expanded', String(open));
    if (!this.#page && this.hasAttribute('open') !== open) this.toggleAttribute('open', open);
    if (shell.panel.lang !== state.lang) {
      relabel(shell, MESSAGES[state.lang], state.lang);
      this.#autosize();
    }

    const character = state.character;
    if (character !== this.#renderedCharacter) {
      this.#renderedCharacter = character;
      if (character && isCharacter(character)) {
        this.style.setProperty('--mc-theme', character.themeColor);
        shell.root.dataset.position = character.position;
        shell.name.textContent = character.name;
      }
      for (const slot of shell.avatarSlots) slot.replaceChildren(avatar(this.#avatarUrl()));
    }
    this.#renderEntries(state.entries);
  }

  #avatarUrl(): string | null {
    const url = this.#state?.character?.avatarUrl;
    if (!url) return null;
    try {
      return new URL(url, `${this.getAttribute('origin') ?? ''}/`).href;
    } catch {
      return null;
    }
  }

  #renderEntries(entries: readonly Entry[]): void {
    const shell = this.#shell;
    if (!shell) return;
    const ids = new Set(entries.map((entry) => entry.id));
    for (const [id, { view }] of this.#views) {
      if (!ids.has(id)) {
        view.element.remove();
        this.#views.delete(id);
      }
    }
    const context: RenderContext = {
      botName: this.#state?.character?.name ?? '',
      avatarUrl: this.#avatarUrl(),
      heading: this.#titleLevel === 1 ? 'h2' : 'h3',
      actions: this.#actions,
    };
    let added: { entry: Entry; element: HTMLElement } | null = null;
    for (const entry of entries) {
      const known = this.#views.get(entry.id);
      if (known) {
        if (known.entry !== entry) {
          known.view.update(entry);
          known.entry = entry;
        }
        continue;
      }
      const view = renderEntry(entry, context);
      this.#views.set(entry.id, { entry, view });
      shell.log.insertBefore(view.element, this.#typing);
      added = { entry, element: view.element };
    }
    // A question scrolls to the end; an answer to its own start, so that long answers are read from the top.
    if (added) this.#reveal(added.element, added.entry.kind === 'user');
  }

  /** Scrolls the log (floating) or the page (page mode) to show `element`'s start or end. */
  #reveal(element: HTMLElement, end: boolean): void {
    const log = this.#shell?.log;
    if (!log) return;
    if (this.#page) element.scrollIntoView({ block: end ? 'end' : 'start' });
    else log.scrollTop = end ? log.scrollHeight : Math.max(0, element.offsetTop - 12);
  }

  /** Shows the latest message as if it had just arrived (on opening, and on a restored page). */
  #revealLatest(): void {
    const last = this.#state?.entries.at(-1);
    const element = this.#typing ?? (last && this.#views.get(last.id)?.view.element);
    if (element) this.#reveal(element, element === this.#typing || last?.kind === 'user');
  }

  // --- Events ---

  #listen(shell: Shell): void {
    const signal = this.#connection?.signal;
    const options = { signal };
    shell.launcher?.addEventListener('click', () => (this.#state?.open ? this.#close(true) : this.#open(true)), options);
    shell.close?.addEventListener('click', () => this.#close(true), options);
    shell.restart.addEventListener('click', () => this.#restart(), options);
    shell.language.addEventListener(
      'change',
      () => {
        const lang = asLanguage(shell.language.value);
        if (lang) this.#switchLanguage(lang);
      },
      options,
    );
    shell.panel.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Escape' && !event.isComposing && !this.#page) {
          event.preventDefault();
          this.#close(true);
        }
      },
      options,
    );
    shell.input.addEventListener(
      'keydown',
      (event) => {
        if (isSendKey(event)) {
          event.preventDefault();
          this.#submitTyped();
        }
      },
      options,
    );
    shell.input.addEventListener('input', () => this.#inputChanged(), options);
    shell.form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        this.#submitTyped();
      },
      options,
    );
  }

  readonly #actions: EntryActions = {
    ask: (link, via, event) => this.#askLink(link, via, event),
    openCategory: (name, trigger) => void this.#openCategory(name, trigger),
    feedback: (id, resolved) => this.#feedback(id, resolved),
    comment: (id, text) => void this.#comment(id, text),
  };

  /** Opened by the citizen (the launcher) or the page's script; a panel restored open is not counted. */
  #open(focus: boolean): void {
    this.#dispatch({ type: 'open', open: true });
    void this.#api?.event({ event: 'open', channel: this.#channel });
    this.#autosize();
    this.#revealLatest();
    // On a touch screen the dialog itself takes focus, so no keyboard covers the greeting.
    if (focus && !this.#focusInput(false)) this.#shell?.panel.focus({ preventScroll: true });
  }

  #close(focusLauncher: boolean): void {
    this.#dispatch({ type: 'open', open: false });
    if (focusLauncher) this.#shell?.launcher?.focus();
  }

  /**
   * Focuses the input, except on touch screens when the keyboard was not used: there the on-screen keyboard
   * would cover the answer just asked for. Returns whether it did.
   */
  #focusInput(keyboard: boolean): boolean {
    const input = this.#shell?.input;
    if (!input || (!keyboard && coarsePointer())) return false;
    input.focus({ preventScroll: true });
    return true;
  }

  #inputChanged(): void {
    const shell = this.#shell;
    if (!shell || !this.#state) return;
    this.#autosize();
    updateCounter(shell, MESSAGES[this.#state.lang]);
  }

  /** Grows the input from one line to about four (the CSS max-height), then it scrolls. Also fits a long placeholder. */
  #autosize(): void {
    const input = this.#shell?.input;
    if (!input || input.offsetParent === null) return; // hidden: nothing to measure
    input.style.setProperty('height', 'auto');
    input.style.setProperty('height', `${input.scrollHeight + 2}px`);
  }

  #setBusy(busy: boolean): void {
    this.#busy = busy;
    const shell = this.#shell;
    if (!shell || !this.#state) return;
    if (busy) shell.send.setAttribute('aria-disabled', 'true');
    else shell.send.removeAttribute('aria-disabled');
    if (busy && !this.#typing) {
      this.#typing = typingIndicator(MESSAGES[this.#state.lang], this.#state.lang, this.#avatarUrl());
      shell.log.append(this.#typing);
      this.#reveal(this.#typing, true);
    } else if (!busy && this.#typing) {
      this.#typing.remove();
      this.#typing = null;
    }
  }

  // --- What the citizen does ---

  #submitTyped(): void {
    const shell = this.#shell;
    if (!shell || this.#busy) return;
    const text = shell.input.value.trim();
    if (text === '') return;
    if (text.length > MESSAGE_MAX_LENGTH) {
      this.#dispatch({ type: 'add', entry: { kind: 'error', message: 'tooLong' } });
      return;
    }
    shell.input.value = '';
    this.#inputChanged();
    void this.#ask({ message: text, via: 'typed' }, text);
  }

  #askLink(link: QuestionLink, via: Exclude<Via, 'typed'>, event: MouseEvent): void {
    if (this.#busy) return;
    void this.#ask({ message: link.question, qaId: link.qaId, via });
    // detail 0: activated from the keyboard.
    this.#focusInput(event.detail === 0);
  }

  async #ask(request: { message: string; qaId?: string; via: Via }, typed?: string): Promise<void> {
    const state = this.#state;
    const api = this.#api;
    if (!state || !api || this.#busy) return;
    this.#dispatch({ type: 'add', entry: { kind: 'user', text: request.message } });
    this.#setBusy(true);
    try {
      const reply = await api.chat({ ...request, sessionId: state.sessionId, lang: state.lang, channel: this.#channel, page: pageAddress(location.href) });
      this.#setBusy(false);
      this.#dispatch({ type: 'session', sessionId: reply.sessionId });
      this.#dispatch({ type: 'add', entry: { kind: 'reply', reply, feedback: null } });
      const added = this.#state?.entries.at(-1);
      if (reply.aiAnswerToken && added) void this.#generate(added.id, reply.aiAnswerToken);
    } catch (error) {
      const message = errorMessage(error);
      this.#setBusy(false);
      if (message === null) return;
      this.#dispatch({ type: 'add', entry: { kind: 'error', message } });
      // Keep what they typed, so trying again is one key away.
      const input = this.#shell?.input;
      if (typed !== undefined && input && input.value === '') {
        input.value = typed;
        this.#inputChanged();
      }
    }
  }

  /** Asks for the AI answer a candidates reply offered; the candidates are already shown, and a failure shows nothing. */
  async #generate(id: number, token: string): Promise<void> {
    const state = this.#state;
    if (!state || !this.#api) return;
    this.#dispatch({ type: 'generated', id, answer: 'pending' });
    let answer: GeneratedAnswer | null = null;
    try {
      ({ answer } = await this.#api.generatedAnswer({ token, lang: state.lang }));
    } catch {
      // The candidates stand on their own.
    }
    this.#dispatch({ type: 'generated', id, answer });
  }

  async #openCategory(name: string, trigger: HTMLButtonElement): Promise<void> {
    const state = this.#state;
    const api = this.#api;
    if (!state || !api || this.#busy) return;
    this.#dispatch({ type: 'add', entry: { kind: 'user', text: name } });
    this.#setBusy(true);
    try {
      const category = await api.category(name, state.lang);
      this.#setBusy(false);
      this.#dispatch({ type: 'add', entry: { kind: 'category', category } });
      // Straight to the first question, unless the citizen has moved on meanwhile.
      const active = this.#root.activeElement;
      if (active === null || active === trigger) {
        const last = this.#state?.entries.at(-1);
        const first = last && this.#views.get(last.id)?.view.element.querySelector<HTMLElement>('.choice');
        first?.focus({ preventScroll: true });
      }
    } catch (error) {
      const message = errorMessage(error);
      this.#setBusy(false);
      if (message !== null) this.#dispatch({ type: 'add', entry: { kind: 'error', message } });
    }
  }

  #feedback(id: number, resolved: boolean): void {
    const entry = this.#state?.entries.find((candidate) => candidate.id === id);
    if (entry?.kind !== 'reply' || entry.feedback !== null) return;
    this.#dispatch({ type: 'feedback', id, resolved });
    // Losing a vote is not worth interrupting the citizen for.
    this.#api?.feedback({ messageId: entry.reply.messageId, resolved }).catch(() => undefined);
  }

  async #comment(id: number, text: string): Promise<void> {
    const entry = this.#state?.entries.find((candidate) => candidate.id === id);
    if (entry?.kind !== 'followup' || entry.comment === 'sent' || !this.#api) return;
    try {
      await this.#api.feedback({ messageId: entry.messageId, resolved: false, comment: text });
      this.#dispatch({ type: 'commentSent', id });
    } catch (error) {
      if (errorMessage(error) !== null) this.#dispatch({ type: 'add', entry: { kind: 'error', message: 'commentFailed' } });
    }
  }

  #restart(): void {
    const state = this.#state;
    const shell = this.#shell;
    if (!state || !shell) return;
    this.#api?.abortAll();
    this.#dispatch({ type: 'restart', sessionId: newSessionId() });
    shell.input.value = '';
    this.#inputChanged();
    const menu = this.#menus.get(state.lang);
    if (menu) this.#dispatch({ type: 'greet', welcome: welcomeFrom(menu) });
    else void this.#loadMenu(true);
    this.#focusInput(false);
  }

  #switchLanguage(lang: ChatLanguage): void {
    if (!this.#state || lang === this.#state.lang) return;
    this.#dispatch({ type: 'language', lang });
    void this.#loadMenu(true);
  }

  /** Fetches the menu (character, categories, popular questions) for the current language; `greet` shows it. */
  async #loadMenu(greet: boolean): Promise<void> {
    const api = this.#api;
    const lang = this.#state?.lang;
    if (!api || !lang) return;
    try {
      const menu = this.#menus.get(lang) ?? (await api.menu(lang));
      this.#menus.set(lang, menu);
      if (this.#state?.lang !== lang) return; // switched again meanwhile
      if (isCharacter(menu.character)) this.#dispatch({ type: 'character', character: menu.character });
      if (greet) this.#dispatch({ type: 'greet', welcome: welcomeFrom(menu) });
    } catch (error) {
      const message = errorMessage(error);
      if (message !== null && greet) this.#dispatch({ type: 'add', entry: { kind: 'error', message } });
    } finally {
      this.#showLauncher();
    }
  }

  #showLauncher(): void {
    if (this.#shell?.launcher) this.#shell.launcher.hidden = false;
  }
}
