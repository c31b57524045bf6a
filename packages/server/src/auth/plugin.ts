/**
 * Authentication and authorization for the whole /api/admin scope (wrapped with fastify-plugin, so its hook
 * reaches every route registered beside it). Before any validation or handler, each request is
 * authenticated by its session cookie, checked for the CSRF token on changes, and authorized by the route's
 * `config.minRole` (default `admin`: a route that forgets to say fails closed; `public` skips everything).
 */
import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ROLE_RANK, type AdminContext } from '../admin/context.ts';
import { ApiError } from '../http/api-error.ts';
import type { StaffSession } from '../store/store.ts';
import { CSRF_HEADER, hashToken, sameSecret, SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionExpiry, TOUCH_INTERVAL_MS, type ResolvedAuthOptions } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind `request.staff` (its CSRF token, its id for signing out). */
    staffSession?: StaffSession;
  }
}

export interface AuthPluginOptions {
  context: AdminContext;
  options: ResolvedAuthOptions;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const AUTH_MESSAGES = {
  unauthenticated: 'ログインしてください。',
  idle: '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。',
  absolute: 'ログインしてから時間がたったため、ログアウトしました。もう一度ログインしてください。',
  forbidden: 'この操作を行う権限がありません。',
  csrf: '画面の有効期限が切れました。画面を再読み込みしてから、もう一度操作してください。',
} as const;

/** The session cookie's name. */
export function sessionCookieName(options: Pick<ResolvedAuthOptions, 'https'>): string {
  return options.https ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * HttpOnly, SameSite=Strict, Path=/; Secure under `--https`, else when the request came over https (the
 * request's protocol can be wrong behind a proxy, so `--https` does not rely on it).
 */
function cookieOptions(request: FastifyRequest, options: Pick<ResolvedAuthOptions, 'https'>) {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: options.https || request.protocol === 'https' } as const;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, options: Pick<ResolvedAuthOptions, 'https'>): void {
  void reply.setCookie(sessionCookieName(options), token, cookieOptions(request, options));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, options: Pick<ResolvedAuthOptions, 'https'>): void {
  void reply.clearCookie(sessionCookieName(options), cookieOptions(request, options));
}

const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, { context, options }) => {
  await app.register(cookie);
  app.decorateRequest('staff', undefined);
  app.decorateRequest('staffSession', undefined);
  const { store, siteId } = context;

  /** Ends a session the server no longer accepts, and tells the browser to forget it. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, session: StaffSession | undefined, message: string): Promise<never> {
    if (session) await store.deleteSession(session.id);
    clearSessionCookie(request, reply, options);
    throw new ApiError(401, 'UNAUTHENTICATED', message);
  }

  app.addHook('onRequest', async (request, reply) => {
    const minRole = request.routeOptions.config.minRole ?? 'admin';
    if (minRole === 'public') return;

    const token = request.cookies[sessionCookieName(options)];
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', AUTH_MESSAGES.unauthenticated);
    const found = await store.getSession(hashToken(token));
    const session = found?.siteId === siteId ? found : undefined;
    if (!session) return refuse(request, reply, undefined, AUTH_MESSAGES.unauthenticated);
    const expiry = sessionExpiry(session, options);
    if (expiry) return refuse(request, reply, session, AUTH_MESSAGES[expiry]);
    const account = await store.getAccount(siteId, session.loginId);
    if (!account || account.disabled) return refuse(request, reply, session, AUTH_MESSAGES.unauthenticated);

    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) throw new ApiError(403, 'CSRF_TOKEN_INVALID', AUTH_MESSAGES.csrf);
    }
    request.staff = { siteId, loginId: account.loginId, displayName: account.displayName, role: account.role };
    request.staffSession = session;
    if (ROLE_RANK[account.role] < ROLE_RANK[minRole]) throw new ApiError(403, 'FORBIDDEN', AUTH_MESSAGES.forbidden);

    const now = options.now();
    if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) await store.touchSession(session.id, now.toISOString());
  });
};

/**
 * @example `await app.register(authentication, { context, options: resolveAuthOptions(auth) });`
 */
export const authentication = fp(authPlugin, { name: 'madoguchi-admin-auth', fastify: '5.x' });
