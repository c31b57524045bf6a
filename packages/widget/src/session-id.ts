/**
 * The session id: random, kept only in sessionStorage, never a cookie, nothing personal.
 */

/** The server's session id pattern (`SessionId` in the chat schema). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A new random session id: 16 random bytes as 22 base64url characters.
 * Uses `crypto.getRandomValues`, which (unlike `randomUUID`) also works on plain-http pages.
 *
 * @example newSessionId() // 'Vq3n0sR7bXc-2Lr_9aYw1Q'
 */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @example isSessionId('short') // false */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value);
}
