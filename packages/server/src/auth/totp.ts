/**
 * Two-factor sign-in with time-based one-time codes (RFC 6238, otplib): the secrets, stored encrypted under a
 * key of the site; the short-lived token that carries a signed-in password to the code step; one-time
 * recovery codes, stored as hashes; the enrolment QR code. A secret, a code or a recovery code is never
 * logged or audited.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { readSiteKey } from '../security/site-key.ts';
import type { Store } from '../store/store.ts';

/** The setting that holds the site's sign-in key (never shown in the console). */
export const SIGN_IN_KEY_SETTING = 'signInKey';
/** The setting: true when administrators must sign in with a code. */
export const REQUIRE_ADMIN_TOTP_SETTING = 'requireAdminTotp';

/** A code that does not match, or was used already (TOTP_CODE_INVALID). */
export const WRONG_CODE_MESSAGE = '確認コードが違います。認証アプリに表示されている、最新の6桁の数字を入力してください。';

/** How long the code step may follow the password step. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60_000;
export const RECOVERY_CODE_COUNT = 10;
/** One step either side: a phone's clock a little off still works. */
const EPOCH_TOLERANCE_SECONDS = 30;
const ISSUER = '窓口 管理画面';
// No 0/o, 1/l/i: a recovery code is copied from paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** What the password step hands to the code step: sign in with a code, or enrol first (administrators when required). */
export type PendingPurpose = 'code' | 'enrol';

/** What the enrolment screen shows. */
export interface TotpEnrolment {
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  otpauthUrl: string;
  /** An SVG image of the otpauth URL as a data URL. */
  qrCode: string;
}

/**
 * @example
 * ```ts
 * const totp = new TotpService(store, 'default');
 * const token = await totp.pendingToken('suzuki', 'code', now);
 * ```
 */
export class TotpService {
  #keys: Promise<{ secrets: Buffer; tokens: Buffer }> | undefined;

  constructor(
    private readonly store: Store,
    private readonly siteId: string,
  ) {}

  /** Two keys derived from the one stored, so an encryption key never signs and a signing key never encrypts. */
  #derived(): Promise<{ secrets: Buffer; tokens: Buffer }> {
    this.#keys ??= readSiteKey(this.store, this.siteId, SIGN_IN_KEY_SETTING).then((key) => ({
      secrets: Buffer.from(hkdfSync('sha256', key, '', 'madoguchi totp secret', 32)),
      tokens: Buffer.from(hkdfSync('sha256', key, '', 'madoguchi pending sign-in', 32)),
    }));
    return this.#keys;
  }

  /** A new secret, encrypted for the store, and what the enrolment screen shows. */
  async newEnrolment(loginId: string): Promise<{ stored: string; enrolment: TotpEnrolment }> {
    const secret = generateSecret();
    const otpauthUrl = generateURI({ issuer: ISSUER, label: loginId, secret });
    const svg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return { stored: await this.#encrypt(secret), enrolment: { secret, otpauthUrl, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` } };
  }

  /** The time step a six-digit code matches for the stored secret at `now`, or null. */
  async matchingStep(stored: string, code: string, now: Date): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verify({ secret: await this.#decrypt(stored), token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: EPOCH_TOLERANCE_SECONDS });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }

  /** A signed token naming the account and what the next step is, valid {@link PENDING_SIGN_IN_TTL_MS}. */
  async pendingToken(loginId: string, purpose: PendingPurpose, now: Date): Promise<string> {
    const payload = Buffer.from(JSON.stringify({ l: loginId, p: purpose, e: now.getTime() + PENDING_SIGN_IN_TTL_MS })).toString('base64url');
    return `${payload}.${this.#mac((await this.#derived()).tokens, payload)}`;
  }

  /** The login id and purpose of a token this site signed and that has not expired, or null. */
  async readPendingToken(token: string, now: Date): Promise<{ loginId: string; purpose: PendingPurpose } | null> {
    const [payload = '', signature = ''] = token.split('.');
    const expected = Buffer.from(this.#mac((await this.#derived()).tokens, payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { l: string; p: PendingPurpose; e: number };
    return claims.e > now.getTime() ? { loginId: claims.l, purpose: claims.p } : null;
  }

  #mac(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url');
  }

  // AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
  async #encrypt(secret: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', (await this.#derived()).secrets, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  async #decrypt(stored: string): Promise<string> {
    const [, iv = '', tag = '', body = ''] = stored.split('.');
    const decipher = createDecipheriv('aes-256-gcm', (await this.#derived()).secrets, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * Ten random recovery codes like `k7m2p-xq9ta` (about 49 bits each), shown once, and their hashes for the store.
 *
 * @example `const { codes, hashes } = newRecoveryCodes();`
 */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const part = (): string => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => `${part()}-${part()}`);
  return { codes, hashes: codes.map(recoveryCodeHash) };
}

/**
 * The stored form of a recovery code as typed: case, spaces and the hyphen do not matter. A plain hash suffices
 * for random codes of this length.
 *
 * @example `recoveryCodeHash('K7M2P XQ9TA') === recoveryCodeHash('k7m2p-xq9ta')`
 */
export function recoveryCodeHash(typed: string): string {
  return createHash('sha256').update(typed.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}
