/**
 * How one check of a source page updates what is stored about it. Only the page's main text counts: it is
 * hashed without its whitespace, so markup, scripts and the site's menus changing do not flag a QA.
 * The first reading only records the hash; a later different hash is a change. A page that cannot be read
 * this time keeps what was known, so a short outage neither hides nor invents a change.
 */
import { createHash } from 'node:crypto';
import type { SourceCheck } from '../../store/authoring-records.ts';

/** What fetching the page gave. */
export type CheckOutcome =
  /** Read (2xx): the hash of its main text ({@link textHash}, or {@link bytesHash} for files that are not HTML or PDF) and validators. */
  | { kind: 'page'; status: number; contentHash: string; etag: string | null; lastModified: string | null }
  /** 304 to a conditional request: unchanged since the stored reading. */
  | { kind: 'not-modified'; etag: string | null; lastModified: string | null }
  /** 404 or 410 (also after redirects). */
  | { kind: 'gone'; status: number }
  /** Timeout, network failure, another status, or an unreadable body; `message` is for staff. */
  | { kind: 'failed'; status: number | null; message: string };

/**
 * The hash of a page's main text without its whitespace (full-width spaces and line breaks included): how
 * blocks are laid out, and spaces a page editor added between Japanese words, are no change.
 *
 * @example textHash('住民票の\n\n写し') === textHash('住民票の\u3000写し') // true
 */
export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/gu, '')).digest('hex');
}

/**
 * The hash of a file with no text to read (a spreadsheet, an image): any change to it counts.
 *
 * @example bytesHash(Buffer.from('…'))
 */
export function bytesHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * What a response status means for the page.
 *
 * @example statusKind(410) // 'gone'
 */
export function statusKind(status: number): 'page' | 'gone' | 'failed' {
  if (status >= 200 && status < 300) return 'page';
  return status === 404 || status === 410 ? 'gone' : 'failed';
}

/**
 * True while the page is known to be missing: a missing page has no hash but records when it went
 * (changedAt), which a failed check after it keeps.
 */
function knownMissing(previous: SourceCheck | undefined): boolean {
  return previous !== undefined && previous.contentHash === null && previous.changedAt !== null;
}

/**
 * The stored check after this one. `changedAt` becomes `at` when the main text differs from the stored
 * reading, when the page goes missing (its disappearance is a change staff must look at), and when a missing
 * page can be read again (its text may be new, and a QA marked reviewed while it was gone must be looked at
 * again); otherwise it is kept.
 *
 * @example nextCheck('https://www.example.jp/a.html', previous, { kind: 'gone', status: 404 }, now.toISOString()).state // 'missing'
 */
export function nextCheck(url: string, previous: SourceCheck | undefined, outcome: CheckOutcome, at: string): SourceCheck {
  const kept = {
    contentHash: previous?.contentHash ?? null,
    etag: previous?.etag ?? null,
    lastModified: previous?.lastModified ?? null,
    changedAt: previous?.changedAt ?? null,
  };
  switch (outcome.kind) {
    case 'page': {
      const { contentHash } = outcome;
      const changed = (kept.contentHash !== null && kept.contentHash !== contentHash) || knownMissing(previous);
      return {
        url,
        checkedAt: at,
        state: 'ok',
        httpStatus: outcome.status,
        contentHash,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        changedAt: changed ? at : kept.changedAt,
        error: null,
      };
    }
    case 'not-modified':
      return { url, checkedAt: at, state: 'ok', httpStatus: 304, ...kept, etag: outcome.etag ?? kept.etag, lastModified: outcome.lastModified ?? kept.lastModified, error: null };
    case 'gone':
      return {
        url,
        checkedAt: at,
        state: 'missing',
        httpStatus: outcome.status,
        contentHash: null,
        etag: null,
        lastModified: null,
        changedAt: knownMissing(previous) ? kept.changedAt : at,
        error: null,
      };
    case 'failed':
      return { url, checkedAt: at, state: 'error', httpStatus: outcome.status, ...kept, error: outcome.message };
  }
}

/**
 * The validators to send with the next request: only with a stored reading, since a 304 says nothing
 * about a page whose text was never hashed.
 *
 * @example conditionalHeaders(previous) // { etag: '"abc"', lastModified: undefined }
 */
export function conditionalHeaders(previous: SourceCheck | undefined): { etag?: string; lastModified?: string } {
  if (!previous?.contentHash) return {};
  return { ...(previous.etag ? { etag: previous.etag } : {}), ...(previous.lastModified ? { lastModified: previous.lastModified } : {}) };
}
