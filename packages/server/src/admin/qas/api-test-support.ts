/**
 * Small helpers for the admin API tests of this group: JSON calls and multipart uploads as a signed-in
 * staff member (through auth/test-support.ts's adminFetch).
 */
import { adminFetch, type TestSession } from '../../auth/test-support.ts';
import type { TestServer } from '../../http/test-server.ts';
import type { QaView } from './schema.ts';

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
