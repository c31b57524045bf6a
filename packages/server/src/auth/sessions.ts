/**
 * Staff sessions: a random token in an HttpOnly cookie, stored only as its SHA-256 (a copy of the database
 * cannot be used to sign in), a CSRF token per session, idle and absolute time limits.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffSession, Store } from '../store/store.ts';

/** The session cookie's name (HttpOnly, SameSite=Strict, Path=/, Secure over https). */
export const SESSION_COOKIE = 'madoguchi_admin';
/**
 * Its name under `--https`: browsers keep a `__Host-` cookie only when it is Secure, on Path=/ and without a
 * Domain, so neither a plain-http page nor a sibling subdomain of the city can plant or replace it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** The request header that must carry the session's CSRF token on every change (anything but GET/HEAD/OPTIONS). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Time limits and the clock, for the whole admin API. Tests pass a clock to step past the idle timeout.
 *
 * @example `buildApp({ …, auth: { now: () => clock.now } })`
 */
export interface AuthOptions {
  /** The current time (default the system clock). */
  now?: () => Date;
  /** Signed out after this long without a request (default 30 minutes). */
  idleTimeoutSeconds?: number;
  /** Signed out this long after signing in, whatever the activity (default 12 hours). */
  absoluteTimeoutSeconds?: number;
  /** Sign-in attempts per minute from one address (default 10; 0: no limit). */
  signInRateLimit?: number;
  /** Served over HTTPS (`--https`): the cookie is always Secure and named {@link SECURE_SESSION_COOKIE}. */
  https?: boolean;
  /** The first wait after repeated failed sign-ins, doubled per further failure (default 1 s; see throttle.ts). */
  signInDelayBaseMs?: number;
}

export type ResolvedAuthOptions = Required<AuthOptions>;

export const DEFAULT_AUTH_OPTIONS: ResolvedAuthOptions = {
  now: () => new Date(),
  idleTimeoutSeconds: 30 * 60,
  absoluteTimeoutSeconds: 12 * 60 * 60,
  signInRateLimit: 10,
  https: false,
  signInDelayBaseMs: 1000,
};

/** Activity is written at most this often per session (a request a second needs no write a second). */
export const TOUCH_INTERVAL_MS = 60_000;

export function resolveAuthOptions(options: AuthOptions = {}): ResolvedAuthOptions {
  return { ...DEFAULT_AUTH_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
}

/** The session id stored for a cookie token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares secrets in constant time (their hashes, so differing lengths take the same time too). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Creates a session for a staff member and returns the cookie's token (shown once, never stored).
 *
 * @example `const { token, session } = await openSession(store, 'default', 'suzuki', options);`
 */
export async function openSession(store: Store, siteId: string, loginId: string, options: ResolvedAuthOptions): Promise<{ token: string; session: StaffSession }> {
  const token = randomBytes(32).toString('base64url');
  const now = options.now();
  const session: StaffSession = {
    id: hashToken(token),
    siteId,
    loginId,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + options.absoluteTimeoutSeconds * 1000).toISOString(),
  };
  await store.createSession(session);
  return { token, session };
}

/** Why a stored session no longer admits anyone, or null while it is valid. */
export function sessionExpiry(session: StaffSession, options: ResolvedAuthOptions): 'idle' | 'absolute' | null {
  const now = options.now().getTime();
  if (now >= Date.parse(session.expiresAt)) return 'absolute';
  if (now - Date.parse(session.lastSeenAt) >= options.idleTimeoutSeconds * 1000) return 'idle';
  return null;
}
