/**
 * The staff console's API under /api/admin (R20–R29, R44). The auth plugin comes first: every route below it
 * requires a session, a CSRF token on changes, and at least the route's `minRole`. Each capability
 * registers its own plugin here.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AdminContext } from './context.ts';

export interface AdminRoutesOptions {
  context: AdminContext;
}

export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { context }) => {
  void app;
  void context;
};
