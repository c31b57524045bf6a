/**
 * The AI suggestion routes (/api/admin/suggestions), typed from the server's schemas, over the console's HTTP
 * client (same session, CSRF token and error handling as AdminApi).
 */
import type { SuggestionAvailabilityReply, SuggestionReply, SuggestionRequest } from '@madoguchi/server/admin-api';
import { MODEL_CALL_TIMEOUT_MS, type HttpClient } from './client.ts';

const BASE = '/api/admin/suggestions';

/**
 * @example
 * const suggestions = new SuggestionsApi(api.http);
 * const { available } = await suggestions.availability();
 */
export class SuggestionsApi {
  constructor(private readonly http: HttpClient) {}

  availability(): Promise<SuggestionAvailabilityReply> {
    return this.http.request('GET', `${BASE}/availability`);
  }

  suggest(body: SuggestionRequest): Promise<SuggestionReply> {
    return this.http.request('POST', BASE, { body, timeoutMs: MODEL_CALL_TIMEOUT_MS });
  }
}
