/**
 * The chat API client: JSON over fetch, no cookies, a timeout on every call, and every failure turned into
 * an `ApiError` whose `kind` the widget can put into words.
 */
import type {
  AccessEventRequest,
  CategoryReply,
  ChatLanguage,
  ChatReply,
  ChatRequest,
  FeedbackReply,
  FeedbackRequest,
  GeneratedAnswerReply,
  GeneratedAnswerRequest,
  MenuReply,
} from '@madoguchi/server/chat-api';

/** What went wrong, as far as the citizen needs to know. `aborted`: the widget itself cancelled the call. */
export type ErrorKind = 'network' | 'timeout' | 'rateLimited' | 'invalid' | 'notFound' | 'server' | 'aborted';

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** The server's error code (`RATE_LIMITED`, …) when it sent one. */
    readonly code: string | null = null,
  ) {
    super(code ?? kind);
    this.name = 'ApiError';
  }
}

/**
 * Maps an HTTP error to what the widget tells the citizen. The server's code wins over the status.
 *
 * @example errorKindFor(429, 'RATE_LIMITED') // 'rateLimited'
 * @example errorKindFor(502, null) // 'server'
 */
export function errorKindFor(status: number, code: string | null): ErrorKind {
  switch (code) {
    case 'RATE_LIMITED':
      return 'rateLimited';
    case 'INVALID_REQUEST':
      return 'invalid';
    case 'MESSAGE_NOT_FOUND':
    case 'QA_NOT_FOUND':
      return 'notFound';
  }
  if (status === 429) return 'rateLimited';
  if (status === 404) return 'notFound';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

export interface ChatApi {
  menu(lang: ChatLanguage): Promise<MenuReply>;
  category(name: string, lang: ChatLanguage): Promise<CategoryReply>;
  chat(request: ChatRequest): Promise<ChatReply>;
  feedback(request: FeedbackRequest): Promise<FeedbackReply>;
  /** The AI-composed answer a candidates reply offered (`aiAnswerAvailable`), or null. */
  generatedAnswer(request: GeneratedAnswerRequest): Promise<GeneratedAnswerReply>;
  /**
   * Counts a widget load or panel opening. Best effort: never rejects, survives the page being left
   * (`keepalive`), and is not cancelled by `abortAll`.
   */
  event(request: AccessEventRequest): Promise<void>;
  /** Cancels every call in flight (they reject with kind `aborted`). */
  abortAll(): void;
}

export interface ApiOptions {
  /** Defaults to the global fetch; tests pass a fake. */
  fetch?: typeof fetch;
  /** Per call; default 20 s (answers may wait for a cold index). */
  timeoutMs?: number;
}

function errorCode(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error;
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/**
 * A client for the API at `origin` (scheme, host and port, no trailing slash).
 *
 * @example
 * const api = createApi('https://chat.example-city.jp');
 * const reply = await api.chat({ message: '住民票の写しがほしい', lang: 'ja', via: 'typed' });
 */
export function createApi(origin: string, options: ApiOptions = {}): ChatApi {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const inFlight = new Set<AbortController>();

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    inFlight.add(controller);
    try {
      let response: Response;
      try {
        response = await fetchImpl(origin + path, {
          method,
          mode: 'cors',
          credentials: 'omit',
          headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller.signal,
        });
      } catch {
        throw new ApiError(timedOut ? 'timeout' : controller.signal.aborted ? 'aborted' : 'network');
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch {
        if (controller.signal.aborted) throw new ApiError(timedOut ? 'timeout' : 'aborted');
        throw new ApiError(response.ok ? 'server' : errorKindFor(response.status, null));
      }
      if (!response.ok) {
        const code = errorCode(json);
        throw new ApiError(errorKindFor(response.status, code), code);
      }
      return json as T;
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  return {
    menu: (lang) => call<MenuReply>('GET', `/api/v1/menu?lang=${lang}`),
    category: (name, lang) => call<CategoryReply>('GET', `/api/v1/categories/${encodeURIComponent(name)}?lang=${lang}`),
    chat: (request) => call<ChatReply>('POST', '/api/v1/chat', request),
    feedback: (request) => call<FeedbackReply>('POST', '/api/v1/feedback', request),
    generatedAnswer: (request) => call<GeneratedAnswerReply>('POST', '/api/v1/chat/generated-answer', request),
    async event(request) {
      try {
        await fetchImpl(`${origin}/api/v1/events`, {
          method: 'POST',
          mode: 'cors',
          credentials: 'omit',
          keepalive: true,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
      } catch {
        // A lost count is not worth a word to the citizen.
      }
    },
    abortAll() {
      for (const controller of inFlight) controller.abort();
    },
  };
}
