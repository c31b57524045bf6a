/**
 * Length limits shared with the server's chat schema.
 *
 * They are defined here rather than imported from `@madoguchi/server/chat-api` on purpose: that module
 * builds its TypeBox schemas at load time, so importing even one constant bundles TypeBox into the
 * widget (measured: +78 KB raw, +20 KB gzipped). `limits.test.ts` asserts that these values equal the
 * server's, so the two cannot drift silently.
 */

/** Longest question the server accepts (`MESSAGE_MAX_LENGTH` in the server's chat schema). */
export const MESSAGE_MAX_LENGTH = 500;

/** Longest feedback comment the server accepts (`FEEDBACK_COMMENT_MAX_LENGTH`). */
export const FEEDBACK_COMMENT_MAX_LENGTH = 500;

/** Longest page address the server accepts (`page` in the server's `ChatRequest`). */
export const PAGE_ADDRESS_MAX_LENGTH = 2000;

/** Conversation entries kept in sessionStorage; older ones are dropped first. */
export const STORED_ENTRIES_MAX = 50;
