/**
 * The staff console's API under /api/admin (R20–R29, R44). The auth plugin comes first: every route below it
 * requires a session, a CSRF token on changes, and at least the route's `minRole`. Each capability
 * registers its own plugin here.
 */
import type { FastifyPluginAsync } from 'fastify';
import { authentication } from '../auth/plugin.ts';
import { sessionRoutes } from '../auth/routes.ts';
import { SignInThrottle } from '../auth/throttle.ts';
import { totpRoutes } from '../auth/totp-routes.ts';
import { TotpService } from '../auth/totp.ts';
import { resolveAuthOptions, type AuthOptions } from '../auth/sessions.ts';
import { accountRoutes } from './accounts/routes.ts';
import { aiAnswerRoutes } from './ai-answers/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import type { AdminContext } from './context.ts';
import type { SourceCheckRunner } from '../ai/freshness/source-check-job.ts';
import { dictionaryRoutes } from './dictionary/routes.ts';
import { draftRoutes } from './drafts/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { improvementRoutes } from './improvement/routes.ts';
import { logRoutes } from './logs/routes.ts';
import { modelRoutes } from './models/routes.ts';
import { publishingRoutes } from './publishing/routes.ts';
import { qaRoutes } from './qas/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { semanticRoutes } from './semantic/routes.ts';
import { settingsRoutes } from './settings/routes.ts';
import { sourceRoutes } from './sources/routes.ts';
import { statisticsRoutes } from './statistics/routes.ts';
import { suggestionRoutes } from './suggestions/routes.ts';
import { testCaseRoutes } from './test-cases/routes.ts';
import { testChatRoutes } from './test-chat/routes.ts';
import { transferRoutes } from './transfer/routes.ts';

export interface AdminRoutesOptions {
  context: AdminContext;
  /** Session limits and clock (defaults: 30 minutes idle, 12 hours at most). */
  auth?: AuthOptions;
  /** Runs source page checks (情報源と見直し); absent when the server fetches no source pages. */
  sourceChecks?: SourceCheckRunner;
}

export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { context, auth, sourceChecks }) => {
  const options = resolveAuthOptions(auth);
  await app.register(authentication, { context, options });
  // One throttle for both: signing in counts failures, the accounts screen shows and lifts them.
  const throttle = new SignInThrottle(context.store, context.siteId, options.now, options.signInDelayBaseMs);
  const totp = new TotpService(context.store, context.siteId);
  await app.register(sessionRoutes, { context, options, throttle, totp });
  await app.register(totpRoutes, { context, options, throttle, totp });
  await app.register(accountRoutes, { context, throttle });
  await app.register(auditRoutes, { context, now: options.now });
  await app.register(qaRoutes, { context });
  await app.register(publishingRoutes, { context });
  await app.register(testChatRoutes, { context });
  await app.register(testCaseRoutes, { context });
  await app.register(transferRoutes, { context });
  await app.register(dictionaryRoutes, { context });
  await app.register(settingsRoutes, { context });
  await app.register(fileRoutes, { context });
  await app.register(improvementRoutes, { context, now: options.now });
  await app.register(statisticsRoutes, { context });
  await app.register(logRoutes, { context });
  await app.register(reportRoutes, { context });
  await app.register(aiAnswerRoutes, { context, now: options.now });
  await app.register(sourceRoutes, { context, checks: sourceChecks, now: options.now });
  await app.register(suggestionRoutes, { context });
  await app.register(semanticRoutes, { context });
  await app.register(modelRoutes, { context, now: options.now });
  await app.register(draftRoutes, { context, now: options.now });
};
