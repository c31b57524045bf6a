/**
 * sitemapPages against a loopback site: a sitemap index whose sitemaps and pages are partly on other origins
 * (the same server under another host name counts as another site).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeCitySite, type FakeCitySite } from '../freshness/fake-city-site.ts';
import { loopbackGuard } from '../../security/loopback-outbound.ts';
import { sitemapPages } from './sitemap.ts';

let site: FakeCitySite;
let other: string;

const xml = (body: string) => ({ html: body, contentType: 'application/xml' });

before(async () => {
  site = await startFakeCitySite();
  other = `http://localhost:${new URL(site.url).port}`;
  site.setPage('/index.xml', xml(`<sitemapindex><sitemap><loc>${site.url}/own.xml</loc></sitemap><sitemap><loc>${other}/own.xml</loc></sitemap></sitemapindex>`));
  site.setPage('/own.xml', xml(`<urlset><url><loc>${site.url}/a.html</loc></url><url><loc>${other}/b.html</loc></url><url><loc>http://[fe80::1]/c.html</loc></url><url><loc>${site.url}/d.html</loc></url></urlset>`));
});
after(() => site.close());

test('only the sitemap\'s own origin is read: other sitemaps and pages are skipped and counted', async () => {
  const found = await sitemapPages(`${site.url}/index.xml`, { pathPrefix: null, maxPages: 10, fetch: { guard: loopbackGuard() } });
  assert.deepEqual(found, { pages: [`${site.url}/a.html`, `${site.url}/d.html`], more: false, otherOrigin: 3 });
  assert.deepEqual(site.requests.map((r) => r.path), ['/index.xml', '/own.xml']);
});
