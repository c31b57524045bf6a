/**
 * Hostile requests against a real server (R44): SQL-injection strings in every kind of parameter, path
 * traversal in file names and addresses, oversized bodies and headers, malformed JSON and HTTP, wrong content
 * types, forged or altered session cookies and CSRF tokens, unknown methods. Each gets a clean 4xx in the one
 * error shape with a code of docs/API.md, and the store is exactly as before: QAs, published QAs, accounts,
 * files, dictionary, and the audit log, which gains only the failed sign-ins (attempts are recorded, R44).
 * Injection text in a field that takes free text (a question, a search filter) is no attack on a parameterised
 * query: it is answered normally, and the search proves it matched as text.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { signIn, type TestSession } from '../auth/test-support.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.ts';
import { API_ERROR_CODES } from '../http/api-error.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../http/test-server.ts';

let server: TestServer;
let admin: TestSession;
let other: TestSession;

before(async () => {
  server = await startTestServer();
  admin = await signIn(server, 'admin');
  other = await signIn(server, 'editor');
});
after(() => server.close());

const INJECTIONS = ["' OR '1'='1", "1; DROP TABLE qas; --", "' UNION SELECT password_hash FROM staff_accounts --", '"; DELETE FROM audit_log; --'];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request exactly as written: node:http sends the path as given (fetch would resolve `..`). */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Bytes that are not valid HTTP, straight onto a socket. */
function sendRaw(bytes: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const headers = Object.fromEntries(head.split('\r\n').slice(1).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers, body });
    });
    socket.end(bytes);
  });
}

const json = { 'content-type': 'application/json' };
const signedIn = (session: TestSession, extra: Record<string, string> = {}) => ({ cookie: session.cookie, [CSRF_HEADER]: session.csrfToken, ...extra });
const cookieOnly = (session: TestSession) => ({ cookie: session.cookie });
const enc = encodeURIComponent;

function multipart(fileName: string, content: Buffer, contentType = 'text/plain'): { headers: Record<string, string>; body: Buffer } {
  const boundary = '----madoguchi-hostile';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
}

async function storeSnapshot() {
  const audit = await server.store.listAudit(TEST_SITE, { limit: 10_000, offset: 0 });
  return {
    qas: await server.store.listQas(TEST_SITE),
    published: await server.store.listPublishedQas(TEST_SITE),
    accounts: await server.store.listAccounts(TEST_SITE),
    files: await server.store.listFiles(TEST_SITE),
    dictionary: await server.store.listSynonymEntries(TEST_SITE),
    audit: audit.entries,
  };
}

/** Asserts a clean 4xx in the one error shape; returns the code. */
function assertCleanRefusal(answer: Answer, what: string): string {
  assert.ok(answer.status >= 400 && answer.status < 500, `${what}: 4xx, got ${answer.status} ${answer.body.slice(0, 200)}`);
  assert.match(String(answer.headers['content-type']), /^application\/json/, `${what}: JSON`);
  const body = JSON.parse(answer.body) as { error?: { code?: string; message?: string } };
  const code = body.error?.code ?? '';
  assert.ok(code in API_ERROR_CODES, `${what}: a documented code, got ${answer.body.slice(0, 200)}`);
  assert.match(body.error?.message ?? '', /[ぁ-んァ-ヶ一-龠]/, `${what}: a Japanese message`);
  assert.doesNotMatch(answer.body, /at .+\.ts:\d+|SqliteError|SQLITE_|syntax error|stack/i, `${what}: no internals`);
  return code;
}

interface HostileCase {
  what: string;
  send: () => Promise<Answer>;
  code: string;
  status?: number;
}

function hostileCases(): HostileCase[] {
  const altered = `${admin.cookie.slice(0, -1)}${admin.cookie.endsWith('A') ? 'B' : 'A'}`;
  const qaPut = JSON.stringify({ expectedVersion: 1, qa: { question: 'x' } });
  return [
    // SQL injection in ids in paths, in fields that are not free text, and in sign-in.
    ...INJECTIONS.flatMap((sql): HostileCase[] => [
      { what: `QA id in the path: ${sql}`, send: () => send('GET', `/api/admin/qas/${enc(sql)}`, cookieOnly(admin)), code: 'QA_NOT_FOUND' },
      { what: `QA id in a delete: ${sql}`, send: () => send('DELETE', `/api/admin/qas/${enc(sql)}?version=1`, signedIn(admin)), code: 'QA_NOT_FOUND' },
      { what: `QA id in a save: ${sql}`, send: () => send('PUT', `/api/admin/qas/${enc(sql)}`, signedIn(admin, json), qaPut), code: 'INVALID_REQUEST' },
      { what: `revision number: ${sql}`, send: () => send('GET', `/api/admin/qas/1001/revisions/${enc(sql)}`, cookieOnly(admin)), code: 'INVALID_REQUEST' },
      { what: `account id in the path: ${sql}`, send: () => send('GET', `/api/admin/accounts/${enc(sql)}`, cookieOnly(admin)), code: 'ACCOUNT_NOT_FOUND' },
      { what: `list paging: ${sql}`, send: () => send('GET', `/api/admin/qas?limit=${enc(sql)}`, cookieOnly(admin)), code: 'INVALID_REQUEST' },
      { what: `list sort: ${sql}`, send: () => send('GET', `/api/admin/qas?sort=${enc(sql)}`, cookieOnly(admin)), code: 'INVALID_REQUEST' },
      { what: `audit period: ${sql}`, send: () => send('GET', `/api/admin/audit?from=${enc(sql)}`, cookieOnly(admin)), code: 'INVALID_REQUEST' },
      { what: `chat QA id: ${sql}`, send: () => send('POST', '/api/v1/chat', json, JSON.stringify({ qaId: sql })), code: 'QA_NOT_FOUND' },
      { what: `chat session id: ${sql}`, send: () => send('POST', '/api/v1/chat', json, JSON.stringify({ message: '住民票', sessionId: sql })), code: 'INVALID_REQUEST' },
      { what: `category in the path: ${sql}`, send: () => send('GET', `/api/v1/categories/${enc(sql)}`), code: 'CATEGORY_NOT_FOUND' },
      { what: `feedback message id: ${sql}`, send: () => send('POST', '/api/v1/feedback', json, JSON.stringify({ messageId: sql, resolved: true })), code: 'MESSAGE_NOT_FOUND' },
      { what: `sign-in login id: ${sql}`, send: () => send('POST', '/api/admin/session', json, JSON.stringify({ loginId: sql, password: sql })), code: 'SIGN_IN_FAILED' },
      { what: `session cookie: ${sql}`, send: () => send('GET', '/api/admin/qas', { cookie: `${SESSION_COOKIE}=${enc(sql)}` }), code: 'UNAUTHENTICATED' },
    ]),
    // Path traversal in addresses and upload names.
    { what: 'traversal in a file id', send: () => send('GET', '/files/..%2F..%2Fetc%2Fpasswd/x.pdf'), code: 'INVALID_REQUEST' },
    { what: 'traversal in a file name', send: () => send('GET', '/files/abcdef/..%2F..%2F..%2Fetc%2Fpasswd'), code: 'FILE_NOT_FOUND' },
    { what: 'dot segments under /files', send: () => send('GET', '/files/../../etc/passwd'), code: 'NOT_FOUND' },
    { what: 'dot segments under /assets', send: () => send('GET', '/assets/../../package.json'), code: 'NOT_FOUND' },
    { what: 'encoded dot segments under /assets', send: () => send('GET', '/assets/%2e%2e/%2e%2e/%2e%2e/package.json'), code: 'NOT_FOUND' },
    { what: 'backslashes under /assets', send: () => send('GET', '/assets/..%5C..%5Cpackage.json'), code: 'NOT_FOUND' },
    { what: 'a broken escape in the address', send: () => send('GET', '/files/%E0%A4%A/x.pdf'), code: 'INVALID_REQUEST' },
    { what: 'upload: traversal name, not an image', send: () => { const form = multipart('../../../../etc/passwd', Buffer.from('root:x:0:0')); return send('POST', '/api/admin/files', signedIn(admin, form.headers), form.body); }, code: 'FILE_TYPE_NOT_ACCEPTED' },
    { what: 'import: traversal name', send: () => { const form = multipart('../../../etc/cron.d/x', Buffer.from('id,question\n')); return send('POST', '/api/admin/transfer/apply', signedIn(admin, form.headers), form.body); }, code: 'QA_FILE_FORMAT_UNKNOWN' },
    // Oversized bodies and headers.
    { what: 'a chat body over 16 KB', send: () => send('POST', '/api/v1/chat', json, JSON.stringify({ message: '住民票', page: 'x'.repeat(20_000) })), code: 'PAYLOAD_TOO_LARGE', status: 413 },
    { what: 'a staff JSON body of 1 MB', send: () => send('PUT', '/api/admin/accounts/admin-1/password', signedIn(admin, json), JSON.stringify({ password: 'x'.repeat(1_000_000) })), code: 'PAYLOAD_TOO_LARGE', status: 413 },
    { what: 'a 32 KB cookie', send: () => send('GET', '/api/v1/menu', { cookie: `a=${'x'.repeat(32_000)}` }), code: 'HEADERS_TOO_LARGE', status: 431 },
    // Malformed JSON and wrong content types.
    { what: 'truncated JSON', send: () => send('POST', '/api/v1/chat', json, '{"message": "住民'), code: 'INVALID_REQUEST', status: 400 },
    { what: 'JSON that is not an object', send: () => send('POST', '/api/v1/chat', json, '"住民票"'), code: 'INVALID_REQUEST', status: 400 },
    { what: 'prototype poisoning', send: () => send('POST', '/api/v1/chat', json, '{"message": "住民票", "__proto__": {"admin": true}}'), code: 'INVALID_REQUEST', status: 400 },
    { what: 'a lone surrogate in a question', send: () => send('POST', '/api/v1/chat', json, '{"message":"\\ud800"}'), code: 'INVALID_TEXT', status: 400 },
    { what: 'JSON nested 30,000 levels deep', send: () => send('POST', '/api/admin/qas', signedIn(admin, json), '['.repeat(30_000) + ']'.repeat(30_000)), code: 'INVALID_REQUEST', status: 400 },
    { what: 'a lone low surrogate in a key of a staff body', send: () => send('POST', '/api/admin/qas', signedIn(admin, json), '{"\\udc00":"x"}'), code: 'INVALID_TEXT', status: 400 },
    { what: 'malformed JSON to a staff route', send: () => send('POST', '/api/admin/qas', signedIn(admin, json), '{"qa": '), code: 'INVALID_REQUEST', status: 400 },
    { what: 'a form instead of JSON', send: () => send('POST', '/api/v1/chat', { 'content-type': 'application/x-www-form-urlencoded' }, 'message=x'), code: 'INVALID_REQUEST', status: 415 },
    { what: 'text instead of JSON', send: () => send('POST', '/api/v1/chat', { 'content-type': 'text/plain' }, '{"message": "x"}'), code: 'INVALID_REQUEST', status: 400 },
    { what: 'XML to a staff route', send: () => send('POST', '/api/admin/qas', signedIn(admin, { 'content-type': 'application/xml' }), '<qa/>'), code: 'INVALID_REQUEST', status: 415 },
    { what: 'JSON to the upload route', send: () => send('POST', '/api/admin/files', signedIn(admin, json), '{"file": "x"}'), code: 'INVALID_REQUEST' },
    // Forged and altered sessions and CSRF tokens.
    { what: 'a forged session cookie', send: () => send('GET', '/api/admin/accounts', { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` }), code: 'UNAUTHENTICATED', status: 401 },
    { what: 'an altered session cookie', send: () => send('GET', '/api/admin/accounts', { cookie: altered }), code: 'UNAUTHENTICATED', status: 401 },
    { what: 'an altered session cookie on a change', send: () => send('POST', '/api/admin/publishing', { cookie: altered, [CSRF_HEADER]: admin.csrfToken, ...json }, '{}'), code: 'UNAUTHENTICATED', status: 401 },
    { what: 'a change without a CSRF token', send: () => send('POST', '/api/admin/publishing', { ...cookieOnly(admin), ...json }, '{}'), code: 'CSRF_TOKEN_INVALID', status: 403 },
    { what: 'a change with a forged CSRF token', send: () => send('POST', '/api/admin/publishing', { ...cookieOnly(admin), [CSRF_HEADER]: 'forged', ...json }, '{}'), code: 'CSRF_TOKEN_INVALID', status: 403 },
    { what: 'a change with another session\'s CSRF token', send: () => send('DELETE', '/api/admin/qas/1001?version=1', { ...cookieOnly(admin), [CSRF_HEADER]: other.csrfToken }), code: 'CSRF_TOKEN_INVALID', status: 403 },
    // Unknown and unexpected methods, and bytes that are not HTTP.
    { what: 'PROPFIND', send: () => send('PROPFIND', '/api/v1/chat'), code: 'NOT_FOUND' },
    { what: 'DELETE on the chat', send: () => send('DELETE', '/api/v1/chat'), code: 'NOT_FOUND' },
    { what: 'TRACE', send: () => send('TRACE', '/'), code: 'NOT_FOUND' },
    { what: 'a method HTTP does not have', send: () => sendRaw('BREW /api/v1/chat HTTP/1.1\r\nHost: x\r\n\r\n'), code: 'INVALID_REQUEST', status: 400 },
    { what: 'garbage instead of a request line', send: () => sendRaw('\u0000\u0001GARBAGE\r\n\r\n'), code: 'INVALID_REQUEST', status: 400 },
    { what: 'a header with a line break injected', send: () => sendRaw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\rSet-Cookie: x=1\r\n\r\n'), code: 'INVALID_REQUEST', status: 400 },
  ];
}

test('every hostile request gets a clean 4xx in the one error shape, and the store is unchanged', async () => {
  const before = await storeSnapshot();
  const cases = hostileCases();
  for (const hostile of cases) {
    const answer = await hostile.send();
    const code = assertCleanRefusal(answer, hostile.what);
    assert.equal(code, hostile.code, `${hostile.what}: ${answer.body.slice(0, 200)}`);
    if (hostile.status) assert.equal(answer.status, hostile.status, hostile.what);
  }
  const afterwards = await storeSnapshot();
  const { audit: auditBefore, ...restBefore } = before;
  const { audit: auditAfter, ...restAfter } = afterwards;
  assert.deepEqual(restAfter, restBefore, 'QAs, published QAs, accounts, files and dictionary unchanged');
  const added = auditAfter.slice(0, auditAfter.length - auditBefore.length);
  assert.deepEqual(auditAfter.slice(added.length), auditBefore, 'no audit entry changed or removed');
  assert.deepEqual(
    added.map((entry) => entry.action),
    INJECTIONS.map(() => 'auth.sign-in-failed'),
    'the only new audit entries are the failed sign-ins, recorded',
  );
});

test('injection text in free-text fields is answered as text: a question, a QA search', async () => {
  const before = await storeSnapshot();
  for (const sql of INJECTIONS) {
    const chat = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: json, body: JSON.stringify({ message: sql }) });
    assert.equal(chat.status, 200, sql);
    const search = await fetch(`${server.url}/api/admin/qas?text=${enc(sql)}&category1=${enc(sql)}`, { headers: cookieOnly(admin) });
    assert.equal(search.status, 200, sql);
    assert.equal(((await search.json()) as { total: number }).total, 0, `${sql}: matched as text, not as SQL`);
  }
  assert.deepEqual(await storeSnapshot(), before);
  await server.app.chat.flushLog();
});

test('an upload named with a path is stored under its bare name', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  const form = multipart('../../../../etc/様式.png', png, 'image/png');
  const answer = await send('POST', '/api/admin/files', signedIn(admin, form.headers), form.body);
  assert.equal(answer.status, 201, answer.body);
  const file = JSON.parse(answer.body) as { id: string; name: string; url: string };
  assert.equal(file.name, '様式.png');
  const served = await send('GET', `/files/${file.id}/${enc(file.name)}`);
  assert.equal(served.status, 200);
  assert.equal(served.headers['x-content-type-options'], 'nosniff');
  assert.equal(served.headers['content-security-policy'], undefined, 'no document policy to stop the browser\'s PDF viewer');
});
