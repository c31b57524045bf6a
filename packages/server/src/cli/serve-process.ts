/**
 * A real `madoguchi serve` in a child process, for the tests and benches that need the command exactly as an
 * operator runs it (its own process, a real port), plus staff sign-in over HTTP to drive its admin API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { sessionCookieOf } from '../auth/test-support.ts';
import { CSRF_HEADER } from '../auth/sessions.ts';
import { BIN, freePort } from './test-support.ts';

export interface ServeProcess {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  child: ChildProcess;
  /** Every line the server has logged so far (pino JSON on stdout). */
  logLines: string[];
  /** Resolves with the first `count` logged lines, past or future, that `matches` picks, once there are that many. */
  waitForLog(matches: (line: string) => boolean, count?: number): Promise<string[]>;
  /** SIGTERM, then the exit. */
  stop(): Promise<void>;
  /** SIGKILL (no shutdown at all), then the exit. */
  kill(): Promise<void>;
}

/**
 * Starts `madoguchi <globalArgs> serve --port <free> <serveArgs>` and resolves once /healthz answers.
 *
 * @example const server = await startServeProcess(['--data-dir', dir], ['--chat-rate-limit', '0']);
 */
export async function startServeProcess(globalArgs: string[], serveArgs: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, ...globalArgs, 'serve', '--port', String(port), ...serveArgs], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const logLines: string[] = [];
  const waiters: { matches: (line: string) => boolean; count: number; resolve: (lines: string[]) => void }[] = [];
  const settle = (): void => {
    for (const waiter of [...waiters]) {
      const lines = logLines.filter(waiter.matches);
      if (lines.length < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(lines.slice(0, waiter.count));
    }
  };
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    logLines.push(...lines);
    settle();
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit');
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => stderr);
  } catch (error) {
    await end('SIGKILL');
    throw error;
  }
  return {
    url,
    child,
    logLines,
    waitForLog: (matches, count = 1) =>
      new Promise((resolve) => {
        waiters.push({ matches, count, resolve });
        settle();
      }),
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`madoguchi serve exited (${child.exitCode}): ${stderr()}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('madoguchi serve did not answer /healthz within 120 s');
}

/** A signed-in staff member of a served process: what every admin request carries. */
export interface StaffCredentials {
  cookie: string;
  csrfToken: string;
}

/** Signs in through POST /api/admin/session. */
export async function signInAt(url: string, loginId: string, password: string): Promise<StaffCredentials> {
  const response = await fetch(`${url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId, password }) });
  const body = (await response.json()) as { csrfToken?: string };
  const cookie = sessionCookieOf(response);
  if (response.status !== 200 || !cookie || !body.csrfToken) throw new Error(`sign-in of ${loginId} failed: ${response.status} ${JSON.stringify(body)}`);
  return { cookie, csrfToken: body.csrfToken };
}

/** fetch under /api/admin as the staff member; a string body is sent as JSON. */
export function staffRequest(url: string, staff: StaffCredentials, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', staff.cookie);
  headers.set(CSRF_HEADER, staff.csrfToken);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  return fetch(`${url}/api/admin${path}`, { ...init, headers });
}
