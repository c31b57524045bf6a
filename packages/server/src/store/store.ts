/**
 * The storage contract. SQLite implements it today (./sqlite); a PostgreSQL implementation will satisfy
 * the same interface and the same contract tests, so every method is async and every method is scoped by
 * `siteId` (one municipality): no query may ever cross sites.
 */
import type { Qa, QaContent, QaStatus } from '../qa/model.ts';

/**
 * Narrows {@link Store.listQas}.
 *
 * @example `await store.listQas('default', { status: 'published' });`
 */
export interface QaFilter {
  status?: QaStatus;
}

/**
 * Who saves, and which version they edited.
 *
 * @example
 * ```ts
 * { actor: 'suzuki', expectedVersion: null } // create; fails with QA_ALREADY_EXISTS if the id is taken
 * { actor: 'suzuki', expectedVersion: 3 }    // update; fails with QA_VERSION_CONFLICT unless version 3 is stored
 * ```
 */
export interface SaveQaOptions {
  actor: string;
  expectedVersion: number | null;
}

/**
 * Who deletes, and which version they saw.
 *
 * @example `await store.deleteQa('default', '1001', { actor: 'suzuki', expectedVersion: 4 });`
 */
export interface DeleteQaOptions {
  actor: string;
  expectedVersion: number;
}

/**
 * `merge` upserts the file's QAs and keeps the others; `replace` also deletes the QAs absent from the file.
 *
 * @example `{ actor: 'suzuki', mode: 'merge' }`
 */
export interface ImportQasOptions {
  actor: string;
  mode: 'merge' | 'replace';
}

/**
 * What an import did. `unchanged` QAs kept their version and metadata.
 *
 * @example `{ created: 2, updated: 1, unchanged: 40, deleted: 0 }`
 */
export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/**
 * Why a revision exists. `import` covers QAs created or changed by {@link Store.importQas}; a QA that a
 * `replace` import removes gets a `delete` revision.
 *
 * @example `const a: RevisionAction = 'update';`
 */
export type RevisionAction = 'create' | 'update' | 'delete' | 'import';

/**
 * One recorded change of a QA (R29): who, when, and the full content after the change (for `delete`, the
 * content as it was when deleted), so any revision can be restored by saving its `content` again.
 *
 * @example
 * ```ts
 * const [first] = await store.listRevisions('default', '1001');
 * first.action; // 'create'
 * ```
 */
export interface QaRevision {
  siteId: string;
  qaId: string;
  /** The QA's version after this change (for `delete`, one more than the last stored version). */
  version: number;
  action: RevisionAction;
  actor: string;
  /** ISO 8601 UTC. */
  at: string;
  content: QaContent;
}

/**
 * One recorded value of a setting.
 *
 * @example `{ siteId: 'default', key: 'mascot', revision: 2, value: { name: 'まどかちゃん' }, actor: 'suzuki', at: '…' }`
 */
export interface SettingRevision {
  siteId: string;
  key: string;
  /** 1 for the first value ever set, then +1 per change. */
  revision: number;
  value: unknown;
  actor: string;
  at: string;
}

/**
 * One recorded replacement of the staff synonym list.
 *
 * @example `{ siteId: 'default', revision: 1, lines: ['ごみ, ゴミ, 塵'], actor: 'suzuki', at: '…' }`
 */
export interface SynonymRevision {
  siteId: string;
  revision: number;
  lines: string[];
  actor: string;
  at: string;
}

/**
 * One citizen question and what the chat answered, as logged (R23). Free text is stored with personal
 * data masked (see chat/redact.ts); there is no IP address, cookie or user id, only the widget's random
 * session id.
 *
 * @example
 * ```ts
 * { id: 'k3J…', sessionId: 'q9…', at: '2026-11-30T01:02:03.000Z', lang: 'ja', via: 'typed',
 *   question: '住民票がほしい', decision: 'answer', qaId: '1001', candidateIds: [], topScore: 12.3 }
 * ```
 */
export interface ChatLogEntry {
  id: string;
  sessionId: string;
  /** ISO 8601 UTC. */
  at: string;
  lang: string;
  /** How it was asked: typed, or a click on a candidate, related or menu question. */
  via: 'typed' | 'candidate' | 'related' | 'menu';
  question: string;
  decision: 'answer' | 'candidates' | 'none';
  /** The QA answered, or null for candidates and none. */
  qaId: string | null;
  /** The QAs offered as 「もしかして」, best first. */
  candidateIds: string[];
  /** The best match's engine score, or null when nothing matched. */
  topScore: number | null;
}

/**
 * A citizen's 「解決しましたか？」 answer for one logged message. A later answer for the same message
 * replaces the earlier one (they may change their mind or add a comment).
 *
 * @example `{ messageId: 'k3J…', resolved: false, comment: '手数料が知りたかった', at: '…' }`
 */
export interface ChatFeedback {
  messageId: string;
  resolved: boolean;
  comment: string | null;
  at: string;
}

/**
 * What citizens see changes only when staff publish (R26): publishing copies every QA of the working set
 * whose status is `published` into the published set, atomically, and records who did it.
 *
 * @example `{ added: 1, changed: 3, removed: 0, at: '2026-11-30T05:00:00.000Z', actor: 'suzuki' }`
 */
export interface PublishSummary {
  added: number;
  changed: number;
  removed: number;
  at: string;
  actor: string;
}

/** Staff roles (R24): 管理者 everything; 編集者 QA, dictionary, publishing; 閲覧者 read only. */
export const STAFF_ROLES = ['admin', 'editor', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * A staff account of one site. `passwordHash` is an encoded slow hash (never the password).
 *
 * @example `{ siteId: 'default', loginId: 'suzuki', displayName: '鈴木', role: 'editor', disabled: false, … }`
 */
export interface StaffAccount {
  siteId: string;
  loginId: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  passwordHash: string;
  /** Consecutive failed sign-ins since the last success. */
  failedSignIns: number;
  /** ISO time until which sign-in is refused, or null. */
  lockedUntil: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
  /** Starts at 1; every change adds one (optimistic locking for administrators' edits). */
  version: number;
}

/** @example `{ loginId: 'suzuki', displayName: '鈴木', role: 'editor', passwordHash: '$argon2id$…' }` */
export interface NewStaffAccount {
  loginId: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
}

/** Fields an update may change; absent fields stay. A new passwordHash also sets passwordChangedAt. */
export interface StaffAccountChange {
  displayName?: string;
  role?: StaffRole;
  disabled?: boolean;
  passwordHash?: string;
  /** Also clears the failed sign-in count (an administrator's unlock). */
  lockedUntil?: null;
}

/**
 * A signed-in staff session. `id` is a hash of the cookie's token, so a stolen database cannot be used to
 * sign in.
 *
 * @example `{ id: 'sha256…', siteId: 'default', loginId: 'suzuki', csrfToken: '…', createdAt, lastSeenAt, expiresAt }`
 */
export interface StaffSession {
  id: string;
  siteId: string;
  loginId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute end, whatever the activity. */
  expiresAt: string;
}

/**
 * One line of the audit log (R44): sign-ins, failures, lock-outs, changes, exports, account changes.
 *
 * @example `{ siteId: 'default', at, actor: 'suzuki', action: 'qa.update', target: '1001', detail: { version: 4 } }`
 */
export interface AuditEntry {
  siteId: string;
  at: string;
  /** The login id, or e.g. `cli:root`; for a failed sign-in, the login id that was tried. */
  actor: string;
  /** Dotted verb, e.g. `auth.sign-in`, `auth.sign-in-failed`, `qa.update`, `qa.export`, `account.create`. */
  action: string;
  /** What was acted on (a QA id, a login id, a setting key), or ''. */
  target: string;
  detail: Record<string, unknown>;
}

/** Narrows {@link Store.listAudit}; `text` matches actor, action or target. Newest first. */
export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  text?: string;
  limit?: number;
  offset?: number;
}

/** Who has a QA open in the editor, as of their last heartbeat. */
export interface EditingPresence {
  qaId: string;
  loginId: string;
  displayName: string;
  at: string;
}

/**
 * An image or PDF staff uploaded for answers (R10). Kept in the database with everything else, so one
 * backup holds the QAs and the files they show.
 *
 * @example `{ siteId: 'default', id: 'k3J…', name: '申請書.pdf', type: 'application/pdf', size: 120345, sha256: '…', uploadedBy: 'suzuki', uploadedAt: '…' }`
 */
export interface StoredFile {
  siteId: string;
  id: string;
  name: string;
  /** The type found from the content, never the one the browser claimed. */
  type: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/**
 * Where Madoguchi keeps QAs, their history, settings and staff synonyms.
 *
 * Errors are the typed ones of `./errors.ts` (rejected promises): `QaNotFoundError`,
 * `QaAlreadyExistsError`, `VersionConflictError`, `RelatedQaMissingError`, `QaInvalidError`,
 * `StoreInputError`. A rejected write has changed nothing.
 *
 * @example
 * ```ts
 * const store: Store = openSqliteStore('./data');
 * const qa = await store.saveQa('default', content, { actor: 'suzuki', expectedVersion: null });
 * await store.saveQa('default', { ...qa, answer: '新しい回答' }, { actor: 'sato', expectedVersion: qa.version });
 * await store.close();
 * ```
 */
export interface Store {
  /**
   * The site's QAs in natural id order ("2" before "10"; see `compareQaIds` in ./natural-order.ts).
   *
   * @example `const drafts = await store.listQas('default', { status: 'draft' });`
   */
  listQas(siteId: string, filter?: QaFilter): Promise<Qa[]>;

  /**
   * One QA, or undefined when the site has none with that id.
   *
   * @example `const qa = await store.getQa('default', '1001');`
   */
  getQa(siteId: string, id: string): Promise<Qa | undefined>;

  /**
   * How many QAs the site has.
   *
   * @example `await store.countQas('default', { status: 'published' }); // 412`
   */
  countQas(siteId: string, filter?: QaFilter): Promise<number>;

  /**
   * Creates (expectedVersion null) or updates (optimistic locking) one QA, bumps its version, stamps
   * updatedBy/updatedAt and writes a revision. Any bookkeeping fields on `content` (a whole `Qa` may be
   * passed) are ignored. relatedIds newly added by this save must name existing QAs
   * (`RelatedQaMissingError`); ones already stored are left alone, so a colleague's deletion never blocks
   * an unrelated edit.
   *
   * A QA re-created after deletion continues the version numbers of its history, so a stale editor holding
   * the old version 1 cannot overwrite the new QA.
   *
   * @example
   * ```ts
   * const created = await store.saveQa('default', content, { actor: 'suzuki', expectedVersion: null });
   * created.version; // 1
   * ```
   */
  saveQa(siteId: string, content: QaContent, opts: SaveQaOptions): Promise<Qa>;

  /**
   * Deletes one QA if `expectedVersion` is still the stored version. Its revisions are kept, ending in a
   * `delete` revision. Other QAs that list it in relatedIds are left as they are.
   *
   * @example `await store.deleteQa('default', '1001', { actor: 'suzuki', expectedVersion: 2 });`
   */
  deleteQa(siteId: string, id: string, opts: DeleteQaOptions): Promise<void>;

  /**
   * Applies a whole file in one transaction: everything or nothing. QAs whose content is identical keep
   * their version and metadata; changed ones get version+1 and an `import` revision. Every relatedIds entry
   * of the file's QAs must exist in the resulting set, else `RelatedQaMissingError` lists all of them.
   *
   * @example
   * ```ts
   * const summary = await store.importQas('default', contents, { actor: 'suzuki', mode: 'replace' });
   * // { created: 3, updated: 10, unchanged: 380, deleted: 2 }
   * ```
   */
  importQas(siteId: string, contents: QaContent[], opts: ImportQasOptions): Promise<ImportSummary>;

  /**
   * The QA's history, oldest first, including revisions from before a deletion.
   *
   * @example `const history = await store.listRevisions('default', '1001');`
   */
  listRevisions(siteId: string, qaId: string): Promise<QaRevision[]>;

  /**
   * A setting's current JSON value, or undefined when never set. `T` is the caller's claim; validate it.
   *
   * @example `const mascot = await store.getSetting<{ name: string }>('default', 'mascot');`
   */
  getSetting<T>(siteId: string, key: string): Promise<T | undefined>;

  /**
   * Stores a JSON value (anything `JSON.stringify` accepts except `undefined`) and records a revision.
   *
   * @example `await store.setSetting('default', 'mascot', { name: 'まどかちゃん' }, 'suzuki');`
   */
  setSetting(siteId: string, key: string, value: unknown, actor: string): Promise<void>;

  /**
   * Every value a setting has had, oldest first.
   *
   * @example `const history = await store.listSettingRevisions('default', 'mascot');`
   */
  listSettingRevisions(siteId: string, key: string): Promise<SettingRevision[]>;

  /**
   * The staff synonym lines, in the order saved, in the shipped thesaurus format
   * (`a, b, c` or `a, b -> x, y`). The store does not parse them.
   *
   * @example `await store.listSynonymEntries('default'); // ['ごみ, ゴミ', '粗大ごみ -> 大型ごみ']`
   */
  listSynonymEntries(siteId: string): Promise<string[]>;

  /**
   * Replaces the whole list (the editor saves it as one text) and records a revision. A line may not
   * contain a line break.
   *
   * @example `await store.replaceSynonymEntries('default', ['ごみ, ゴミ'], 'suzuki');`
   */
  replaceSynonymEntries(siteId: string, lines: string[], actor: string): Promise<void>;

  /**
   * Every saved synonym list, oldest first.
   *
   * @example `const history = await store.listSynonymRevisions('default');`
   */
  listSynonymRevisions(siteId: string): Promise<SynonymRevision[]>;

  /**
   * Cached results of morphological analysis, by key (a hash of the analyzer version and the text).
   * A cache of a pure function of the text, not site data: shared by all sites, since an entry can
   * only be found by whoever already has the text. Missing keys are absent from the result.
   *
   * @example `const hits = await store.readAnalysisCache(['3f2a…']);`
   */
  readAnalysisCache(keys: readonly string[]): Promise<Map<string, string>>;

  /**
   * Adds analysis results (existing keys are left as they are: a key always means the same result).
   *
   * @example `await store.writeAnalysisCache(new Map([['3f2a…', '[["住民票","住民票","ジュウミンヒョウ",0,0]]']]));`
   */
  writeAnalysisCache(entries: ReadonlyMap<string, string>): Promise<void>;

  /**
   * The QAs citizens see now: the last publication's snapshot, in natural id order.
   *
   * @example `const live = await store.listPublishedQas('default');`
   */
  listPublishedQas(siteId: string): Promise<Qa[]>;

  /**
   * Replaces the published set with the working set's `published` QAs in one transaction.
   *
   * @example `await store.publish('default', 'suzuki'); // { added: 1, changed: 2, removed: 0, … }`
   */
  publish(siteId: string, actor: string): Promise<PublishSummary>;

  /**
   * The latest publication, or undefined before the first.
   *
   * @example `(await store.lastPublication('default'))?.at`
   */
  lastPublication(siteId: string): Promise<PublishSummary | undefined>;

  /**
   * Creates an account; `ACCOUNT_ALREADY_EXISTS` if the login id is taken in this site.
   *
   * @example `await store.createAccount('default', { loginId: 'suzuki', displayName: '鈴木', role: 'editor', passwordHash });`
   */
  createAccount(siteId: string, account: NewStaffAccount): Promise<StaffAccount>;

  /** @example `await store.getAccount('default', 'suzuki');` */
  getAccount(siteId: string, loginId: string): Promise<StaffAccount | undefined>;

  /** Every account of the site, by login id. @example `await store.listAccounts('default');` */
  listAccounts(siteId: string): Promise<StaffAccount[]>;

  /**
   * Changes an account if `expectedVersion` is still stored (null: unconditionally, for the system's own
   * changes). `ACCOUNT_NOT_FOUND`, `ACCOUNT_VERSION_CONFLICT`.
   *
   * @example `await store.updateAccount('default', 'suzuki', { role: 'viewer' }, 3);`
   */
  updateAccount(siteId: string, loginId: string, change: StaffAccountChange, expectedVersion: number | null): Promise<StaffAccount>;

  /**
   * Counts a failed sign-in atomically; at `maxFailures` the account is locked until `lockUntil`.
   * Returns the account after the change, or undefined when no such account exists.
   *
   * @example `await store.recordFailedSignIn('default', 'suzuki', 5, '2026-11-30T05:15:00Z');`
   */
  recordFailedSignIn(siteId: string, loginId: string, maxFailures: number, lockUntil: string): Promise<StaffAccount | undefined>;

  /** Clears the failed count after a successful sign-in. @example `await store.recordSignIn('default', 'suzuki');` */
  recordSignIn(siteId: string, loginId: string): Promise<void>;

  /** @example `await store.createSession(session);` */
  createSession(session: StaffSession): Promise<void>;

  /** @example `await store.getSession(hashOfCookieToken);` */
  getSession(id: string): Promise<StaffSession | undefined>;

  /** Records activity (idle timeout counts from here). @example `await store.touchSession(id, now);` */
  touchSession(id: string, lastSeenAt: string): Promise<void>;

  /** Signs one session out. @example `await store.deleteSession(id);` */
  deleteSession(id: string): Promise<void>;

  /** Signs an account out everywhere (disabled, password reset). @example `await store.deleteSessionsOf('default', 'suzuki');` */
  deleteSessionsOf(siteId: string, loginId: string): Promise<void>;

  /** @example `await store.appendAudit({ siteId, at, actor: 'suzuki', action: 'qa.update', target: '1001', detail: {} });` */
  appendAudit(entry: AuditEntry): Promise<void>;

  /**
   * Audit lines, newest first, and how many match in all.
   *
   * @example `await store.listAudit('default', { action: 'auth.sign-in-failed', limit: 50 });`
   */
  listAudit(siteId: string, query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }>;

  /**
   * Records that a staff member has a QA open now (a heartbeat); `qaId` null clears theirs.
   *
   * @example `await store.markEditing('default', 'suzuki', '1001', now);`
   */
  markEditing(siteId: string, loginId: string, qaId: string | null, at: string): Promise<void>;

  /**
   * Who has which QA open, with heartbeats since `since`.
   *
   * @example `await store.listEditing('default', fortySecondsAgo);`
   */
  listEditing(siteId: string, since: string): Promise<EditingPresence[]>;

  /**
   * Stores an uploaded file's bytes and description.
   *
   * @example `await store.saveFile({ siteId, id, name, type, size, sha256, uploadedBy, uploadedAt }, bytes);`
   */
  saveFile(file: StoredFile, data: Buffer): Promise<void>;

  /** The file and its bytes, or undefined. @example `await store.getFile('default', id);` */
  getFile(siteId: string, id: string): Promise<{ file: StoredFile; data: Buffer } | undefined>;

  /** Every file of the site, newest first, without bytes. @example `await store.listFiles('default');` */
  listFiles(siteId: string): Promise<StoredFile[]>;

  /**
   * Logs one chat exchange.
   *
   * @example `await store.recordChatMessage('default', entry);`
   */
  recordChatMessage(siteId: string, entry: ChatLogEntry): Promise<void>;

  /**
   * Records feedback for a logged message of this site; false (and nothing stored) when the site has no
   * such message.
   *
   * @example `await store.recordFeedback('default', { messageId, resolved: true, comment: null, at });`
   */
  recordFeedback(siteId: string, feedback: ChatFeedback): Promise<boolean>;

  /**
   * The QAs answered most often since a time, most first (ties in id order), for 「よくある質問」.
   *
   * @example `await store.mostAnsweredQas('default', '2026-11-01T00:00:00Z', 5); // [{ qaId: '1001', count: 31 }, …]`
   */
  mostAnsweredQas(siteId: string, since: string, limit: number): Promise<{ qaId: string; count: number }[]>;

  /**
   * Releases the connection. Further calls fail.
   *
   * @example `await store.close();`
   */
  close(): Promise<void>;
}
