/**
 * A city's web page on another origin than Madoguchi, embedding the widget with one script tag under a
 * Content-Security-Policy that allows Madoguchi's origin and nothing inline, as a careful city would.
 * It has a second page, to check the conversation survives moving around the city site.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  url: string;
  close(): Promise<void>;
}

function page(title: string, madoguchi: string, link: string): string {
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="/city.css"></head>
<body>
<header><h1>${title}</h1></header>
<main><p>まどぐち市の公式ホームページです。くらしの情報、手続きのご案内などを掲載しています。</p>
<p><a href="${link}">次のページへ</a></p></main>
<script src="${madoguchi}/widget.js" defer></script>
</body></html>`;
}

// Hostile host styles: the widget must look the same inside its shadow root.
const CITY_CSS = `* { font-family: serif !important; color: #333; } button { background: red; border: 5px solid lime; } p { margin: 0 0 1em; } body { margin: 2rem; line-height: 1.5; }`;

export async function startHostSite(madoguchi: string): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const csp = `default-src 'self'; script-src 'self' ${madoguchi}; connect-src ${madoguchi}; img-src 'self' ${madoguchi} https:; style-src 'self'`;
    // A query string is served the same page: the widget must not pass it on.
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (path === '/city.css') {
      response.writeHead(200, { 'content-type': 'text/css' }).end(CITY_CSS);
    } else if (path === '/' || path === '/next.html') {
      const first = path === '/';
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp })
        .end(page(first ? 'まどぐち市 トップページ' : 'まどぐち市 くらしのページ', madoguchi, first ? '/next.html' : '/'));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
