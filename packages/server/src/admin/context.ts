/**
 * What every admin route needs, handed to each admin plugin: the store and site, the search services, and
 * the audit log. Created once in http/app.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { ModelProviders } from '../ai/models/models.ts';
import type { SemanticSearches } from '../ai/semantic/semantic-search.ts';
import type { SearchService } from '../search/search-service.ts';
import type { OutboundGuard } from '../security/outbound-guard.ts';
import type { StaffRole, Store } from '../store/store.ts';

/** The signed-in staff member, set on `request.staff` by the auth plugin before any admin handler runs. */
export interface StaffPrincipal {
  siteId: string;
  loginId: string;
  displayName: string;
  role: StaffRole;
}

/** Roles in order of what they may do; a route's `minRole` admits that role and those above it. */
export const ROLE_RANK: Readonly<Record<StaffRole, number>> = { viewer: 0, editor: 1, admin: 2 };

export interface AdminContext {
  store: Store;
  siteId: string;
  /** What citizens see; rebuild it after publishing or changing facts/synonyms. */
  published: SearchService;
  /** The working set as the next publication would show it (the test chat); rebuild after every QA change. */
  working: SearchService;
  /** The configured chat and embedding models (issue 7); each is null when not configured. */
  models: ModelProviders;
  /** `--answer-image-hosts`: previews leave out the images the citizen chat would (absent: none left out). */
  answerImageHosts?: ReadonlySet<string>;
  /** Every request for city content (QA drafts from pages and sitemaps) goes through it. */
  outbound: OutboundGuard;
  /** The semantic plug-in over both indexes; absent without an embeddings model. */
  semantic?: SemanticSearches;
  /** Records one audit line for the request's staff member (or `actor` when nobody is signed in yet). */
  audit(request: FastifyRequest, action: string, target: string, detail?: Record<string, unknown>, actor?: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on admin routes; undefined elsewhere. */
    staff?: StaffPrincipal;
  }
  interface FastifyContextConfig {
    /**
     * The lowest role allowed on an admin route (default `admin`, so a forgotten setting fails closed).
     * `public` routes (sign-in) skip the session check.
     */
    minRole?: StaffRole | 'public';
  }
}

/**
 * @example const context = createAdminContext({ store, siteId: 'default', published, working, models, outbound });
 */
export function createAdminContext(parts: Omit<AdminContext, 'audit'>, now: () => Date = () => new Date()): AdminContext {
  return {
    ...parts,
    async audit(request, action, target, detail = {}, actor) {
      await parts.store.appendAudit({
        siteId: parts.siteId,
        at: now().toISOString(),
        actor: request.staff?.loginId ?? actor ?? 'anonymous',
        action,
        target,
        detail,
      });
    },
  };
}
