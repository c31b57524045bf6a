/**
 * The Store on one SQLite file (better-sqlite3). Calls are synchronous underneath and wrapped in async
 * methods so callers are written once for SQLite and PostgreSQL.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Qa, QaContent } from '../../qa/model.ts';
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
} from '../authoring-records.ts';
import { contentJson } from '../content.ts';
import { AccountAlreadyExistsError, AccountNotFoundError, AccountVersionConflictError, StoreInputError } from '../errors.ts';
import { compareQaIds } from '../natural-order.ts';
import type {
  AuditEntry,
  AuditQuery,
  ChatFeedback,
  AccessCount,
  ChatCounts,
  ChatDimension,
  ChatTurn,
  ChatTurnQuery,
  DayRange,
  FailedQuestion,
  LoggedTurn,
  QuestionReview,
  DeleteQaOptions,
  EditingPresence,
  NewStaffAccount,
  PublishSummary,
  StaffAccount,
  SignInFailures,
  StaffTotp,
  SignInThrottleKey,
  StaffAccountChange,
  StaffSession,
  StoredFile,
  ImportQasOptions,
  ImportSummary,
  QaFilter,
  QaRevision,
  RevisionAction,
  SaveQaOptions,
  SettingRevision,
  Store,
  SynonymRevision,
} from '../store.ts';
import {
  addedRelatedIds,
  changedAccount,
  deletable,
  importContents,
  importSummary,
  planImport,
  requireActor,
  requireRelated,
  saveAction,
  settingJson,
  storedContent,
  synonymLines,
} from '../write-rules.ts';
import { SqliteAuthoring } from './authoring.ts';
import { SqliteChatLog } from './chat-log.ts';
import { migrate } from './migrate.ts';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';

/** The database file inside the data directory. */
export const SQLITE_FILE_NAME = 'madoguchi.sqlite';

/**
 * Options of {@link openSqliteStore}; tests use them, production needs none.
 *
 * @example `openSqliteStore(dir, { now: () => new Date('2026-04-01T00:00:00Z') })`
 */
export interface SqliteStoreOptions {
  /** Clock for updatedAt, revision times and migration records. */
  now?: () => Date;
  /** Schema steps; defaults to the shipped ones. */
  migrations?: readonly Migration[];
  /** How long a write waits for another process's lock before failing, in ms (default 5000). */
  busyTimeoutMs?: number;
}

interface QaRow {
  site_id: string;
  content: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

interface RevisionRow {
  site_id: string;
  qa_id: string;
  version: number;
  action: RevisionAction;
  actor: string;
  at: string;
  content: string;
}

/**
 * The data directory 0700 and the database files 0600, whatever the umask and however they were made before:
 * they hold password hashes, the chat log and the AI-answer key. SQLite gives the -wal and -shm files it
 * creates later the database file's mode, so this runs before the first write.
 */
function ownerOnly(dataDir: string, file: string): void {
  try {
    chmodSync(dataDir, 0o700);
  } catch (error) {
    // A directory another account owns (a mounted volume) is the operator's to set; the files below are ours.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

/**
 * Opens (creating if missing) `dataDir/madoguchi.sqlite` and applies pending migrations.
 *
 * @throws SchemaTooNewError when the file was migrated by a newer Madoguchi.
 * @example
 * ```ts
 * const store = openSqliteStore('./data');
 * await store.countQas('default');
 * await store.close();
 * ```
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(file);
  try {
    ownerOnly(dataDir, file);
    // WAL lets the chat keep reading while staff write; FULL sync because writes are rare staff edits
    // whose loss would be noticed, and speed does not matter there.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    const now = options.now ?? (() => new Date());
    const result = migrate(db, options.migrations ?? defaultMigrations, () => now().toISOString());
    return new SqliteStore(db, openLogConnection(file, options.busyTimeoutMs), file, result.to, now);
  } catch (error) {
    db.close();
    throw error;
  }
}

/*
 * The chat log gets its own connection with synchronous = NORMAL: one insert per citizen question is the
 * busiest write, and a full sync on each took 0.21 ms of the event loop against 0.04 ms (measured here).
 * In WAL mode NORMAL never corrupts the file; a power cut may lose the last moments of the log, never a
 * staff edit, which keeps FULL on the main connection.
 */
function openLogConnection(file: string, busyTimeoutMs: number | undefined): Database.Database {
  const db = new Database(file);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs ?? 5000))}`);
  return db;
}

/**
 * {@link Store} on SQLite. Create it with {@link openSqliteStore}.
 *
 * @example `const store: SqliteStore = openSqliteStore('./data'); store.file; // './data/madoguchi.sqlite'`
 */
export class SqliteStore implements Store {
  /** Path of the database file. */
  readonly file: string;
  /** The schema version the file is at. */
  readonly schemaVersion: number;
  readonly #db: Database.Database;
  /** The chat log's connection (see openLogConnection). */
  readonly #logDb: Database.Database;
  readonly #chatLog: SqliteChatLog;
  readonly #authoring: SqliteAuthoring;
  readonly #now: () => Date;

  /** Use {@link openSqliteStore}. */
  constructor(db: Database.Database, logDb: Database.Database, file: string, schemaVersion: number, now: () => Date) {
    this.#db = db;
    this.#logDb = logDb;
    this.#chatLog = new SqliteChatLog(db, logDb);
    this.#authoring = new SqliteAuthoring(db, logDb);
    this.file = file;
    this.schemaVersion = schemaVersion;
    this.#now = now;
  }

  async listQas(siteId: string, filter: QaFilter = {}): Promise<Qa[]> {
    const rows =
      filter.status === undefined
        ? this.#db.prepare<[string], QaRow>('SELECT * FROM qas WHERE site_id = ?').all(siteId)
        : this.#db.prepare<[string, string], QaRow>('SELECT * FROM qas WHERE site_id = ? AND status = ?').all(siteId, filter.status);
    return rows.map(rowToQa).sort((a, b) => compareQaIds(a.id, b.id));
  }

  async getQa(siteId: string, id: string): Promise<Qa | undefined> {
    const row = this.#selectQa(siteId, id);
    return row ? rowToQa(row) : undefined;
  }

  async countQas(siteId: string, filter: QaFilter = {}): Promise<number> {
    const row =
      filter.status === undefined
        ? this.#db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM qas WHERE site_id = ?').get(siteId)
        : this.#db
            .prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM qas WHERE site_id = ? AND status = ?')
            .get(siteId, filter.status);
    return row?.n ?? 0;
  }

  async saveQa(siteId: string, content: QaContent, opts: SaveQaOptions): Promise<Qa> {
    const actor = requireActor(opts.actor);
    const stored = storedContent(content);
    // IMMEDIATE takes the write lock before the version check, so check-then-write cannot interleave with
    // another process's save.
    return this.#db
      .transaction((): Qa => {
        const existingRow = this.#selectQa(siteId, stored.id);
        const existing = existingRow ? rowToQa(existingRow) : undefined;
        const action = saveAction(siteId, stored.id, existing, opts.expectedVersion);
        const version = existing ? existing.version + 1 : this.#nextVersion(siteId, stored.id);
        const added = addedRelatedIds(existing, stored);
        requireRelated(stored.id, added, new Set(added.filter((r) => this.#selectQa(siteId, r))));
        const at = this.#now().toISOString();
        this.#writeQa(siteId, stored, version, actor, at);
        this.#writeRevision(siteId, stored, version, action, actor, at);
        return { ...stored, siteId, version, updatedBy: actor, updatedAt: at };
      })
      .immediate();
  }

  async deleteQa(siteId: string, id: string, opts: DeleteQaOptions): Promise<void> {
    const actor = requireActor(opts.actor);
    this.#db
      .transaction(() => {
        const row = this.#selectQa(siteId, id);
        const existing = deletable(siteId, id, row && rowToQa(row), opts.expectedVersion);
        this.#removeQa(siteId, existing, actor, this.#now().toISOString());
      })
      .immediate();
  }

  async importQas(siteId: string, contents: QaContent[], opts: ImportQasOptions): Promise<ImportSummary> {
    const actor = requireActor(opts.actor);
    const incoming = importContents(contents);
    return this.#db
      .transaction((): ImportSummary => {
        const existing = new Map(
          this.#db
            .prepare<[string], QaRow>('SELECT * FROM qas WHERE site_id = ?')
            .all(siteId)
            .map((row) => {
              const qa = rowToQa(row);
              return [qa.id, qa] as const;
            }),
        );
        const plan = planImport(existing, incoming, opts.mode);
        const at = this.#now().toISOString();
        for (const c of plan.creates) {
          const version = this.#nextVersion(siteId, c.id);
          this.#writeQa(siteId, c, version, actor, at);
          this.#writeRevision(siteId, c, version, 'import', actor, at);
        }
        for (const { content: c, version } of plan.updates) {
          this.#writeQa(siteId, c, version, actor, at);
          this.#writeRevision(siteId, c, version, 'import', actor, at);
        }
        for (const qa of plan.deletes) this.#removeQa(siteId, qa, actor, at);
        return importSummary(plan);
      })
      .immediate();
  }

  async listRevisions(siteId: string, qaId: string): Promise<QaRevision[]> {
    return this.#db
      .prepare<[string, string], RevisionRow>('SELECT * FROM qa_revisions WHERE site_id = ? AND qa_id = ? ORDER BY version')
      .all(siteId, qaId)
      .map((r) => ({
        siteId: r.site_id,
        qaId: r.qa_id,
        version: r.version,
        action: r.action,
        actor: r.actor,
        at: r.at,
        content: parseContent(r.content),
      }));
  }

  async getSetting<T>(siteId: string, key: string): Promise<T | undefined> {
    const row = this.#db
      .prepare<[string, string], { value: string }>('SELECT value FROM settings WHERE site_id = ? AND key = ?')
      .get(siteId, key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async setSetting(siteId: string, key: string, value: unknown, actor: string): Promise<void> {
    const who = requireActor(actor);
    if (key.trim() === '') throw new StoreInputError('設定の名前が空です');
    const json = settingJson(value);
    this.#db
      .transaction(() => {
        const at = this.#now().toISOString();
        const revision = this.#nextNumber('SELECT MAX(revision) AS n FROM settings_revisions WHERE site_id = ? AND key = ?', siteId, key);
        this.#db
          .prepare<[string, string, string, string, string]>(
            `INSERT INTO settings (site_id, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (site_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          )
          .run(siteId, key, json, who, at);
        this.#db
          .prepare<[string, string, number, string, string, string]>(
            'INSERT INTO settings_revisions (site_id, key, revision, value, actor, at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(siteId, key, revision, json, who, at);
      })
      .immediate();
  }

  async readAnalysisCache(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const select = this.#db.prepare<[string], { words: string }>('SELECT words FROM analysis_cache WHERE key = ?');
    for (const key of keys) {
      const row = select.get(key);
      if (row) found.set(key, row.words);
    }
    return found;
  }

  async writeAnalysisCache(entries: ReadonlyMap<string, string>): Promise<void> {
    const insert = this.#db.prepare<[string, string]>('INSERT INTO analysis_cache (key, words) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
    this.#db
      .transaction(() => {
        for (const [key, words] of entries) insert.run(key, words);
      })
      .immediate();
  }

  async listSettingRevisions(siteId: string, key: string): Promise<SettingRevision[]> {
    return this.#db
      .prepare<[string, string], { site_id: string; key: string; revision: number; value: string; actor: string; at: string }>(
        'SELECT * FROM settings_revisions WHERE site_id = ? AND key = ? ORDER BY revision',
      )
      .all(siteId, key)
      .map((r) => ({ siteId: r.site_id, key: r.key, revision: r.revision, value: JSON.parse(r.value) as unknown, actor: r.actor, at: r.at }));
  }

  async listSynonymEntries(siteId: string): Promise<string[]> {
    return this.#db
      .prepare<[string], { line: string }>('SELECT line FROM synonym_entries WHERE site_id = ? ORDER BY position')
      .all(siteId)
      .map((r) => r.line);
  }

  async replaceSynonymEntries(siteId: string, lines: string[], actor: string): Promise<void> {
    const who = requireActor(actor);
    const copy = synonymLines(lines);
    this.#db
      .transaction(() => {
        const at = this.#now().toISOString();
        this.#db.prepare<[string]>('DELETE FROM synonym_entries WHERE site_id = ?').run(siteId);
        const insert = this.#db.prepare<[string, number, string]>('INSERT INTO synonym_entries (site_id, position, line) VALUES (?, ?, ?)');
        copy.forEach((line, i) => insert.run(siteId, i, line));
        const revision = this.#nextNumber('SELECT MAX(revision) AS n FROM synonym_revisions WHERE site_id = ?', siteId);
        this.#db
          .prepare<[string, number, string, string, string]>(
            'INSERT INTO synonym_revisions (site_id, revision, lines, actor, at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(siteId, revision, JSON.stringify(copy), who, at);
      })
      .immediate();
  }

  async listSynonymRevisions(siteId: string): Promise<SynonymRevision[]> {
    return this.#db
      .prepare<[string], { site_id: string; revision: number; lines: string; actor: string; at: string }>(
        'SELECT * FROM synonym_revisions WHERE site_id = ? ORDER BY revision',
      )
      .all(siteId)
      .map((r) => ({ siteId: r.site_id, revision: r.revision, lines: JSON.parse(r.lines) as string[], actor: r.actor, at: r.at }));
  }

  async listPublishedQas(siteId: string): Promise<Qa[]> {
    return this.#db
      .prepare<[string], QaRow>('SELECT * FROM published_qas WHERE site_id = ?')
      .all(siteId)
      .map(rowToQa)
      .sort((a, b) => compareQaIds(a.id, b.id));
  }

  async publish(siteId: string, actor: string): Promise<PublishSummary> {
    const who = requireActor(actor);
    return this.#db
      .transaction((): PublishSummary => {
        const live = new Map(
          this.#db
            .prepare<[string], { id: string; content: string }>('SELECT id, content FROM published_qas WHERE site_id = ?')
            .all(siteId)
            .map((r) => [r.id, r.content]),
        );
        const next = this.#db.prepare<[string], QaRow & { id: string }>("SELECT * FROM qas WHERE site_id = ? AND status = 'published'").all(siteId);
        let added = 0;
        let changed = 0;
        for (const row of next) {
          const before = live.get(row.id);
          if (before === undefined) added++;
          else if (before !== row.content) changed++;
          live.delete(row.id);
        }
        const removed = live.size;
        this.#db.prepare<[string]>('DELETE FROM published_qas WHERE site_id = ?').run(siteId);
        this.#db
          .prepare<[string]>(
            `INSERT INTO published_qas (site_id, id, content, version, updated_by, updated_at)
             SELECT site_id, id, content, version, updated_by, updated_at FROM qas WHERE site_id = ? AND status = 'published'`,
          )
          .run(siteId);
        const at = this.#now().toISOString();
        const seq = this.#nextNumber('SELECT MAX(seq) AS n FROM publications WHERE site_id = ?', siteId);
        this.#db
          .prepare<[string, number, string, string, number, number, number]>(
            'INSERT INTO publications (site_id, seq, at, actor, added, changed, removed) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(siteId, seq, at, who, added, changed, removed);
        return { added, changed, removed, at, actor: who };
      })
      .immediate();
  }

  async lastPublication(siteId: string): Promise<PublishSummary | undefined> {
    return this.#db
      .prepare<[string], PublishSummary>('SELECT added, changed, removed, at, actor FROM publications WHERE site_id = ? ORDER BY seq DESC LIMIT 1')
      .get(siteId);
  }

  async createAccount(siteId: string, account: NewStaffAccount): Promise<StaffAccount> {
    const at = this.#now().toISOString();
    return this.#db
      .transaction((): StaffAccount => {
        if (this.#selectAccount(siteId, account.loginId)) throw new AccountAlreadyExistsError(siteId, account.loginId);
        this.#db
          .prepare<[string, string, string, string, string, string, string, string]>(
            `INSERT INTO staff_accounts (site_id, login_id, display_name, role, disabled, password_hash,
               password_changed_at, created_at, updated_at, version)
             VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, 1)`,
          )
          .run(siteId, account.loginId, account.displayName, account.role, account.passwordHash, at, at, at);
        return this.#selectAccount(siteId, account.loginId)!;
      })
      .immediate();
  }

  async getAccount(siteId: string, loginId: string): Promise<StaffAccount | undefined> {
    return this.#selectAccount(siteId, loginId);
  }

  async listAccounts(siteId: string): Promise<StaffAccount[]> {
    return this.#db.prepare<[string], AccountRow>('SELECT * FROM staff_accounts WHERE site_id = ? ORDER BY login_id').all(siteId).map(rowToAccount);
  }

  async updateAccount(siteId: string, loginId: string, change: StaffAccountChange, expectedVersion: number | null): Promise<StaffAccount> {
    return this.#db
      .transaction((): StaffAccount => {
        const current = this.#selectAccount(siteId, loginId);
        if (!current) throw new AccountNotFoundError(siteId, loginId);
        if (expectedVersion !== null && current.version !== expectedVersion) throw new AccountVersionConflictError(current, expectedVersion);
        const at = this.#now().toISOString();
        const next = changedAccount(current, change, at);
        this.#db
          .prepare<[string, string, number, string, string, string, string, string]>(
            `UPDATE staff_accounts SET display_name = ?, role = ?, disabled = ?, password_hash = ?, password_changed_at = ?,
               updated_at = ?, version = version + 1
             WHERE site_id = ? AND login_id = ?`,
          )
          .run(next.displayName, next.role, next.disabled ? 1 : 0, next.passwordHash, next.passwordChangedAt, at, siteId, loginId);
        return this.#selectAccount(siteId, loginId)!;
      })
      .immediate();
  }

  async getTotp(siteId: string, loginId: string): Promise<StaffTotp | undefined> {
    return this.#db
      .prepare<[string, string, string, string], StaffTotp>(
        `SELECT totp_secret AS secret, totp_pending_secret AS pendingSecret, totp_last_step AS lastStep,
           (SELECT COUNT(*) FROM staff_recovery_codes WHERE site_id = ? AND login_id = ?) AS recoveryCodesLeft
         FROM staff_accounts WHERE site_id = ? AND login_id = ?`,
      )
      .get(siteId, loginId, siteId, loginId);
  }

  async setPendingTotp(siteId: string, loginId: string, pendingSecret: string): Promise<void> {
    this.#db.prepare<[string, string, string]>('UPDATE staff_accounts SET totp_pending_secret = ? WHERE site_id = ? AND login_id = ?').run(pendingSecret, siteId, loginId);
  }

  async enableTotp(siteId: string, loginId: string, secret: string, acceptedStep: number, recoveryCodeHashes: string[]): Promise<void> {
    this.#db
      .transaction(() => {
        this.#db
          .prepare<[string, number, string, string]>(
            'UPDATE staff_accounts SET totp_secret = ?, totp_pending_secret = NULL, totp_last_step = ? WHERE site_id = ? AND login_id = ?',
          )
          .run(secret, acceptedStep, siteId, loginId);
        this.#db.prepare<[string, string]>('DELETE FROM staff_recovery_codes WHERE site_id = ? AND login_id = ?').run(siteId, loginId);
        const insert = this.#db.prepare<[string, string, string]>('INSERT INTO staff_recovery_codes (site_id, login_id, code_hash) VALUES (?, ?, ?)');
        for (const hash of recoveryCodeHashes) insert.run(siteId, loginId, hash);
      })
      .immediate();
  }

  async disableTotp(siteId: string, loginId: string): Promise<void> {
    this.#db
      .transaction(() => {
        this.#db
          .prepare<[string, string]>('UPDATE staff_accounts SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE site_id = ? AND login_id = ?')
          .run(siteId, loginId);
        this.#db.prepare<[string, string]>('DELETE FROM staff_recovery_codes WHERE site_id = ? AND login_id = ?').run(siteId, loginId);
      })
      .immediate();
  }

  async acceptTotpStep(siteId: string, loginId: string, step: number): Promise<boolean> {
    const { changes } = this.#db
      .prepare<[number, string, string, number]>(
        'UPDATE staff_accounts SET totp_last_step = ? WHERE site_id = ? AND login_id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
      )
      .run(step, siteId, loginId, step);
    return changes === 1;
  }

  async useRecoveryCode(siteId: string, loginId: string, codeHash: string): Promise<boolean> {
    const { changes } = this.#db
      .prepare<[string, string, string]>('DELETE FROM staff_recovery_codes WHERE site_id = ? AND login_id = ? AND code_hash = ?')
      .run(siteId, loginId, codeHash);
    return changes === 1;
  }

  async recordSignInFailure(siteId: string, keys: SignInThrottleKey[], at: string, forgetBefore: string): Promise<SignInFailures[]> {
    return this.#db
      .transaction((): SignInFailures[] => {
        this.#db.prepare<[string, string]>('DELETE FROM sign_in_failures WHERE site_id = ? AND last_failure_at < ?').run(siteId, forgetBefore);
        const count = this.#db.prepare<[string, string, string, string], SignInFailures>(
          `INSERT INTO sign_in_failures (site_id, login_id, address, failures, last_failure_at) VALUES (?, ?, ?, 1, ?)
           ON CONFLICT (site_id, login_id, address) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at
           RETURNING ${FAILURE_COLUMNS}`,
        );
        return keys.map((key) => count.get(siteId, key.loginId, key.address, at)!);
      })
      .immediate();
  }

  async getSignInFailures(siteId: string, keys: SignInThrottleKey[]): Promise<SignInFailures[]> {
    const select = this.#db.prepare<[string, string, string], SignInFailures>(
      `SELECT ${FAILURE_COLUMNS} FROM sign_in_failures WHERE site_id = ? AND login_id = ? AND address = ?`,
    );
    return keys.flatMap((key) => select.all(siteId, key.loginId, key.address));
  }

  async listSignInFailures(siteId: string): Promise<SignInFailures[]> {
    return this.#db.prepare<[string], SignInFailures>(`SELECT ${FAILURE_COLUMNS} FROM sign_in_failures WHERE site_id = ? AND login_id <> ''`).all(siteId);
  }

  async clearSignInFailures(siteId: string, key: { loginId: string; address?: string }): Promise<void> {
    if (key.address === undefined) {
      this.#db.prepare<[string, string]>('DELETE FROM sign_in_failures WHERE site_id = ? AND login_id = ?').run(siteId, key.loginId);
    } else {
      this.#db.prepare<[string, string, string]>('DELETE FROM sign_in_failures WHERE site_id = ? AND login_id = ? AND address = ?').run(siteId, key.loginId, key.address);
    }
  }

  async createSession(session: StaffSession): Promise<void> {
    this.#db
      .prepare<[string, string, string, string, string, string, string]>(
        'INSERT INTO staff_sessions (id, site_id, login_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(session.id, session.siteId, session.loginId, session.csrfToken, session.createdAt, session.lastSeenAt, session.expiresAt);
  }

  async getSession(id: string): Promise<StaffSession | undefined> {
    return this.#db
      .prepare<[string], StaffSession>(
        `SELECT id, site_id AS siteId, login_id AS loginId, csrf_token AS csrfToken, created_at AS createdAt,
           last_seen_at AS lastSeenAt, expires_at AS expiresAt FROM staff_sessions WHERE id = ?`,
      )
      .get(id);
  }

  async touchSession(id: string, lastSeenAt: string): Promise<void> {
    this.#db.prepare<[string, string]>('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?').run(lastSeenAt, id);
  }

  async deleteSession(id: string): Promise<void> {
    this.#db.prepare<[string]>('DELETE FROM staff_sessions WHERE id = ?').run(id);
  }

  async deleteSessionsOf(siteId: string, loginId: string): Promise<void> {
    this.#db.prepare<[string, string]>('DELETE FROM staff_sessions WHERE site_id = ? AND login_id = ?').run(siteId, loginId);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#db
      .prepare<[string, string, string, string, string, string]>('INSERT INTO audit_log (site_id, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.siteId, entry.at, requireActor(entry.actor), entry.action, entry.target, settingJson(entry.detail));
  }

  async listAudit(siteId: string, query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
    const where = ['site_id = ?'];
    const params: string[] = [siteId];
    const add = (condition: string, ...values: string[]): void => {
      where.push(condition);
      params.push(...values);
    };
    if (query.from !== undefined) add('at >= ?', query.from);
    if (query.to !== undefined) add('at < ?', query.to);
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.action !== undefined) add('action = ?', query.action);
    if (query.text) add('(instr(actor, ?) > 0 OR instr(action, ?) > 0 OR instr(target, ?) > 0 OR instr(detail, ?) > 0)', ...Array<string>(4).fill(query.text));
    const clause = where.join(' AND ');
    const total = this.#db.prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM audit_log WHERE ${clause}`).get(...params)?.n ?? 0;
    const entries = this.#db
      .prepare<(string | number)[], { site_id: string; at: string; actor: string; action: string; target: string; detail: string }>(
        `SELECT site_id, at, actor, action, target, detail FROM audit_log WHERE ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, Math.max(0, Math.min(query.limit ?? 100, 10_000)), Math.max(0, query.offset ?? 0))
      .map((r) => ({ siteId: r.site_id, at: r.at, actor: r.actor, action: r.action, target: r.target, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    return { entries, total };
  }

  async markEditing(siteId: string, loginId: string, qaId: string | null, at: string): Promise<void> {
    if (qaId === null) {
      this.#db.prepare<[string, string]>('DELETE FROM editing_presence WHERE site_id = ? AND login_id = ?').run(siteId, loginId);
      return;
    }
    this.#db
      .prepare<[string, string, string, string]>(
        'INSERT INTO editing_presence (site_id, login_id, qa_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (site_id, login_id) DO UPDATE SET qa_id = excluded.qa_id, at = excluded.at',
      )
      .run(siteId, loginId, qaId, at);
  }

  async listEditing(siteId: string, since: string): Promise<EditingPresence[]> {
    return this.#db
      .prepare<[string, string], EditingPresence>(
        `SELECT p.qa_id AS qaId, p.login_id AS loginId, COALESCE(a.display_name, p.login_id) AS displayName, p.at AS at
         FROM editing_presence p LEFT JOIN staff_accounts a ON a.site_id = p.site_id AND a.login_id = p.login_id
         WHERE p.site_id = ? AND p.at >= ? ORDER BY p.qa_id, p.login_id`,
      )
      .all(siteId, since);
  }

  async saveFile(file: StoredFile, data: Buffer): Promise<void> {
    this.#db
      .prepare<[string, string, string, string, number, string, Buffer, string, string]>(
        'INSERT INTO files (site_id, id, name, type, size, sha256, data, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(file.siteId, file.id, file.name, file.type, file.size, file.sha256, data, requireActor(file.uploadedBy), file.uploadedAt);
  }

  async getFile(siteId: string, id: string): Promise<{ file: StoredFile; data: Buffer } | undefined> {
    const row = this.#db.prepare<[string, string], FileRow & { data: Buffer }>('SELECT * FROM files WHERE site_id = ? AND id = ?').get(siteId, id);
    return row ? { file: rowToFile(row), data: row.data } : undefined;
  }

  async listFiles(siteId: string): Promise<StoredFile[]> {
    return this.#db
      .prepare<[string], FileRow>('SELECT site_id, id, name, type, size, sha256, uploaded_by, uploaded_at FROM files WHERE site_id = ? ORDER BY uploaded_at DESC, id')
      .all(siteId)
      .map(rowToFile);
  }

  async recordChatTurns(siteId: string, turns: readonly ChatTurn[]): Promise<void> {
    this.#chatLog.recordTurns(siteId, turns);
  }

  async recordFeedback(siteId: string, feedback: ChatFeedback): Promise<boolean> {
    return this.#chatLog.recordFeedback(siteId, feedback);
  }

  async recordAccess(siteId: string, access: Omit<AccessCount, 'count'>): Promise<void> {
    this.#chatLog.recordAccess(siteId, access);
  }

  async chatCounts(siteId: string, dimension: ChatDimension, days: DayRange): Promise<ChatCounts[]> {
    return this.#chatLog.counts(siteId, dimension, days);
  }

  async accessCounts(siteId: string, days: DayRange): Promise<AccessCount[]> {
    return this.#chatLog.accessCounts(siteId, days);
  }

  async listChatTurns(siteId: string, query: ChatTurnQuery): Promise<{ total: number; turns: LoggedTurn[] }> {
    return this.#chatLog.listTurns(siteId, query);
  }

  async *eachChatTurn(siteId: string, query: Omit<ChatTurnQuery, 'limit' | 'offset'>, batchSize = 1000): AsyncIterable<LoggedTurn[]> {
    yield* this.#chatLog.eachTurn(siteId, query, batchSize);
  }

  async listFailedQuestions(siteId: string, days: DayRange, limit: number): Promise<FailedQuestion[]> {
    return this.#chatLog.failedQuestions(siteId, days, limit);
  }

  async reviewQuestions(siteId: string, questions: string[], review: QuestionReview): Promise<void> {
    this.#chatLog.reviewQuestions(siteId, questions, review);
  }

  async purgeChatLog(siteId: string, beforeDay: string): Promise<number> {
    const deleted = await this.#chatLog.purge(siteId, beforeDay);
    this.#authoring.purgeBefore(siteId, beforeDay);
    return deleted;
  }

  async mostAnsweredQas(siteId: string, sinceDay: string, limit: number): Promise<{ qaId: string; count: number }[]> {
    return this.#chatLog.mostAnsweredQas(siteId, sinceDay, limit);
  }

  async recordModelUsage(siteId: string, usage: ModelUsage): Promise<void> {
    this.#authoring.recordModelUsage(siteId, usage);
  }

  async modelUsageTotals(siteId: string, days: DayRange): Promise<ModelUsageTotal[]> {
    return this.#authoring.modelUsageTotals(siteId, days);
  }

  async listModelUsage(siteId: string, limit: number): Promise<ModelUsage[]> {
    return this.#authoring.listModelUsage(siteId, limit);
  }

  async addQaDrafts(siteId: string, drafts: readonly NewQaDraft[]): Promise<QaDraft[]> {
    return this.#authoring.addQaDrafts(siteId, drafts);
  }

  async listQaDrafts(siteId: string, query: QaDraftQuery): Promise<{ total: number; drafts: QaDraft[] }> {
    return this.#authoring.listQaDrafts(siteId, query);
  }

  async getQaDraft(siteId: string, id: string): Promise<QaDraft | undefined> {
    return this.#authoring.getQaDraft(siteId, id);
  }

  async resolveQaDraft(siteId: string, id: string, resolution: QaDraftResolution): Promise<QaDraft> {
    return this.#authoring.resolveQaDraft(siteId, id, resolution);
  }

  async saveSourceChecks(siteId: string, checks: readonly SourceCheck[]): Promise<void> {
    this.#authoring.saveSourceChecks(siteId, checks);
  }

  async listSourceChecks(siteId: string): Promise<SourceCheck[]> {
    return this.#authoring.listSourceChecks(siteId);
  }

  async markQaReviewed(siteId: string, mark: QaReviewMark): Promise<void> {
    this.#authoring.markQaReviewed(siteId, mark);
  }

  async listQaReviewMarks(siteId: string): Promise<QaReviewMark[]> {
    return this.#authoring.listQaReviewMarks(siteId);
  }

  async readEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>> {
    return this.#authoring.readEmbeddings(model, keys);
  }

  async writeEmbeddings(model: string, entries: ReadonlyMap<string, Float32Array>): Promise<void> {
    this.#authoring.writeEmbeddings(model, entries);
  }

  async recordGeneratedAnswer(siteId: string, answer: GeneratedAnswer): Promise<void> {
    this.#authoring.recordGeneratedAnswer(siteId, answer);
  }

  async listGeneratedAnswers(siteId: string, query: GeneratedAnswerQuery): Promise<{ total: number; answers: LoggedGeneratedAnswer[] }> {
    return this.#authoring.listGeneratedAnswers(siteId, query);
  }

  async reviewGeneratedAnswer(siteId: string, id: string, review: { verdict: 'good' | 'bad'; actor: string; at: string }): Promise<boolean> {
    return this.#authoring.reviewGeneratedAnswer(siteId, id, review);
  }

  async close(): Promise<void> {
    if (this.#logDb.open) this.#logDb.close();
    if (this.#db.open) this.#db.close();
  }

  #selectAccount(siteId: string, loginId: string): StaffAccount | undefined {
    const row = this.#db.prepare<[string, string], AccountRow>('SELECT * FROM staff_accounts WHERE site_id = ? AND login_id = ?').get(siteId, loginId);
    return row ? rowToAccount(row) : undefined;
  }

  #selectQa(siteId: string, id: string): QaRow | undefined {
    return this.#db.prepare<[string, string], QaRow>('SELECT * FROM qas WHERE site_id = ? AND id = ?').get(siteId, id);
  }

  // Continues after the highest revision, so a QA re-created after deletion never reuses a version.
  #nextVersion(siteId: string, id: string): number {
    return this.#nextNumber('SELECT MAX(version) AS n FROM qa_revisions WHERE site_id = ? AND qa_id = ?', siteId, id);
  }

  #nextNumber(sql: string, ...params: string[]): number {
    const row = this.#db.prepare<string[], { n: number | null }>(sql).get(...params);
    return (row?.n ?? 0) + 1;
  }

  // The only place qas rows are written, so the copied columns always match the JSON.
  #writeQa(siteId: string, c: QaContent, version: number, actor: string, at: string): void {
    this.#db
      .prepare<[string, string, string, string, string, string, string, number, string, string]>(
        `INSERT INTO qas (site_id, id, content, status, category1, category2, department, version, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (site_id, id) DO UPDATE SET
           content = excluded.content, status = excluded.status, category1 = excluded.category1,
           category2 = excluded.category2, department = excluded.department, version = excluded.version,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(siteId, c.id, contentJson(c), c.status, c.category1, c.category2, c.department, version, actor, at);
  }

  #writeRevision(siteId: string, c: QaContent, version: number, action: RevisionAction, actor: string, at: string): void {
    this.#db
      .prepare<[string, string, number, string, string, string, string]>(
        'INSERT INTO qa_revisions (site_id, qa_id, version, action, actor, at, content) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(siteId, c.id, version, action, actor, at, contentJson(c));
  }

  #removeQa(siteId: string, qa: Qa, actor: string, at: string): void {
    this.#db.prepare<[string, string]>('DELETE FROM qas WHERE site_id = ? AND id = ?').run(siteId, qa.id);
    this.#writeRevision(siteId, qa, qa.version + 1, 'delete', actor, at);
  }
}

interface FileRow {
  site_id: string;
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

function rowToFile(r: FileRow): StoredFile {
  return { siteId: r.site_id, id: r.id, name: r.name, type: r.type, size: r.size, sha256: r.sha256, uploadedBy: r.uploaded_by, uploadedAt: r.uploaded_at };
}

/** A throttle count's columns under SignInFailures' names. */
const FAILURE_COLUMNS = 'login_id AS loginId, address, failures, last_failure_at AS lastFailureAt';

interface AccountRow {
  site_id: string;
  login_id: string;
  display_name: string;
  role: StaffAccount['role'];
  disabled: number;
  password_hash: string;
  totp_secret: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
  version: number;
}

function rowToAccount(r: AccountRow): StaffAccount {
  return {
    siteId: r.site_id,
    loginId: r.login_id,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled === 1,
    passwordHash: r.password_hash,
    totpEnabled: r.totp_secret !== null,
    passwordChangedAt: r.password_changed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function rowToQa(row: QaRow): Qa {
  return { ...parseContent(row.content), siteId: row.site_id, version: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at };
}

// The JSON was written by contentJson, so its shape is known.
function parseContent(json: string): QaContent {
  return JSON.parse(json) as QaContent;
}
