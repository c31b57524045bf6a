/**
 * The conversation as data: what was said, in which language, and what the citizen did with each answer.
 * The DOM is rendered from this; sessionStorage keeps this (never HTML built by the widget), so the chat
 * continues on the city site's next page. Everything here is pure.
 */
import type {
  CategoryReply,
  ChatLanguage,
  ChatReply,
  Character,
  Contact,
  GeneratedAnswer,
  QuestionLink,
} from '@madoguchi/server/chat-api';
import type { MessageKey } from './i18n.ts';
import { asLanguage } from './language.ts';
import { STORED_ENTRIES_MAX } from './limits.ts';
import { isSessionId } from './session-id.ts';

/** The greeting with the menu of that moment (so an earlier greeting keeps its own language). */
export interface WelcomeEntry {
  kind: 'welcome';
  /** The character's greeting for the language, or null for the widget's own. */
  greeting: string | null;
  name: string;
  categories: string[];
  popular: QuestionLink[];
}
export interface UserEntry {
  kind: 'user';
  text: string;
}
export interface ReplyEntry {
  kind: 'reply';
  reply: ChatReply;
  /** The citizen's answer to 「解決しましたか？」. */
  feedback: 'resolved' | 'unresolved' | null;
  /** For candidates: the AI-composed answer, or `pending` while it is asked for (never stored). */
  ai?: GeneratedAnswer | 'pending';
}
export interface CategoryEntry {
  kind: 'category';
  category: CategoryReply;
}
export interface ThanksEntry {
  kind: 'thanks';
}
/** After 「いいえ」: who to ask, related questions, and the comment box. */
export interface FollowUpEntry {
  kind: 'followup';
  messageId: string;
  contact: Contact | null;
  related: QuestionLink[];
  comment: 'open' | 'sent';
}
export interface CommentThanksEntry {
  kind: 'comment-thanks';
}
/** Shown, never stored: an error belongs to the page where it happened. */
export interface ErrorEntry {
  kind: 'error';
  message: MessageKey;
}

export type EntryBody =
  | WelcomeEntry
  | UserEntry
  | ReplyEntry
  | CategoryEntry
  | ThanksEntry
  | FollowUpEntry
  | CommentThanksEntry
  | ErrorEntry;

/** Every entry carries a stable id (for rendering) and the interface language it was said in. */
export type Entry = EntryBody & { id: number; lang: ChatLanguage };

export interface ConversationState {
  sessionId: string;
  lang: ChatLanguage;
  open: boolean;
  /** The last character the menu returned, so the launcher shows at once on the next page. */
  character: Character | null;
  entries: Entry[];
  nextId: number;
}

export type Action =
  | { type: 'open'; open: boolean }
  | { type: 'language'; lang: ChatLanguage }
  | { type: 'character'; character: Character }
  /** Shows the greeting: replaces the log if nothing was asked yet, else appends (e.g. after a language switch). */
  | { type: 'greet'; welcome: WelcomeEntry }
  | { type: 'add'; entry: EntryBody }
  | { type: 'session'; sessionId: string }
  | { type: 'feedback'; id: number; resolved: boolean }
  | { type: 'commentSent'; id: number }
  /** The AI answer of a candidates reply: asked for, arrived, or none (null). */
  | { type: 'generated'; id: number; answer: GeneratedAnswer | 'pending' | null }
  | { type: 'restart'; sessionId: string };

/** @example initialState('Vq3n0sR7bXc-2Lr_9aYw1Q', 'ja') */
export function initialState(sessionId: string, lang: ChatLanguage): ConversationState {
  return { sessionId, lang, open: false, character: null, entries: [], nextId: 1 };
}

function append(state: ConversationState, body: EntryBody, lang: ChatLanguage = state.lang): ConversationState {
  const entry: Entry = { ...body, id: state.nextId, lang };
  return { ...state, entries: [...state.entries, entry].slice(-STORED_ENTRIES_MAX), nextId: state.nextId + 1 };
}

/** True once the citizen has asked or clicked anything. */
export function hasStarted(state: ConversationState): boolean {
  return state.entries.some((entry) => entry.kind === 'user');
}

/**
 * The one place the conversation changes.
 *
 * @example
 * let state = initialState(newSessionId(), 'ja');
 * state = reduce(state, { type: 'add', entry: { kind: 'user', text: '住民票がほしい' } });
 */
export function reduce(state: ConversationState, action: Action): ConversationState {
  switch (action.type) {
    case 'open':
      return { ...state, open: action.open };
    case 'language':
      return { ...state, lang: action.lang };
    case 'character':
      return { ...state, character: action.character };
    case 'session':
      return isSessionId(action.sessionId) ? { ...state, sessionId: action.sessionId } : state;
    case 'greet':
      return append(hasStarted(state) ? state : { ...state, entries: [] }, action.welcome);
    case 'add':
      return append(state, action.entry);
    case 'restart':
      return { ...state, sessionId: action.sessionId, entries: [] };
    case 'feedback': {
      const target = state.entries.find((entry) => entry.id === action.id);
      if (target?.kind !== 'reply' || target.feedback !== null) return state;
      const answered: Entry = { ...target, feedback: action.resolved ? 'resolved' : 'unresolved' };
      const next = { ...state, entries: state.entries.map((entry) => (entry === target ? answered : entry)) };
      const followUp: EntryBody = action.resolved
        ? { kind: 'thanks' }
        : { kind: 'followup', messageId: target.reply.messageId, contact: target.reply.contact, related: target.reply.related, comment: 'open' };
      // The follow-up continues that exchange, in the language its question was asked in.
      return append(next, followUp, target.lang);
    }
    case 'generated': {
      const target = state.entries.find((entry) => entry.id === action.id);
      if (target?.kind !== 'reply') return state;
      const next: Entry = { ...target, ai: action.answer ?? undefined };
      return { ...state, entries: state.entries.map((entry) => (entry === target ? next : entry)) };
    }
    case 'commentSent': {
      const target = state.entries.find((entry) => entry.id === action.id);
      if (target?.kind !== 'followup' || target.comment === 'sent') return state;
      const sent: Entry = { ...target, comment: 'sent' };
      const next = { ...state, entries: state.entries.map((entry) => (entry === target ? sent : entry)) };
      return append(next, { kind: 'comment-thanks' }, target.lang);
    }
  }
}

const STATE_VERSION = 1;

/** The stored form: errors and AI answers still being asked for are left out, the list is capped. */
export function serialize(state: ConversationState): string {
  const entries = state.entries
    .filter((entry) => entry.kind !== 'error')
    .slice(-STORED_ENTRIES_MAX)
    .map((entry) => (entry.kind === 'reply' && entry.ai === 'pending' ? { ...entry, ai: undefined } : entry));
  return JSON.stringify({ v: STATE_VERSION, ...state, entries });
}

// --- Reading back: the page shares sessionStorage with the city site, so trust nothing in it. ---

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isLink = (value: unknown): value is QuestionLink => isObject(value) && isString(value.qaId) && isString(value.question) && isString(value.lang);
const isLinks = (value: unknown): value is QuestionLink[] => Array.isArray(value) && value.every(isLink);
const isContact = (value: unknown): value is Contact => isObject(value) && isString(value.department) && isString(value.html);
const isGenerated = (value: unknown): value is GeneratedAnswer => isObject(value) && isString(value.text) && isString(value.label) && isLinks(value.citations);

/** Also used on the menu reply before its colour reaches CSS. */
export function isCharacter(value: unknown): value is Character {
  return (
    isObject(value) &&
    isString(value.name) &&
    isString(value.avatarUrl) &&
    (value.greeting === null || isString(value.greeting)) &&
    isString(value.themeColor) &&
    /^#[0-9a-fA-F]{6}$/.test(value.themeColor) &&
    (value.position === 'left' || value.position === 'right')
  );
}

function isReply(value: unknown): value is ChatReply {
  if (!isObject(value) || !isString(value.messageId) || !isString(value.sessionId)) return false;
  if (value.decision !== 'answer' && value.decision !== 'candidates' && value.decision !== 'none') return false;
  const answer = value.answer;
  const answerOk =
    answer === null ||
    (isObject(answer) &&
      isString(answer.qaId) &&
      isString(answer.question) &&
      isString(answer.html) &&
      asLanguage(isString(answer.lang) ? answer.lang : null) !== null &&
      typeof answer.untranslated === 'boolean');
  return answerOk && isLinks(value.candidates) && isLinks(value.related) && (value.contact === null || isContact(value.contact));
}

function isCategoryReply(value: unknown): value is CategoryReply {
  return (
    isObject(value) &&
    isString(value.category) &&
    Array.isArray(value.groups) &&
    value.groups.every((group) => isObject(group) && isString(group.name) && isLinks(group.questions))
  );
}

function isEntryBody(value: Json): boolean {
  switch (value.kind) {
    case 'welcome':
      return (
        (value.greeting === null || isString(value.greeting)) &&
        isString(value.name) &&
        Array.isArray(value.categories) &&
        value.categories.every(isString) &&
        isLinks(value.popular)
      );
    case 'user':
      return isString(value.text);
    case 'reply':
      return (
        isReply(value.reply) &&
        (value.feedback === null || value.feedback === 'resolved' || value.feedback === 'unresolved') &&
        (value.ai === undefined || isGenerated(value.ai))
      );
    case 'category':
      return isCategoryReply(value.category);
    case 'thanks':
    case 'comment-thanks':
      return true;
    case 'followup':
      return (
        isString(value.messageId) &&
        (value.contact === null || isContact(value.contact)) &&
        isLinks(value.related) &&
        (value.comment === 'open' || value.comment === 'sent')
      );
    default:
      return false;
  }
}

function isEntry(value: unknown): value is Entry {
  return isObject(value) && Number.isSafeInteger(value.id) && asLanguage(isString(value.lang) ? value.lang : null) !== null && isEntryBody(value);
}

/**
 * Reads a stored state back; null when there is none, it is from another version, or it is damaged.
 * Damaged entries are dropped one by one; ids stay unique.
 */
export function deserialize(raw: string | null): ConversationState | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(value) || value.v !== STATE_VERSION || !isSessionId(value.sessionId)) return null;
  const lang = asLanguage(isString(value.lang) ? value.lang : null);
  if (lang === null) return null;
  const seen = new Set<number>();
  const entries = (Array.isArray(value.entries) ? value.entries : [])
    .filter(isEntry)
    .filter((entry) => !seen.has(entry.id) && seen.add(entry.id))
    .slice(-STORED_ENTRIES_MAX);
  const storedNext = typeof value.nextId === 'number' && Number.isSafeInteger(value.nextId) ? value.nextId : 1;
  return {
    sessionId: value.sessionId,
    lang,
    open: value.open === true,
    character: isCharacter(value.character) ? value.character : null,
    entries,
    nextId: Math.max(storedNext, ...entries.map((entry) => entry.id + 1)),
  };
}
