/**
 * Test support: a city's web site on 127.0.0.1 whose pages a test changes, takes away, redirects or makes hang.
 * Like a real server it sends an ETag (the hash of the body) and answers 304 to a matching If-None-Match.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page as the site serves it. */
export type FakePage =
  | { html: string; contentType?: string; status?: number; etag?: false }
  | { status: number }
  | { redirectTo: string }
  /** Answers only when the page is set to another (then with that one), or never. */
  | { hang: true };

export interface FakeCitySite {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Serves `page` at `path` from now on, also to requests held by a hanging page; null takes it away (404). */
  setPage(path: string, page: FakePage | null): void;
  /** Every request: its path and whether it was conditional, in order. */
  requests: { path: string; conditional: boolean }[];
  /** The most requests under way at once so far. */
  readonly mostAtOnce: number;
  close(): Promise<void>;
}

/** @example const site = await startFakeCitySite({ '/a.html': { html: '<main>本文</main>' } }); */
export async function startFakeCitySite(pages: Record<string, FakePage> = {}): Promise<FakeCitySite> {
  const table = new Map(Object.entries(pages));
  const requests: FakeCitySite['requests'] = [];
  let atOnce = 0;
  let mostAtOnce = 0;
  const held: { path: string; answer: () => void }[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const conditional = request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined;
    requests.push({ path, conditional });
    atOnce++;
    mostAtOnce = Math.max(mostAtOnce, atOnce);
    response.on('close', () => atOnce--);
    answer(request, response, path);
  });
  const answer = (request: IncomingMessage, response: ServerResponse, path: string): void => {
    const page = table.get(path);
    if (page && 'hang' in page) return void held.push({ path, answer: () => answer(request, response, path) });
    if (!page) return void response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>ページが見つかりません</h1>');
    if ('redirectTo' in page) return void response.writeHead(301, { location: page.redirectTo }).end();
    if (!('html' in page)) return void response.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' }).end(`<h1>${page.status}</h1>`);
    const etag = page.etag === false ? undefined : `"${createHash('sha256').update(page.html).digest('hex').slice(0, 16)}"`;
    if (etag !== undefined && request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
    response.writeHead(page.status ?? 200, { 'content-type': page.contentType ?? 'text/html; charset=utf-8', ...(etag ? { etag } : {}) }).end(page.html);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPage(path, page) {
      if (page === null) table.delete(path);
      else table.set(path, page);
      if (page !== null && 'hang' in page) return;
      for (const request of held.filter((h) => h.path === path)) {
        held.splice(held.indexOf(request), 1);
        request.answer();
      }
    },
    requests,
    get mostAtOnce() {
      return mostAtOnce;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
