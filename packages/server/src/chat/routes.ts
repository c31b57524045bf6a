/**
 * The citizen chat API under /api/v1: public, without cookies, open to any origin (the widget runs on the
 * city's pages), rate-limited per address.
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ChatService } from './chat-service.ts';
import {
  AccessEventRequest,
  CategoryParams,
  CategoryReply,
  ChatReply,
  ChatRequest,
  ErrorReply,
  FeedbackReply,
  FeedbackRequest,
  GeneratedAnswerReply,
  GeneratedAnswerRequest,
  MenuQuery,
  MenuReply,
} from './schema.ts';

/** Requests per minute from one address (0: no limit); a person types far slower, a script is stopped. */
export interface ChatRateLimits {
  chat: number;
  feedback: number;
  menu: number;
  /** Widget loads and panel openings: one per page view, so a citizen browsing quickly stays well below. */
  events: number;
  /** AI answers: each is a paid model call, and comes only after a candidates reply. */
  generatedAnswer: number;
}

export const DEFAULT_CHAT_RATE_LIMITS: ChatRateLimits = { chat: 30, feedback: 30, menu: 120, events: 60, generatedAnswer: 10 };

export interface ChatRoutesOptions {
  chat: ChatService;
  rateLimits: ChatRateLimits;
  /** AI-composed answers from candidates (ai/answers/generated-answers.ts); without it the route answers null. */
  generatedAnswers?: { answer(request: GeneratedAnswerRequest): Promise<GeneratedAnswerReply> };
}

const errors = { 400: ErrorReply, 404: ErrorReply, 429: ErrorReply };
const tokenErrors = { ...errors, 403: ErrorReply, 409: ErrorReply };
const perMinute = (max: number) => ({ rateLimit: max > 0 ? { max, timeWindow: 60_000 } : false });

export const chatRoutes: FastifyPluginAsyncTypebox<ChatRoutesOptions> = async (app, { chat, rateLimits, generatedAnswers }) => {
  await app.register(cors, { origin: '*', methods: ['GET', 'POST'], maxAge: 86_400 });

  app.post(
    '/chat',
    {
      config: perMinute(rateLimits.chat),
      schema: {
        summary: 'Ask a question (or pick a QA) and get the answer, candidates or the contact',
        tags: ['chat'],
        body: ChatRequest,
        response: { 200: ChatReply, ...errors },
      },
    },
    async (request) => chat.ask(request.body),
  );

  app.post(
    '/chat/generated-answer',
    {
      config: perMinute(rateLimits.generatedAnswer),
      schema: {
        summary: 'For a candidates reply offering it (aiAnswerAvailable): with its aiAnswerToken, a short AI answer from those QAs, checked against them, or null',
        tags: ['chat'],
        body: GeneratedAnswerRequest,
        response: { 200: GeneratedAnswerReply, ...tokenErrors },
      },
    },
    async (request) => (generatedAnswers ? generatedAnswers.answer(request.body) : { answer: null }),
  );

  app.post(
    '/feedback',
    {
      config: perMinute(rateLimits.feedback),
      schema: {
        summary: 'Say whether an answer solved the problem (解決しましたか？)',
        tags: ['chat'],
        body: FeedbackRequest,
        response: { 200: FeedbackReply, ...errors },
      },
    },
    async (request) => {
      await chat.feedback(request.body);
      return { recorded: true as const };
    },
  );

  app.post(
    '/events',
    {
      config: perMinute(rateLimits.events),
      schema: {
        summary: 'Count a widget load or panel opening for the access statistics (nothing about the visitor is kept)',
        tags: ['chat'],
        body: AccessEventRequest,
        // The same acknowledgement as feedback: { recorded: true }.
        response: { 200: FeedbackReply, ...errors },
      },
    },
    async (request) => {
      await chat.recordAccess(request.body);
      return { recorded: true as const };
    },
  );

  app.get(
    '/menu',
    {
      config: perMinute(rateLimits.menu),
      schema: {
        summary: 'The opening menu: character, categories, popular questions, general contact',
        tags: ['chat'],
        querystring: MenuQuery,
        response: { 200: MenuReply, ...errors },
      },
    },
    async (request) => chat.menu(request.query.lang ?? 'ja'),
  );

  app.get(
    '/categories/:category',
    {
      config: perMinute(rateLimits.menu),
      schema: {
        summary: 'The questions of one category (大分類), grouped by 中分類',
        tags: ['chat'],
        params: CategoryParams,
        querystring: MenuQuery,
        response: { 200: CategoryReply, ...errors },
      },
    },
    async (request) => chat.category(request.params.category, request.query.lang ?? 'ja'),
  );
};
