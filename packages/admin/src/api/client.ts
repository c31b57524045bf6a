/**
 * The HTTP core of the console's API client: JSON in and out, the session cookie (same origin), the CSRF
 * token on every change, a timeout, and every failure as an {@link AdminApiError}. A 401 also tells the
 * app (`onUnauthorized`) so it can ask for a sign-in over the current screen without losing the form.
 */
import { AdminApiError, apiErrorFrom, networkError } from './errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/**
 * For requests that wait on the city's AI model: the server allows a model call 30 s per attempt, with retries,
 * so the console waits longer than its usual 30 s before giving up.
 */
export const MODEL_CALL_TIMEOUT_MS = 150_000;

export interface HttpClientOptions {
  /** Defaults to the global fetch; tests pass a fake. */
  fetch?: typeof fetch;
  /** Per call; default 30 s (publishing and imports rebuild the search index). */
  timeoutMs?: number;
  /** Called before a 401 is thrown (the session ended). */
  onUnauthorized?: (error: AdminApiError) => void;
}

export interface Download {
  blob: Blob;
  /** From Content-Disposition, or the fallback given. */
  filename: string;
}

export interface HttpClient {
  /** The token sent as `x-csrf-token` on every change; from the sign-in reply or GET /api/admin/session. */
  csrfToken: string | null;
  /** `timeoutMs` overrides the client's timeout for this call (see {@link MODEL_CALL_TIMEOUT_MS}). */
  request<T>(method: Method, path: string, options?: { query?: Query; body?: unknown; signal?: AbortSignal; timeoutMs?: number }): Promise<T>;
  /** Sends a multipart form (a file upload with its fields). */
  form<T>(path: string, data: FormData): Promise<T>;
  download(path: string, options: { query?: Query; fallbackName: string }): Promise<Download>;
}

/**
 * `?a=1&b=x&b=y`, skipping empty values; '' when nothing is left.
 *
 * @example queryString({ q: '住民票', page: 2, status: undefined }) // '?q=%E4%BD%8F…&page=2'
 */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The file name in a Content-Disposition header (RFC 6266 `filename*` first).
 *
 * @example filenameFrom("attachment; filename=\"qa.csv\"; filename*=UTF-8''QA%E4%B8%80%E8%A6%A7.csv", 'x') // 'QA一覧.csv'
 */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

/**
 * @example
 * const http = createHttpClient({ onUnauthorized: () => showSignIn() });
 * const session = await http.request<Session>('GET', '/api/admin/session');
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;

  async function send(
    method: Method,
    url: string,
    headers: Record<string, string>,
    body: BodyInit | undefined,
    signal?: AbortSignal,
    timeoutMs = defaultTimeoutMs,
  ): Promise<Response> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forward = () => controller.abort();
    signal?.addEventListener('abort', forward);
    try {
      if (method !== 'GET' && client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
      let response: Response;
      try {
        response = await fetchImpl(url, { method, headers, body, credentials: 'same-origin', signal: controller.signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw networkError(timedOut);
      }
      if (!response.ok) {
        let json: unknown = null;
        try {
          json = await response.json();
        } catch {
          /* no JSON body: the status decides the message */
        }
        const error = apiErrorFrom(response.status, json);
        if (response.status === 401) options.onUnauthorized?.(error);
        throw error;
      }
      return response;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  async function json<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new AdminApiError(response.status, 'BAD_RESPONSE', 'サーバーの応答を読み取れませんでした。もう一度お試しください。');
    }
  }

  const client: HttpClient = {
    csrfToken: null,
    async request<T>(method: Method, path: string, { query, body, signal, timeoutMs }: { query?: Query; body?: unknown; signal?: AbortSignal; timeoutMs?: number } = {}) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await send(method, path + queryString(query), headers, body === undefined ? undefined : JSON.stringify(body), signal, timeoutMs);
      return json<T>(response);
    },
    async form<T>(path: string, data: FormData) {
      // The browser sets the multipart content type with its boundary.
      return json<T>(await send('POST', path, { accept: 'application/json' }, data));
    },
    async download(path: string, { query, fallbackName }: { query?: Query; fallbackName: string }) {
      const response = await send('GET', path + queryString(query), { accept: '*/*' }, undefined);
      return { blob: await response.blob(), filename: filenameFrom(response.headers.get('content-disposition'), fallbackName) };
    },
  };
  return client;
}
