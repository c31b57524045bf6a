/**
 * The improvement loop's routes (/api/admin/improvement), typed from the server's schemas, over the console's
 * HTTP client (same session, CSRF token and error handling as AdminApi).
 */
import type {
  AddAlternatesReply,
  AddAlternatesRequest,
  ImprovementGroupsQuery,
  ImprovementGroupsReply,
  ReviewQuestionsReply,
  ReviewQuestionsRequest,
} from '@madoguchi/server/admin-api';
import type { HttpClient, Query } from './client.ts';

const BASE = '/api/admin/improvement';

/**
 * @example
 * const improvement = new ImprovementApi(api.http);
 * const { groups } = await improvement.groups({ from: '2026-11-01', to: '2026-11-30' });
 */
export class ImprovementApi {
  constructor(private readonly http: HttpClient) {}

  groups(query: ImprovementGroupsQuery, signal?: AbortSignal): Promise<ImprovementGroupsReply> {
    return this.http.request('GET', `${BASE}/groups`, { query: query as Query, signal });
  }

  addAlternates(body: AddAlternatesRequest): Promise<AddAlternatesReply> {
    return this.http.request('POST', `${BASE}/alternates`, { body });
  }

  review(body: ReviewQuestionsRequest): Promise<ReviewQuestionsReply> {
    return this.http.request('POST', `${BASE}/reviews`, { body });
  }
}
