/**
 * Security headers on every response, as helmet writes them: `nosniff`, no referrer, no framing, a
 * Content-Security-Policy that allows nothing (JSON and scripts need none; the HTML pages send their own strict
 * one, which replaces it), and HSTS only when the site is told it is served over HTTPS (a plain-HTTP test server
 * must not pin browsers to HTTPS). The full-page chat may be framed by the city's own origins (`--frame-origins`).
 * helmet's values are computed once per kind of route, not per request (@fastify/helmet rebuilds them on every
 * request, which halved the throughput of a bare route here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeaderOptions {
  /** The site is reached over HTTPS (TLS at a proxy in front): send Strict-Transport-Security. */
  https?: boolean;
  /** Origins that may show the full-page chat /chat in a frame; none by default. */
  frameOrigins?: readonly string[];
  /** `--answer-image-hosts`: the only hosts answers may show images from; any by default. */
  answerImageHosts?: ReadonlySet<string>;
}

/** The policy of responses that set none: load nothing, be framed by no one. */
const NOTHING_ALLOWED = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/** A year, as HSTS preload lists expect; subdomains are the city's business, not ours. */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

/** The headers helmet's middleware sets for these options (it needs nothing of the request). */
function headersOf(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The headers of every response, and of the routes that differ. Uploaded PDFs open in the browser's own viewer,
 * which a document policy of `default-src 'none'` can stop; they are checked from their content and sent
 * `nosniff`. X-Frame-Options cannot name several origins, so a /chat the city may frame goes without it and its
 * page policy's frame-ancestors says who may.
 */
function securityHeaders(options: SecurityHeaderOptions): { all: Record<string, string>; byRoute: Map<string, Record<string, string>> } {
  const base: HelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives: NOTHING_ALLOWED },
    strictTransportSecurity: options.https ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // The widget, the avatar and uploaded files are loaded by city pages; those routes say `cross-origin` themselves.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
  const byRoute = new Map([['/files/:id/:name', headersOf({ ...base, contentSecurityPolicy: false })]]);
  if ((options.frameOrigins?.length ?? 0) > 0) byRoute.set('/chat', headersOf({ ...base, xFrameOptions: false }));
  return { all: headersOf(base), byRoute };
}

/** Sets the headers on every response; a route's own (a page's CSP, an asset's CORP) replaces them. */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const { all, byRoute } = securityHeaders(options);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.headers(byRoute.get(request.routeOptions.url ?? '') ?? all);
  });
}

/**
 * The `frame-ancestors` sources of the full-page chat: the configured origins, or `'none'`.
 *
 * @example frameAncestors(['https://www.city.example.lg.jp']) // 'https://www.city.example.lg.jp'
 */
export function frameAncestors(origins: readonly string[] = []): string {
  return origins.length > 0 ? origins.join(' ') : "'none'";
}

export class SecuritySettingError extends Error {
  override name = 'SecuritySettingError';
}

/**
 * `--frame-origins`: origins separated by commas or spaces, each `https://host[:port]` (http for a test site).
 *
 * @throws SecuritySettingError naming the entry that is not an origin.
 * @example parseFrameOrigins('https://www.city.example.lg.jp, https://city.example.jp')
 */
export function parseFrameOrigins(text: string | undefined): string[] {
  const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  return entries.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    const bare = url && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    if (!url || !bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new SecuritySettingError(`--frame-origins の「${entry}」はオリジンではありません。https://www.city.example.lg.jp のように、パスを付けずに指定してください。`);
    }
    return url.origin;
  });
}
