/**
 * The storage contract. SQLite implements it today (./sqlite); a PostgreSQL implementation will satisfy
 * the same interface and the same contract tests, so every method is async and every method is scoped by
 * `siteId` (one municipality): no query may ever cross sites.
 */
import type { Qa, QaContent, QaStatus } from '../qa/model.ts';
import type {
  GeneratedAnswer,
  GeneratedAnswerQuery,
  LoggedGeneratedAnswer,
  ModelUsage,
  ModelUsageTotal,
  NewQaDraft,
  QaDraft,
  QaDraftQuery,
  QaDraftResolution,
  QaReviewMark,
  SourceCheck,
} from './authoring-records.ts';

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

/** Where a question was asked: the widget on a city page, the full-page chat (/chat), or the API directly. */
export type ChatChannel = 'widget' | 'page' | 'api';
export const CHAT_CHANNELS: readonly ChatChannel[] = ['widget', 'page', 'api'];

/** A typed question this soon after an answer in the same session counts as rephrasing it (the answer missed). */
export const REPHRASE_WINDOW_SECONDS = 120;

/**
 * One turn of a citizen chat, as logged (R23). Free text is stored with personal data masked (see
 * chat/redact.ts); there is no IP address, cookie or user id, only the widget's random session id.
 * `day` and `hour` are the turn's day and hour in Japan, which statistics count by.
 *
 * @example
 * ```ts
 * { id: 'k3J…', sessionId: 'q9…', at: '2026-11-30T01:02:03.000Z', day: '2026-11-30', hour: 10,
 *   channel: 'widget', page: 'https://www.city.example.jp/kurashi/', lang: 'ja', via: 'typed',
 *   question: '住民票がほしい', decision: 'answer', qaId: '1001', category: '戸籍・住民票',
 *   shown: [{ qaId: '1001', score: 12.3 }], latencyMs: 1.8 }
 * ```
 */
export interface ChatTurn {
  id: string;
  sessionId: string;
  /** ISO 8601 UTC. */
  at: string;
  /** YYYY-MM-DD in Japan. */
  day: string;
  /** 0–23 in Japan. */
  hour: number;
  channel: ChatChannel;
  /** The page the question was asked from (origin and path only), or null when unknown. */
  page: string | null;
  lang: string;
  /** How it was asked: typed, or a click on a candidate, related or menu question. */
  via: 'typed' | 'candidate' | 'related' | 'menu';
  question: string;
  decision: 'answer' | 'candidates' | 'none';
  /** The QA answered, or null for candidates and none. */
  qaId: string | null;
  /** 大分類 of the answered QA, else of the best candidate; null when nothing matched. */
  category: string | null;
  /** The QAs shown (the answer, or the 「もしかして」 candidates), best first, with the engine's scores. */
  shown: { qaId: string; score: number | null }[];
  /** Time the server took to answer, in milliseconds. */
  latencyMs: number;
}

/**
 * A logged turn as staff read it: the turn, what followed it in the session, and the citizen's feedback.
 *
 * @example `{ ...turn, firstInSession: true, rephrased: false, pickedQaId: null, resolved: false, comment: '手数料が知りたかった', feedbackAt: '…' }`
 */
export interface LoggedTurn extends ChatTurn {
  /** The session's first turn (sessions are counted by these). */
  firstInSession: boolean;
  /** An answer the citizen rephrased right after (see REPHRASE_WINDOW_SECONDS). */
  rephrased: boolean;
  /** For candidates: the candidate the citizen picked next, or null. */
  pickedQaId: string | null;
  /** 「解決しましたか？」: true, false, or null when not answered. */
  resolved: boolean | null;
  comment: string | null;
  feedbackAt: string | null;
}

/**
 * Counts behind the statistics, summed over the days of a period for one value of a dimension. `typed`
 * splits into `answered` + `candidates` + `none` (clicks are not questions the engine had to understand).
 *
 * @example `{ value: 'ja', turns: 120, typed: 100, answered: 71, candidates: 18, none: 11, picked: 9, rephrased: 4, resolved: 30, notResolved: 6, sessions: 64, latencyMsSum: 210.5 }`
 */
export interface ChatCounts {
  /** The dimension's value: a day, an hour ('00'–'23'), a QA id, a category, a language, a channel or a page ('' when none). */
  value: string;
  /** Every turn, typed or clicked. */
  turns: number;
  typed: number;
  answered: number;
  candidates: number;
  none: number;
  /** Candidate lists after which the citizen picked one. */
  picked: number;
  /** Answers rephrased right after. */
  rephrased: number;
  resolved: number;
  notResolved: number;
  /** Sessions that started with these turns. */
  sessions: number;
  latencyMsSum: number;
}

/** What statistics can be broken down by. `day` gives one row per day with turns. */
export type ChatDimension = 'day' | 'hour' | 'qa' | 'category' | 'lang' | 'channel' | 'page';
export const CHAT_DIMENSIONS: readonly ChatDimension[] = ['day', 'hour', 'qa', 'category', 'lang', 'channel', 'page'];

/** A days range in Japan, both ends included. @example `{ from: '2026-11-01', to: '2026-11-30' }` */
export interface DayRange {
  from: string;
  to: string;
}

/** Widget events counted per day: the script loaded on a page, the panel opened. */
export type AccessEvent = 'load' | 'open';

/** @example `{ day: '2026-11-30', event: 'open', channel: 'widget', count: 412 }` */
export interface AccessCount {
  day: string;
  event: AccessEvent;
  channel: ChatChannel;
  count: number;
}

/**
 * Which logged turns to read, newest first. `failed` keeps typed questions that went wrong: no answer,
 * candidates none of which was picked, an answer rephrased right after, or feedback 「いいえ」.
 *
 * @example `{ days: { from: '2026-11-01', to: '2026-11-30' }, decision: 'none', text: '住民票', limit: 50, offset: 0 }`
 */
export interface ChatTurnQuery {
  days: DayRange;
  decision?: ChatTurn['decision'];
  channel?: ChatChannel;
  lang?: string;
  qaId?: string;
  /** Substring of the question or comment. */
  text?: string;
  failed?: boolean;
  limit: number;
  offset?: number;
}

/**
 * A question that went wrong (see ChatTurnQuery.failed), as typed, with how often and why, for the
 * improvement loop. Questions staff already dealt with (see reviewQuestions) are left out.
 *
 * @example `{ question: 'マイナカードなくした', count: 7, lastAt: '…', none: 5, candidates: 2, rephrased: 0, notResolved: 0 }`
 */
export interface FailedQuestion {
  question: string;
  count: number;
  lastAt: string;
  none: number;
  /** Candidates shown and none picked. */
  candidates: number;
  rephrased: number;
  notResolved: number;
}

/**
 * What staff did about failed questions: added them as alternates of a QA, drafted a new QA from them, or
 * dismissed them (not a city matter, spam…). Reviewed questions leave the improvement list.
 *
 * @example `{ action: 'alternate', qaId: '1001', actor: 'suzuki', at: '…' }`
 */
export interface QuestionReview {
  action: 'alternate' | 'draft' | 'dismiss';
  qaId: string | null;
  actor: string;
  at: string;
}

/**
 * A citizen's 「解決しましたか？」 answer for one logged message. A later answer for the same message
 * replaces the earlier one (they may change their mind or add a comment).
 *
 * @example `{ messageId: 'k3J…', resolved: false, comment: '手数料が知りたかった', at: '…' }`
 */
export interface ChatFeedback {
  /** The turn's id. */
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
  /** Signs in with a one-time code after the password (auth/totp.ts). */
  totpEnabled: boolean;
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
}

/**
 * An account's two-factor state. The secrets are stored encrypted (auth/totp.ts) and never leave the server.
 *
 * @example `{ secret: 'v1.…', pendingSecret: null, lastStep: 59_333_312, recoveryCodesLeft: 9 }`
 */
export interface StaffTotp {
  /** The confirmed secret, or null while two-factor sign-in is off. */
  secret: string | null;
  /** A secret shown for enrolment and not yet confirmed with a code. */
  pendingSecret: string | null;
  /** The time step of the last code accepted: no code of it or before it is accepted again. */
  lastStep: number | null;
  recoveryCodesLeft: number;
}

/**
 * What failed sign-ins are counted under: a login id as typed (known or not) with `address: ''`, an address
 * with `loginId: ''`, or the pair of both.
 *
 * @example `{ loginId: 'suzuki', address: '203.0.113.5' }`
 */
export interface SignInThrottleKey {
  loginId: string;
  address: string;
}

/** @example `{ loginId: 'suzuki', address: '', failures: 7, lastFailureAt: '2026-11-30T05:15:00.000Z' }` */
export interface SignInFailures extends SignInThrottleKey {
  failures: number;
  lastFailureAt: string;
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

  /** @example `await store.getTotp('default', 'suzuki');` */
  getTotp(siteId: string, loginId: string): Promise<StaffTotp | undefined>;

  /** Keeps a secret shown for enrolment until it is confirmed. @example `await store.setPendingTotp('default', 'suzuki', encrypted);` */
  setPendingTotp(siteId: string, loginId: string, pendingSecret: string): Promise<void>;

  /**
   * Turns two-factor sign-in on with a confirmed secret, the step of the code that confirmed it, and new
   * recovery codes (hashes) replacing any old ones; clears the pending secret.
   *
   * @example `await store.enableTotp('default', 'suzuki', encrypted, step, hashes);`
   */
  enableTotp(siteId: string, loginId: string, secret: string, acceptedStep: number, recoveryCodeHashes: string[]): Promise<void>;

  /** Turns two-factor sign-in off: secrets, last step and recovery codes go. @example `await store.disableTotp('default', 'suzuki');` */
  disableTotp(siteId: string, loginId: string): Promise<void>;

  /**
   * Records a code's time step as used, atomically: false when a code of this step or a later one was accepted
   * already (a replayed code).
   *
   * @example `if (!(await store.acceptTotpStep('default', 'suzuki', step))) refuse();`
   */
  acceptTotpStep(siteId: string, loginId: string, step: number): Promise<boolean>;

  /** Uses up one recovery code by its hash; false when there is no such unused code. @example `await store.useRecoveryCode('default', 'suzuki', hash);` */
  useRecoveryCode(siteId: string, loginId: string, codeHash: string): Promise<boolean>;

  /**
   * Counts one failed sign-in under each key atomically, at time `at`. A count whose last failure is before
   * `forgetBefore` starts again from one, and such stale counts are deleted. Returns the counts after the change.
   *
   * @example `await store.recordSignInFailure('default', [{ loginId: 'suzuki', address: '' }], now, dayAgo);`
   */
  recordSignInFailure(siteId: string, keys: SignInThrottleKey[], at: string, forgetBefore: string): Promise<SignInFailures[]>;

  /** The stored counts of these keys (absent keys have none). @example `await store.getSignInFailures('default', keys);` */
  getSignInFailures(siteId: string, keys: SignInThrottleKey[]): Promise<SignInFailures[]>;

  /** Every count that names a login id (alone or with an address). @example `await store.listSignInFailures('default');` */
  listSignInFailures(siteId: string): Promise<SignInFailures[]>;

  /**
   * Forgets counts: one key, or with `address` absent every count of the login id (an administrator lifting
   * the throttle).
   *
   * @example `await store.clearSignInFailures('default', { loginId: 'suzuki' });`
   */
  clearSignInFailures(siteId: string, key: { loginId: string; address?: string }): Promise<void>;

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
   * Logs chat turns, in one transaction, in the order given, linking each to its session's previous turn:
   * a typed question within REPHRASE_WINDOW_SECONDS of an answer marks that answer rephrased; a candidate
   * click marks the candidate list picked. Statistics include them at once. A turn id already logged fails
   * the whole call.
   *
   * @example `await store.recordChatTurns('default', [turn]);`
   */
  recordChatTurns(siteId: string, turns: readonly ChatTurn[]): Promise<void>;

  /**
   * Records feedback for a logged turn of this site; false (and nothing stored) when the site has no
   * such turn. A later answer replaces the earlier one in the turn and in statistics.
   *
   * @example `await store.recordFeedback('default', { messageId, resolved: true, comment: null, at });`
   */
  recordFeedback(siteId: string, feedback: ChatFeedback): Promise<boolean>;

  /**
   * Counts one widget event on a day.
   *
   * @example `await store.recordAccess('default', { day: '2026-11-30', event: 'open', channel: 'widget' });`
   */
  recordAccess(siteId: string, access: Omit<AccessCount, 'count'>): Promise<void>;

  /**
   * The counts of a period broken down by one dimension, one row per value (per day for `day`, in day
   * order; other dimensions most turns first). Answers in well under a second for a year of logs.
   *
   * @example `await store.chatCounts('default', 'lang', { from: '2026-11-01', to: '2026-11-30' });`
   */
  chatCounts(siteId: string, dimension: ChatDimension, days: DayRange): Promise<ChatCounts[]>;

  /** Widget events of a period, per day, event and channel. @example `await store.accessCounts('default', days);` */
  accessCounts(siteId: string, days: DayRange): Promise<AccessCount[]>;

  /**
   * Logged turns matching a query, newest first, with the number of all matches.
   *
   * @example `await store.listChatTurns('default', { days, failed: true, limit: 50 });`
   */
  listChatTurns(siteId: string, query: ChatTurnQuery): Promise<{ total: number; turns: LoggedTurn[] }>;

  /**
   * Every logged turn matching a query (as listChatTurns, without paging), oldest first, in batches: for
   * exports of a year of logs.
   *
   * @example `for await (const batch of store.eachChatTurn('default', { days, failed: true })) write(batch);`
   */
  eachChatTurn(siteId: string, query: Omit<ChatTurnQuery, 'limit' | 'offset'>, batchSize?: number): AsyncIterable<LoggedTurn[]>;

  /**
   * Failed questions of a period not yet reviewed, grouped by their exact text, most frequent first.
   *
   * @example `await store.listFailedQuestions('default', days, 500);`
   */
  listFailedQuestions(siteId: string, days: DayRange, limit: number): Promise<FailedQuestion[]>;

  /**
   * Marks questions as dealt with, so they leave the improvement list (a later review of the same text replaces it).
   *
   * @example `await store.reviewQuestions('default', ['マイナカードなくした'], { action: 'alternate', qaId: '1001', actor, at });`
   */
  reviewQuestions(siteId: string, questions: string[], review: QuestionReview): Promise<void>;

  /**
   * Deletes turns, feedback, statistics and widget counts of days before `beforeDay`, question reviews
   * made before it, and model usage and AI answers (issue 7) of days before it; returns how many turns went.
   *
   * @example `await store.purgeChatLog('default', '2023-12-01'); // 1204`
   */
  purgeChatLog(siteId: string, beforeDay: string): Promise<number>;

  /**
   * The QAs answered most often from a day on, most first (ties in id order), for 「よくある質問」.
   *
   * @example `await store.mostAnsweredQas('default', '2026-11-01', 5); // [{ qaId: '1001', count: 31 }, …]`
   */
  mostAnsweredQas(siteId: string, sinceDay: string, limit: number): Promise<{ qaId: string; count: number }[]>;

  /**
   * Logs one model call (issue 7). Purged with the chat log (purgeChatLog).
   *
   * @example `await store.recordModelUsage('default', usage);`
   */
  recordModelUsage(siteId: string, usage: ModelUsage): Promise<void>;

  /**
   * Usage summed per day, endpoint, model and purpose over the days (both ends included), by day then kind,
   * model, purpose. `failures` counts outcomes other than `ok`.
   *
   * @example `await store.modelUsageTotals('default', { from: '2026-11-01', to: '2026-11-30' });`
   */
  modelUsageTotals(siteId: string, days: DayRange): Promise<ModelUsageTotal[]>;

  /**
   * The latest model calls, newest first (by `at`, then the order recorded).
   *
   * @example `await store.listModelUsage('default', 20);`
   */
  listModelUsage(siteId: string, limit: number): Promise<ModelUsage[]>;

  /**
   * Adds drafts to the review queue as `pending`, all or none: an empty id or creator, or an id given twice
   * or already in the queue, fails the whole call with `STORE_INVALID_INPUT`.
   *
   * @example `await store.addQaDrafts('default', [draft]);`
   */
  addQaDrafts(siteId: string, drafts: readonly NewQaDraft[]): Promise<QaDraft[]>;

  /**
   * Drafts, newest first (by createdAt, then by id ascending), with the total matching.
   *
   * @example `await store.listQaDrafts('default', { status: 'pending', limit: 50, offset: 0 });`
   */
  listQaDrafts(siteId: string, query: QaDraftQuery): Promise<{ total: number; drafts: QaDraft[] }>;

  /** @example `await store.getQaDraft('default', 'd8…');` */
  getQaDraft(siteId: string, id: string): Promise<QaDraft | undefined>;

  /**
   * Settles a pending draft. `DRAFT_NOT_FOUND` when absent; `DRAFT_ALREADY_RESOLVED` (with `current`)
   * when someone settled it first.
   *
   * @example `await store.resolveQaDraft('default', 'd8…', { status: 'rejected', actor: 'suzuki', at, qaId: null });`
   */
  resolveQaDraft(siteId: string, id: string, resolution: QaDraftResolution): Promise<QaDraft>;

  /**
   * Stores the latest check of each source page (one row per URL, replaced; of checks of one URL given
   * together, the last counts), in one transaction.
   *
   * @example `await store.saveSourceChecks('default', [check]);`
   */
  saveSourceChecks(siteId: string, checks: readonly SourceCheck[]): Promise<void>;

  /** Every source page's latest check, by URL. @example `await store.listSourceChecks('default');` */
  listSourceChecks(siteId: string): Promise<SourceCheck[]>;

  /**
   * Records that staff confirmed a QA is still right.
   *
   * @example `await store.markQaReviewed('default', { qaId: '1001', actor: 'suzuki', at });`
   */
  markQaReviewed(siteId: string, mark: QaReviewMark): Promise<void>;

  /**
   * The latest confirmation (by `at`) of each QA that has one, in QA id order (natural, as listQas).
   *
   * @example `await store.listQaReviewMarks('default');`
   */
  listQaReviewMarks(siteId: string): Promise<QaReviewMark[]>;

  /**
   * Cached embeddings by key (a hash of the text), for one embedding model. Like the analysis cache, a
   * cache of a pure function of the text, shared by all sites. Missing keys are absent from the result.
   *
   * @example `const vectors = await store.readEmbeddings('text-embedding-3-small', ['9c1e…']);`
   */
  readEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>>;

  /**
   * Adds embeddings (existing keys are left as they are).
   *
   * @example `await store.writeEmbeddings('text-embedding-3-small', new Map([['9c1e…', vector]]));`
   */
  writeEmbeddings(model: string, entries: ReadonlyMap<string, Float32Array>): Promise<void>;

  /**
   * Logs one AI-composed answer attempt for review. Purged with the chat log (purgeChatLog).
   *
   * @example `await store.recordGeneratedAnswer('default', answer);`
   */
  recordGeneratedAnswer(siteId: string, answer: GeneratedAnswer): Promise<void>;

  /**
   * Logged AI answers, newest first (by `at`, then id descending), with the total matching.
   *
   * @example `await store.listGeneratedAnswers('default', { unreviewed: true, limit: 50, offset: 0 });`
   */
  listGeneratedAnswers(siteId: string, query: GeneratedAnswerQuery): Promise<{ total: number; answers: LoggedGeneratedAnswer[] }>;

  /**
   * Records staff's verdict on a logged AI answer (a later verdict replaces it); false when there is no such answer.
   *
   * @example `await store.reviewGeneratedAnswer('default', 'g1…', { verdict: 'bad', actor: 'suzuki', at });`
   */
  reviewGeneratedAnswer(siteId: string, id: string, review: { verdict: 'good' | 'bad'; actor: string; at: string }): Promise<boolean>;

  /**
   * Releases the connection. Further calls fail.
   *
   * @example `await store.close();`
   */
  close(): Promise<void>;
}

/** A committed change to what search indexes are built from: the working set, the published set, or both (facts, synonyms). */
export interface StoreChange {
  siteId: string;
  scope: 'working' | 'published' | 'all';
}

/**
 * What a store shared by several server instances offers (PostgreSQL, R40). SQLite serves one process and
 * offers neither: its process rebuilds its own indexes and counts its own rate limits.
 */
export interface SharedStore {
  /**
   * Calls `onChange` for every change any instance commits (this one's too), and `onReconnect` after the
   * connection was lost and changes may have been missed. Resolves to a function that stops listening.
   *
   * @example `const stop = await store.listenForChanges((c) => refresh(c.scope), () => refresh('all'));`
   */
  listenForChanges(onChange: (change: StoreChange) => void, onReconnect: () => void): Promise<() => Promise<void>>;

  /**
   * Counts one hit on `key` in the fixed window of `windowMs` that contains now, for every instance at once.
   *
   * @example `await store.countHit('POST /api/v1/chat 203.0.113.5', 60_000); // { count: 3, resetInMs: 41200 }`
   */
  countHit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** @example `if (isSharedStore(store)) await store.listenForChanges(…);` */
export function isSharedStore(store: Store): store is Store & SharedStore {
  return 'listenForChanges' in store && 'countHit' in store;
}
