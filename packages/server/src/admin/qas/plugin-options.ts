/**
 * What each admin capability plugin of this group is registered with (see admin/routes.ts).
 */
import type { AdminContext } from '../context.ts';

export interface AdminPluginOptions {
  context: AdminContext;
}

/** The OpenAPI tag of every admin route. */
export const ADMIN_TAGS = ['admin'];
