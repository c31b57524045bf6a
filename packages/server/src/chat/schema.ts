/**
 * The citizen chat API's request and response shapes, as JSON Schema (TypeBox) with their inferred types.
 * The widget imports the types from here (`@madoguchi/server/chat-api`), so client and server cannot drift.
 */
import { Type, type Static } from 'typebox';

/** Interface and answer languages: Japanese plus the translation languages of a QA. */
export const CHAT_LANGUAGES = ['ja', 'en', 'zh', 'ko', 'vi'] as const;
export type ChatLanguage = (typeof CHAT_LANGUAGES)[number];

/** Shared by the widget (its input's maxlength) and the server (the schema). */
export const MESSAGE_MAX_LENGTH = 500;
export const FEEDBACK_COMMENT_MAX_LENGTH = 500;

const Language = Type.Union([Type.Literal('ja'), Type.Literal('en'), Type.Literal('zh'), Type.Literal('ko'), Type.Literal('vi')]);

/** A random id the widget keeps in sessionStorage: no cookie, nothing personal. */
const SessionId = Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$', description: 'Random id kept by the widget in sessionStorage.' });
const QaId = Type.String({ minLength: 1, maxLength: 100 });
const Channel = Type.Union([Type.Literal('widget'), Type.Literal('page'), Type.Literal('api')], {
  description: 'Where the question is asked: the widget on a city page, the full-page chat, or an API client (the default).',
});
/** The server keeps only origin and path: a query string may hold personal data. */
const Page = Type.String({ maxLength: 2000, description: 'The address of the page the citizen asks from.' });

export const ChatRequest = Type.Object(
  {
    message: Type.Optional(Type.String({ maxLength: MESSAGE_MAX_LENGTH, description: 'The citizen\'s question as typed.' })),
    qaId: Type.Optional(Type.String({ ...QaId, description: 'Asks for one QA directly: a candidate, related or menu question was chosen.' })),
    sessionId: Type.Optional(SessionId),
    lang: Type.Optional(Language),
    via: Type.Optional(
      Type.Union([Type.Literal('typed'), Type.Literal('candidate'), Type.Literal('related'), Type.Literal('menu')], {
        description: 'How the question was asked; statistics count candidate picks.',
      }),
    ),
    channel: Type.Optional(Channel),
    page: Type.Optional(Page),
  },
  { additionalProperties: false },
);
export type ChatRequest = Static<typeof ChatRequest>;

export const AccessEventRequest = Type.Object(
  {
    event: Type.Union([Type.Literal('load'), Type.Literal('open')], { description: 'The widget loaded on a page, or its panel was opened.' }),
    channel: Type.Optional(Channel),
  },
  { additionalProperties: false },
);
export type AccessEventRequest = Static<typeof AccessEventRequest>;

export const QuestionLink = Type.Object({
  qaId: Type.String(),
  question: Type.String(),
  /** The language the question is written in: the asked one where translated, else Japanese (for screen readers). */
  lang: Language,
});
export type QuestionLink = Static<typeof QuestionLink>;

export const Contact = Type.Object({
  /** 担当課, or the city's name for the general contact. */
  department: Type.String(),
  /** Phone numbers, hours and URLs as sanitised HTML (phone numbers are tel: links). */
  html: Type.String(),
});
export type Contact = Static<typeof Contact>;

export const Answer = Type.Object({
  qaId: Type.String(),
  question: Type.String(),
  /** Sanitised HTML: paragraphs, lists, links (new tab), images, PDF links marked with `data-file="pdf"`. */
  html: Type.String(),
  /** The language the answer is written in. */
  lang: Language,
  /** True when another language was asked for and no translation exists, so the Japanese answer is shown. */
  untranslated: Type.Boolean(),
});
export type Answer = Static<typeof Answer>;

export const ChatReply = Type.Object({
  /** Refers to this exchange in feedback. */
  messageId: Type.String(),
  sessionId: Type.String(),
  decision: Type.Union([Type.Literal('answer'), Type.Literal('candidates'), Type.Literal('none')]),
  answer: Type.Union([Answer, Type.Null()]),
  /** 「もしかして」: for `candidates`, the likely QAs, best first. */
  candidates: Type.Array(QuestionLink),
  /** The answer's related QAs. */
  related: Type.Array(QuestionLink),
  /** Who to ask: the answer's department, or the city's general contact for `none`. */
  contact: Type.Union([Contact, Type.Null()]),
  /** Set on `candidates` when the city lets AI compose a short answer from them: ask POST /chat/generated-answer. */
  aiAnswerAvailable: Type.Optional(Type.Literal(true)),
  /** With `aiAnswerAvailable`: the opaque ticket to send to POST /chat/generated-answer, once, within 10 minutes. */
  aiAnswerToken: Type.Optional(Type.String()),
});
export type ChatReply = Static<typeof ChatReply>;

export const GeneratedAnswerRequest = Type.Object(
  {
    token: Type.String({
      minLength: 1,
      maxLength: 8192,
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      description: 'The `aiAnswerToken` of the candidates reply: it says which question and candidates the answer is composed from.',
    }),
    lang: Language,
  },
  { additionalProperties: false },
);
export type GeneratedAnswerRequest = Static<typeof GeneratedAnswerRequest>;

export const GeneratedAnswer = Type.Object({
  /** Plain text, never HTML: at most three sentences, each supported by a cited QA. */
  text: Type.String(),
  /** The registered QAs the sentences come from: open them for the exact answer. */
  citations: Type.Array(QuestionLink),
  /** The notice to show with it (Japanese): it is AI-made, and the linked answers are authoritative. */
  label: Type.String(),
});
export type GeneratedAnswer = Static<typeof GeneratedAnswer>;

export const GeneratedAnswerReply = Type.Object({
  /** Null when nothing may or could be composed; the candidates stand on their own. */
  answer: Type.Union([GeneratedAnswer, Type.Null()]),
});
export type GeneratedAnswerReply = Static<typeof GeneratedAnswerReply>;

export const FeedbackRequest = Type.Object(
  {
    messageId: Type.String({ minLength: 1, maxLength: 64 }),
    resolved: Type.Boolean(),
    comment: Type.Optional(Type.String({ maxLength: FEEDBACK_COMMENT_MAX_LENGTH })),
  },
  { additionalProperties: false },
);
export type FeedbackRequest = Static<typeof FeedbackRequest>;

export const FeedbackReply = Type.Object({ recorded: Type.Literal(true) });
export type FeedbackReply = Static<typeof FeedbackReply>;

export const Character = Type.Object({
  name: Type.String(),
  /** Absolute URL or a path on the Madoguchi server. */
  avatarUrl: Type.String(),
  /** The greeting in the asked language, or null when the city wrote none for it (the widget then uses its own). */
  greeting: Type.Union([Type.String(), Type.Null()]),
  /** #rrggbb, already checked for ≥ 4.5:1 contrast against white text. */
  themeColor: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
  position: Type.Union([Type.Literal('right'), Type.Literal('left')]),
});
export type Character = Static<typeof Character>;

export const MenuQuery = Type.Object({ lang: Type.Optional(Language) }, { additionalProperties: false });
export type MenuQuery = Static<typeof MenuQuery>;

export const MenuReply = Type.Object({
  character: Character,
  /** 大分類 with the number of QAs citizens can see in each. */
  categories: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
  /** Most asked recently, topped up with the city's featured QAs. */
  popular: Type.Array(QuestionLink),
  /** The city's general contact, for the 「お問い合わせ」 link in the panel. */
  contact: Contact,
});
export type MenuReply = Static<typeof MenuReply>;

export const CategoryParams = Type.Object({ category: Type.String({ minLength: 1, maxLength: 200 }) });
export type CategoryParams = Static<typeof CategoryParams>;

export const CategoryReply = Type.Object({
  category: Type.String(),
  /** Grouped by 中分類 in the order staff numbered the QAs. */
  groups: Type.Array(Type.Object({ name: Type.String(), questions: Type.Array(QuestionLink) })),
});
export type CategoryReply = Static<typeof CategoryReply>;

/** The one error shape of every route. `message` is Japanese; clients branch on `code`. */
export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type ErrorReply = Static<typeof ErrorReply>;
