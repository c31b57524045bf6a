/**
 * The QA drafts routes (/api/admin/drafts), typed from the server's schemas, over the console's HTTP client
 * (same session, CSRF token and error handling as AdminApi).
 */
import type { AcceptDraftReply, AcceptDraftRequest, DraftJobListReply, DraftJobReply, DraftJobRequest, DraftListQuery, DraftListReply, RejectDraftReply } from '@madoguchi/server/admin-api';
import type { HttpClient, Query } from './client.ts';

const BASE = '/api/admin/drafts';

/**
 * @example
 * const drafts = new DraftsApi(api.http);
 * const { job } = await drafts.startJob({ urls: ['https://www.city.example.jp/faq/'] });
 */
export class DraftsApi {
  constructor(private readonly http: HttpClient) {}

  list(query: DraftListQuery, signal?: AbortSignal): Promise<DraftListReply> {
    return this.http.request('GET', BASE, { query: query as Query, signal });
  }

  startJob(body: DraftJobRequest): Promise<DraftJobReply> {
    return this.http.request('POST', `${BASE}/jobs`, { body });
  }

  startFileJob(files: readonly File[], useModel: boolean): Promise<DraftJobReply> {
    const data = new FormData();
    // Fields before the files: the server reads the parts in order.
    data.append('useModel', useModel ? 'true' : 'false');
    for (const file of files) data.append('file', file, file.name);
    return this.http.form(`${BASE}/jobs/files`, data);
  }

  job(id: string): Promise<DraftJobReply> {
    return this.http.request('GET', `${BASE}/jobs/${encodeURIComponent(id)}`);
  }

  jobs(signal?: AbortSignal): Promise<DraftJobListReply> {
    return this.http.request('GET', `${BASE}/jobs`, { signal });
  }

  accept(id: string, body: AcceptDraftRequest): Promise<AcceptDraftReply> {
    return this.http.request('POST', `${BASE}/${encodeURIComponent(id)}/accept`, { body });
  }

  reject(id: string): Promise<RejectDraftReply> {
    return this.http.request('POST', `${BASE}/${encodeURIComponent(id)}/reject`);
  }
}
