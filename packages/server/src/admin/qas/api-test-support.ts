/**
 * Small helpers for the admin API tests: the shared server-and-staff setup, JSON calls and multipart uploads
 * as a signed-in staff member (through auth/test-support.ts's adminFetch).
 */
import { after, before } from 'node:test';
import { adminFetch, signIn, type TestSession } from '../../auth/test-support.ts';
import { startTestServer, type TestServer } from '../../http/test-server.ts';
import type { StaffRole } from '../../store/store.ts';
import type { QaView } from './schema.ts';

/** The file's server and its signed-in staff, filled in by the `before` hook. */
export type StaffFixture<Name extends string> = { server: TestServer } & Record<Name, TestSession>;

/**
 * One test server for the whole file, started in `before` with the named staff signed in (a role, or a role
 * and login id), closed in `after`. Call it at the top level of a test file.
 *
 * @example
 * const t = serverWithStaff({ editor: 'editor', viewer: 'viewer' });
 * test('…', async () => { await call(t.server, t.editor, 'GET', '/qas'); });
 */
export function serverWithStaff<Name extends string>(
  staff: Record<Name, StaffRole | readonly [StaffRole, string]>,
  options?: Parameters<typeof startTestServer>[0],
): StaffFixture<Name> {
  const fixture = {} as StaffFixture<Name>;
  before(async () => {
    const server = await startTestServer(options);
    const entries = Object.entries(staff) as [Name, StaffRole | readonly [StaffRole, string]][];
    const sessions = await Promise.all(entries.map(([, who]) => (typeof who === 'string' ? signIn(server, who) : signIn(server, who[0], who[1]))));
    Object.assign(fixture, { server }, Object.fromEntries(entries.map(([name], i) => [name, sessions[i]])));
  });
  after(() => fixture.server.close());
  return fixture;
}

export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A JSON request; the reply's body parsed when it is JSON.
 *
 * @example `const { status, body } = await call<QaView>(server, editor, 'PUT', '/qas/1001', change);`
 */
export async function call<T>(server: TestServer, session: TestSession, method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const response = await adminFetch(server, session, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return { status: response.status, body: (isJson && text !== '' ? JSON.parse(text) : text) as T, headers: response.headers };
}

/**
 * A multipart/form-data upload of one file (part `file`) and text fields.
 *
 * @example `await upload(server, editor, '/transfer/preview', { name: 'qa.csv', bytes }, { mode: 'merge' });`
 */
export async function upload<T>(
  server: TestServer,
  session: TestSession,
  path: string,
  file: { name: string; bytes: Buffer | string },
  fields: Record<string, string> = {},
): Promise<Reply<T>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)]), file.name);
  // adminFetch would label a body JSON; a Request works out the multipart boundary.
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  const response = await adminFetch(server, session, path, {
    method: 'POST',
    body: Buffer.from(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? text : JSON.parse(text)) as T, headers: response.headers };
}

/**
 * A file download's bytes.
 *
 * @example `const { bytes } = await download(server, viewer, '/transfer/export.xlsx');`
 */
export async function download(server: TestServer, session: TestSession, path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await adminFetch(server, session, path);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/**
 * The editor's form of a stored QA: what PUT /qas/:id takes (with `version`), without the bookkeeping.
 *
 * @example `await call(server, editor, 'PUT', '/qas/1001', { ...formOf(qa), answer: '新しい回答' });`
 */
export function formOf(view: QaView): Omit<QaView, 'updatedBy' | 'updatedAt'> {
  const form: Partial<QaView> = { ...view };
  delete form.updatedBy;
  delete form.updatedAt;
  return form as Omit<QaView, 'updatedBy' | 'updatedAt'>;
}
