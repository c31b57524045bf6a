/**
 * The audit log API's shapes (TypeBox).
 */
import { Type, type Static } from 'typebox';

/** A date (YYYY-MM-DD, a day in Japan time) or a date-time with Z or an offset. */
const TIME_BOUND_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const TIME_BOUND = 'YYYY-MM-DD (that day in Japan time) or an ISO date-time with Z or an offset.';

export const AUDIT_PAGE_MAX = 1000;

export const AuditFilter = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: TIME_BOUND_PATTERN, description: `${TIME_BOUND} Entries at or after it (a date: from the start of that day).` })),
    to: Type.Optional(Type.String({ pattern: TIME_BOUND_PATTERN, description: `${TIME_BOUND} Entries before it (a date: before that day starts).` })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Exactly this login id (or cli:…).' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exactly this action, e.g. auth.sign-in-failed.' })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Appears in the actor, action, target or detail.' })),
  },
  { additionalProperties: false },
);
export type AuditFilter = Static<typeof AuditFilter>;

export const AuditQuery = Type.Object(
  {
    ...AuditFilter.properties,
    // Query strings are text and the app does not coerce types: whole numbers by pattern.
    limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$', description: `Entries per page, 1–${AUDIT_PAGE_MAX} (default 100).` })),
    offset: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,8})$', description: 'Entries to skip (default 0).' })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntryView = Type.Object({
  at: Type.String({ description: 'ISO 8601 UTC.' }),
  actor: Type.String({ description: 'Login id, cli:<user>, or for a failed sign-in the login id tried.' }),
  action: Type.String(),
  target: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntryView = Static<typeof AuditEntryView>;

export const AuditReply = Type.Object({ entries: Type.Array(AuditEntryView), total: Type.Integer() });
export type AuditReply = Static<typeof AuditReply>;
