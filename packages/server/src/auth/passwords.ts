/**
 * Staff passwords (R24): argon2id hashes and the password policy (length, login id, and zxcvbn's leaked-password
 * and name dictionaries). Only hashes are stored; a password is never
 * logged, audited or returned.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane (about 50 ms here). */
// `Algorithm.Argon2id` is an ambient const enum, which isolated modules cannot read: its value is 2.
const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * @example `const passwordHash = await hashPassword('しろくま-みかん-2026');`
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * False for a wrong password and for a hash that cannot be read (never throws on bad input).
 *
 * @example `if (await verifyPassword(account.passwordHash, password)) …`
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a hash no password matches, so a sign-in with an unknown login id costs as long as one with
 * a known id: the answer time does not tell which ids exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Words a city's staff would try first, beside the leaked-password and name dictionaries of zxcvbn. */
const SITE_WORDS = ['madoguchi', 'まどぐち', '窓口', 'shiyakusho', 'yakusho', 'kanri', 'admin', 'administrator'];

/** zxcvbn's score below this is refused: 3 means about 10^8 guesses or more (OWASP ASVS asks for a breached-list check; zxcvbn scores a listed password 0–2). */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries (tens of thousands of leaked passwords and names) takes a moment. */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, site: SITE_WORDS }, graphs: common.adjacencyGraphs });
  return estimator;
}

/** True when the text is one unit of 1–4 characters repeated (aaaaaaaaaa, 1212121212, abcabcabcabc). */
function isRepeat(chars: string[]): boolean {
  for (let unit = 1; unit <= 4; unit++) {
    if (chars.length % unit !== 0 || chars.length === unit) continue;
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** True when every character follows the previous one up or down by one (0123456789, abcdefghijk, 9876543210). */
function isSequence(chars: string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  return (step === 1 || step === -1) && codes.every((code, i) => i === 0 || code - (codes[i - 1] ?? 0) === step);
}

/**
 * Why the password is refused, in polite Japanese for the person choosing it, or null when it is acceptable.
 * Length counts characters (a kanji is one). The login id is compared ignoring case and full-width forms.
 *
 * @example
 * ```ts
 * checkPasswordPolicy('short', 'suzuki');            // 'パスワードは10文字以上にしてください。'
 * checkPasswordPolicy('suzuki-2026-04', 'suzuki');   // 'パスワードにログインIDを含めないでください。'
 * checkPasswordPolicy('しろくま-みかん-2026', 'suzuki'); // null
 * ```
 */
export function checkPasswordPolicy(password: string, loginId: string): string | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`;
  if (chars.length > PASSWORD_MAX_LENGTH) return `パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください。`;
  const folded = password.normalize('NFKC').toLowerCase();
  const id = loginId.normalize('NFKC').toLowerCase();
  if (id !== '' && folded.includes(id)) return 'パスワードにログインIDを含めないでください。';
  const foldedChars = [...folded];
  if (isRepeat(foldedChars) || isSequence(foldedChars)) {
    return '同じ文字のくり返しや、連続した文字だけのパスワードは使えません。推測されにくいものにしてください。';
  }
  if (passwordEstimator().check(password, [loginId]).score < MIN_SCORE) {
    return 'よく使われているパスワードや、それに近いものは使えません。単語を3つ以上組み合わせるなど、推測されにくいものにしてください。';
  }
  return null;
}
