/**
 * Every route under /api/admin, as the app registered them (new capabilities are covered without editing this
 * file): none answers without a session except signing in, none accepts a change without the CSRF token, and
 * each declares TypeBox schemas, so /api/openapi.json describes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouteOptions } from 'fastify';
import type { ErrorReply } from '../chat/schema.ts';
import { ROLE_RANK } from '../admin/context.ts';
import { startTestServer, type TestServer } from '../http/test-server.ts';
import type { StaffRole } from '../store/store.ts';
import { signIn, type TestSession } from './test-support.ts';

/** The only routes open without a session. */
// Signing in: the password step, and the code step that follows it (it carries its own signed token).
const PUBLIC = new Set(['POST /api/admin/session', 'POST /api/admin/session/totp']);

let server: TestServer;
let viewer: TestSession;
let adminRoutes: { method: string; url: string; route: RouteOptions }[];

before(async () => {
  server = await startTestServer();
  viewer = await signIn(server, 'viewer');
  adminRoutes = server.routes
    .filter((route) => route.url.startsWith('/api/admin/'))
    .flatMap((route) => [route.method].flat().map((method) => ({ method, url: route.url, route })));
});
after(() => server.close());

/** A concrete address for a route pattern: every parameter and wildcard becomes a plausible value. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, 'x1').replace(/\*/g, 'x1');
}

async function send(method: string, url: string, headers: Record<string, string> = {}): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(`${server.url}${concrete(url)}`, { method, headers });
  const text = await response.text();
  return { status: response.status, code: text ? ((JSON.parse(text) as ErrorReply).error?.code ?? undefined) : undefined };
}

describe('every /api/admin route', () => {
  test('the list is complete enough to mean something', () => {
    const names = adminRoutes.map((r) => `${r.method} ${r.url}`);
    for (const expected of ['POST /api/admin/session', 'GET /api/admin/session', 'GET /api/admin/accounts', 'GET /api/admin/audit']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
  });

  test('refuses a request without a session (401 UNAUTHENTICATED), except signing in', async () => {
    const open: string[] = [];
    for (const { method, url } of adminRoutes) {
      if (PUBLIC.has(`${method} ${url}`)) continue;
      const { status, code } = await send(method, url);
      if (status !== 401 || (method !== 'HEAD' && code !== 'UNAUTHENTICATED')) open.push(`${method} ${url} → ${status} ${code}`);
    }
    assert.deepEqual(open, [], 'routes that answered without a session');
  });

  test('refuses a forged session cookie the same way', async () => {
    for (const { method, url } of adminRoutes) {
      if (PUBLIC.has(`${method} ${url}`)) continue;
      const { status } = await send(method, url, { cookie: 'madoguchi_admin=forged' });
      assert.equal(status, 401, `${method} ${url}`);
    }
  });

  test('refuses every change without the CSRF token, even with a valid session (403 CSRF_TOKEN_INVALID)', async () => {
    const unguarded: string[] = [];
    for (const { method, url } of adminRoutes) {
      if (['GET', 'HEAD', 'OPTIONS'].includes(method) || PUBLIC.has(`${method} ${url}`)) continue;
      const { status, code } = await send(method, url, { cookie: viewer.cookie });
      if (status !== 403 || code !== 'CSRF_TOKEN_INVALID') unguarded.push(`${method} ${url} → ${status} ${code}`);
    }
    assert.deepEqual(unguarded, []);
  });

  test('refuses a role below the route\'s minRole (403 FORBIDDEN), with a valid session and CSRF token', async () => {
    const editor = await signIn(server, 'editor');
    const admitted: string[] = [];
    let checked = 0;
    for (const { method, url, route } of adminRoutes) {
      const minRole = (route.config as { minRole?: StaffRole | 'public' } | undefined)?.minRole ?? 'admin';
      if (method === 'HEAD' || minRole === 'public') continue;
      for (const [role, session] of [['viewer', viewer], ['editor', editor]] as const) {
        if (ROLE_RANK[role] >= ROLE_RANK[minRole]) continue;
        checked++;
        const { status, code } = await send(method, url, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
        if (status !== 403 || code !== 'FORBIDDEN') admitted.push(`${role}: ${method} ${url} → ${status} ${code}`);
      }
    }
    assert.ok(checked > 20, `${checked} role checks`);
    assert.deepEqual(admitted, []);
  });

  test('each declares its schemas with the admin tag, and the public one is the only public one', () => {
    for (const { method, url, route } of adminRoutes) {
      if (method === 'HEAD') continue;
      const schema = route.schema as { tags?: string[]; response?: Record<string, unknown> } | undefined;
      assert.deepEqual(schema?.tags, ['admin'], `${method} ${url} has tags: ['admin']`);
      assert.ok(schema?.response?.['200'] ?? schema?.response?.['201'] ?? schema?.response?.['202'] ?? schema?.response?.['204'], `${method} ${url} declares its success response`);
      const minRole = (route.config as { minRole?: string } | undefined)?.minRole;
      assert.equal(minRole === 'public', PUBLIC.has(`${method} ${url}`), `${method} ${url} minRole ${minRole}`);
    }
  });

  test('are described in /api/openapi.json', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const { method, url } of adminRoutes) {
      if (method === 'HEAD') continue;
      const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      assert.ok(doc.paths[path]?.[method.toLowerCase()], `${method} ${path} in the OpenAPI document`);
    }
  });
});
