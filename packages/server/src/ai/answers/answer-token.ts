/**
 * The ticket a candidates reply hands out for its AI answer: what the chat offered (session, message,
 * question, the engine's candidates) signed with HMAC-SHA256 under the site's key, valid ten minutes. The
 * generated-answer route trusts nothing else the client sends, so a paid model call needs a reply that offered
 * it, and any instance sharing the store can check it. Pure: the caller brings the key and the clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a reply's offer stands: the widget asks at once; a page left open asks again anyway. */
export const ANSWER_TOKEN_TTL_MS = 10 * 60_000;

/** What the chat offered an AI answer for. */
export interface AnswerClaims {
  sessionId: string;
  /** The candidates reply's messageId: the logged answer's turn, and what makes a token usable once. */
  messageId: string;
  /** The question as the citizen sent it (trimmed). */
  question: string;
  /** The QAs the engine itself found, best first: the only ones the model may read. */
  candidateIds: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: AnswerClaims } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * `base64url(JSON claims).base64url(HMAC)`: opaque to clients, readable back by the server alone.
 *
 * @example signAnswerToken(key, { sessionId, messageId, question: '住民票の書類', candidateIds: ['1008', '1001'], expiresAt: Date.now() + ANSWER_TOKEN_TTL_MS })
 */
export function signAnswerToken(key: Buffer, claims: AnswerClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/**
 * The claims of a token this key signed and that has not expired. The signature is compared in constant
 * time, before anything in the payload is read.
 *
 * @example readAnswerToken(key, token, new Date()) // { ok: false, reason: 'expired' }
 */
export function readAnswerToken(key: Buffer, token: string, now: Date): TokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const claims = parseClaims(Buffer.from(payload, 'base64url').toString('utf8'));
  if (claims === null) return { ok: false, reason: 'invalid' };
  return claims.expiresAt > now.getTime() ? { ok: true, claims } : { ok: false, reason: 'expired' };
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** Only ever our own JSON once the signature holds; checked all the same, so a bad key rotation cannot crash. */
function parseClaims(json: string): AnswerClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { sessionId, messageId, question, candidateIds, expiresAt } = value as Record<string, unknown>;
  const valid =
    typeof sessionId === 'string' &&
    typeof messageId === 'string' &&
    typeof question === 'string' &&
    Array.isArray(candidateIds) &&
    candidateIds.every((id) => typeof id === 'string') &&
    typeof expiresAt === 'number';
  return valid ? { sessionId, messageId, question, candidateIds: candidateIds as string[], expiresAt } : null;
}

/**
 * Message ids whose token was spent, kept until the token would have expired anyway. In memory: with several
 * instances a token is spent at most once on each.
 *
 * @example if (!spent.use(claims.messageId, claims.expiresAt, Date.now())) throw new ApiError(409, …)
 */
export class SpentTokens {
  /** Message id → expiry; every token lives as long, so insertion order is expiry order. */
  readonly #spent = new Map<string, number>();

  /** False when the token was spent already; otherwise marks it spent. */
  use(messageId: string, expiresAt: number, now: number): boolean {
    for (const [id, expiry] of this.#spent) {
      if (expiry > now) break;
      this.#spent.delete(id);
    }
    if (this.#spent.has(messageId)) return false;
    this.#spent.set(messageId, expiresAt);
    return true;
  }
}
