import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ANSWER_TOKEN_TTL_MS, readAnswerToken, signAnswerToken, SpentTokens, type AnswerClaims } from './answer-token.ts';

const KEY = randomBytes(32);
const NOW = new Date('2026-11-30T03:00:00Z');
const CLAIMS: AnswerClaims = {
  sessionId: 'session-0001-abcdefgh',
  messageId: 'm-1',
  question: '住民票の書類',
  candidateIds: ['1008', '1002', '1001'],
  expiresAt: NOW.getTime() + ANSWER_TOKEN_TTL_MS,
};

test('a token reads back as its claims until it expires', () => {
  const token = signAnswerToken(KEY, CLAIMS);
  assert.match(token, /^[\w-]+\.[\w-]+$/);
  assert.deepEqual(readAnswerToken(KEY, token, NOW), { ok: true, claims: CLAIMS });
  assert.deepEqual(readAnswerToken(KEY, token, new Date(CLAIMS.expiresAt)), { ok: false, reason: 'expired' });
});

test('another key, an altered payload or signature, or a malformed token is invalid', () => {
  const token = signAnswerToken(KEY, CLAIMS);
  const [payload, signature] = token.split('.') as [string, string];
  const forged = Buffer.from(JSON.stringify({ ...CLAIMS, question: '住民税はいくら', candidateIds: ['2001'] })).toString('base64url');
  const later = Buffer.from(JSON.stringify({ ...CLAIMS, expiresAt: CLAIMS.expiresAt + 3_600_000 })).toString('base64url');
  for (const bad of [
    signAnswerToken(randomBytes(32), CLAIMS),
    `${forged}.${signature}`,
    `${later}.${signature}`,
    `${payload}.${signature.slice(0, -2)}`,
    `${payload}.${signature}.x`,
    payload,
    '',
    '.',
  ]) {
    assert.deepEqual(readAnswerToken(KEY, bad, NOW), { ok: false, reason: 'invalid' }, bad);
  }
});

test('signed claims of the wrong shape are refused rather than trusted', () => {
  const payload = Buffer.from(JSON.stringify({ ...CLAIMS, candidateIds: 'all' })).toString('base64url');
  const token = signAnswerToken(KEY, CLAIMS).replace(/^[^.]+/, payload);
  assert.deepEqual(readAnswerToken(KEY, token, NOW), { ok: false, reason: 'invalid' });
});

test('a token is spent once; spent ones are forgotten after they expire', () => {
  const spent = new SpentTokens();
  const now = NOW.getTime();
  assert.equal(spent.use('m-1', now + 1000, now), true);
  assert.equal(spent.use('m-1', now + 1000, now), false);
  assert.equal(spent.use('m-2', now + 2000, now), true);
  // Past m-1's expiry it is dropped (the token itself is refused as expired by then).
  assert.equal(spent.use('m-1', now + 5000, now + 1500), true);
  assert.equal(spent.use('m-2', now + 2000, now + 1500), false);
});
