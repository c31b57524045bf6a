/**
 * The Store on PostgreSQL (node-postgres pool), for several app instances sharing one database. Each write
 * that SQLite runs in an IMMEDIATE transaction runs here in a transaction whose first reads lock what it
 * checks (SELECT … FOR UPDATE, or a named lock for rows that do not exist yet), so two instances cannot both
 * pass the same version check and a failure leaves nothing half-written.
 */
import type { Pool, PoolClient } from 'pg';
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
import { toStoredContent } from '../content.ts';
import { AccountAlreadyExistsError, AccountNotFoundError, AccountVersionConflictError, QaAlreadyExistsError, StoreInputError } from '../errors.ts';
import { compareQaIds } from '../natural-order.ts';
import type {
  AuditEntry,
  AuditQuery,
  DayRange,
  DeleteQaOptions,
  EditingPresence,
  ImportQasOptions,
  ImportSummary,
  NewStaffAccount,
  PublishSummary,
  QaFilter,
  QaRevision,
  RevisionAction,
  SaveQaOptions,
  SettingRevision,
  StaffAccount,
  SignInFailures,
  StaffTotp,
  SignInThrottleKey,
  StaffAccountChange,
  StaffSession,
  SharedStore,
  Store,
  StoreChange,
  StoredFile,
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
import { PostgresAuthoring } from './authoring.ts';
import { PostgresChatLog } from './chat-log.ts';
import { createPool, inTransaction, lockUntilCommit, type PoolOptions } from './database.ts';
import { migrate } from './migrate.ts';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';
import { listenForChanges, SharedHitCounter } from './shared.ts';

/**
 * Options of {@link openPostgresStore}; production needs none.
 *
 * @example `openPostgresStore(url, { schema: 'test_1a2b', now: () => new Date('2026-04-01T00:00:00Z') })`
 */
export interface PostgresStoreOptions extends PoolOptions {
  /** Clock for updatedAt, revision times and migration records. */
  now?: () => Date;
  /** Schema steps; defaults to the shipped ones. */
  migrations?: readonly Migration[];
}

/**
 * Connects to `url` (a postgres:// URL, usually DATABASE_URL) and applies pending migrations.
 *
 * @throws SchemaTooNewError when the schema was migrated by a newer Madoguchi.
 * @example
 * ```ts
 * const store = await openPostgresStore(process.env.DATABASE_URL!);
 * await store.countQas('default');
 * await store.close();
 * ```
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const pool = createPool(url, options);
  try {
    const now = options.now ?? (() => new Date());
    const result = await migrate(pool, options.migrations ?? defaultMigrations, () => now().toISOString());
    return new PostgresStore(pool, result.to, now);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

interface QaRow {
  site_id: string;
  id: string;
  content: QaContent;
  version: number;
  updated_by: string;
  updated_at: string;
}

/** A QA to write with the version it gets. */
interface VersionedContent {
  content: QaContent;
  version: number;
}

/** The rows `w(c, v)` of a JSON array of contents beside an array of versions (parameters $2 and $3). */
const WRITTEN = 'ROWS FROM (jsonb_array_elements($2::jsonb), unnest($3::integer[])) AS w(c, v)';

/**
 * {@link Store} on PostgreSQL: the chat log's methods from {@link PostgresChatLog}, the rest here. Create it
 * with {@link openPostgresStore}.
 *
 * @example `const store = await openPostgresStore(url); store.schemaVersion; // 1`
 */
export class PostgresStore extends PostgresChatLog implements Store, SharedStore {
  /** The schema version the database is at. */
  readonly schemaVersion: number;
  readonly #pool: Pool;
  readonly #now: () => Date;
  readonly #hits: SharedHitCounter;
  readonly #authoring: PostgresAuthoring;

  /** Use {@link openPostgresStore}. */
  constructor(pool: Pool, schemaVersion: number, now: () => Date) {
    super(pool);
    this.#pool = pool;
    this.schemaVersion = schemaVersion;
    this.#now = now;
    this.#hits = new SharedHitCounter(pool, () => now().getTime());
    this.#authoring = new PostgresAuthoring(pool);
  }

  listenForChanges(onChange: (change: StoreChange) => void, onReconnect: () => void): Promise<() => Promise<void>> {
    return listenForChanges(this.#pool, onChange, onReconnect);
  }

  countHit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    return this.#hits.hit(key, windowMs);
  }

  async listQas(siteId: string, filter: QaFilter = {}): Promise<Qa[]> {
    const { rows } =
      filter.status === undefined
        ? await this.#pool.query<QaRow>('SELECT * FROM qas WHERE site_id = $1', [siteId])
        : await this.#pool.query<QaRow>('SELECT * FROM qas WHERE site_id = $1 AND status = $2', [siteId, filter.status]);
    return rows.map(rowToQa).sort((a, b) => compareQaIds(a.id, b.id));
  }

  async getQa(siteId: string, id: string): Promise<Qa | undefined> {
    return selectQa(this.#pool, siteId, id);
  }

  async countQas(siteId: string, filter: QaFilter = {}): Promise<number> {
    const { rows } =
      filter.status === undefined
        ? await this.#pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM qas WHERE site_id = $1', [siteId])
        : await this.#pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM qas WHERE site_id = $1 AND status = $2', [siteId, filter.status]);
    return rows[0]?.n ?? 0;
  }

  async saveQa(siteId: string, content: QaContent, opts: SaveQaOptions): Promise<Qa> {
    const actor = requireActor(opts.actor);
    const stored = storedContent(content);
    return inTransaction(this.#pool, async (db) => {
      const existing = await selectQa(db, siteId, stored.id, 'FOR UPDATE');
      const action = saveAction(siteId, stored.id, existing, opts.expectedVersion);
      const added = addedRelatedIds(existing, stored);
      // FOR SHARE: a related QA cannot be deleted until this save is committed.
      const { rows } = await db.query<{ id: string }>('SELECT id FROM qas WHERE site_id = $1 AND id = ANY($2::text[]) FOR SHARE', [siteId, added]);
      requireRelated(stored.id, added, new Set(rows.map((r) => r.id)));
      const at = this.#now().toISOString();
      const version = existing ? existing.version + 1 : (await nextVersions(db, siteId, [stored.id])).get(stored.id) ?? 1;
      const written = [{ content: stored, version }];
      if (action === 'create') await insertQas(db, siteId, written, actor, at);
      else await updateQas(db, siteId, written, actor, at);
      await insertRevisions(db, siteId, written, action, actor, at);
      return { ...stored, siteId, version, updatedBy: actor, updatedAt: at };
    });
  }

  async deleteQa(siteId: string, id: string, opts: DeleteQaOptions): Promise<void> {
    const actor = requireActor(opts.actor);
    await inTransaction(this.#pool, async (db) => {
      const qa = deletable(siteId, id, await selectQa(db, siteId, id, 'FOR UPDATE'), opts.expectedVersion);
      await removeQas(db, siteId, [qa], actor, this.#now().toISOString());
    });
  }

  async importQas(siteId: string, contents: QaContent[], opts: ImportQasOptions): Promise<ImportSummary> {
    const actor = requireActor(opts.actor);
    const incoming = importContents(contents);
    return inTransaction(this.#pool, async (db) => {
      // Every QA of the site locked (in key order, as every import locks them): the plan holds until commit.
      const { rows } = await db.query<QaRow>('SELECT * FROM qas WHERE site_id = $1 ORDER BY id FOR UPDATE', [siteId]);
      const plan = planImport(new Map(rows.map((r) => [r.id, rowToQa(r)])), incoming, opts.mode);
      const at = this.#now().toISOString();
      const versions = await nextVersions(
        db,
        siteId,
        plan.creates.map((c) => c.id),
      );
      const creates = plan.creates.map((content) => ({ content, version: versions.get(content.id) ?? 1 }));
      await insertQas(db, siteId, creates, actor, at);
      await updateQas(db, siteId, plan.updates, actor, at);
      await insertRevisions(db, siteId, [...creates, ...plan.updates], 'import', actor, at);
      await removeQas(db, siteId, plan.deletes, actor, at);
      return importSummary(plan);
    });
  }

  async listRevisions(siteId: string, qaId: string): Promise<QaRevision[]> {
    const { rows } = await this.#pool.query<{ version: number; action: RevisionAction; actor: string; at: string; content: QaContent }>(
      'SELECT version, action, actor, at, content FROM qa_revisions WHERE site_id = $1 AND qa_id = $2 ORDER BY version',
      [siteId, qaId],
    );
    return rows.map((r) => ({ siteId, qaId, version: r.version, action: r.action, actor: r.actor, at: r.at, content: toStoredContent(r.content) }));
  }

  async getSetting<T>(siteId: string, key: string): Promise<T | undefined> {
    const { rows } = await this.#pool.query<{ value: T }>('SELECT value FROM settings WHERE site_id = $1 AND key = $2', [siteId, key]);
    return rows[0]?.value;
  }

  async setSetting(siteId: string, key: string, value: unknown, actor: string): Promise<void> {
    const who = requireActor(actor);
    if (key.trim() === '') throw new StoreInputError('設定の名前が空です');
    const json = settingJson(value);
    await inTransaction(this.#pool, async (db) => {
      const at = this.#now().toISOString();
      // The upsert locks the setting's row first, so a concurrent change of the same key numbers its revision after this one.
      await db.query(
        `INSERT INTO settings (site_id, key, value, updated_by, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (site_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [siteId, key, json, who, at],
      );
      await db.query(
        `INSERT INTO settings_revisions (site_id, key, revision, value, actor, at)
         SELECT $1, $2, COALESCE(MAX(revision), 0) + 1, $3::jsonb, $4, $5 FROM settings_revisions WHERE site_id = $1 AND key = $2`,
        [siteId, key, json, who, at],
      );
    });
  }

  async listSettingRevisions(siteId: string, key: string): Promise<SettingRevision[]> {
    const { rows } = await this.#pool.query<SettingRevision>(
      'SELECT site_id AS "siteId", key, revision, value, actor, at FROM settings_revisions WHERE site_id = $1 AND key = $2 ORDER BY revision',
      [siteId, key],
    );
    return rows;
  }

  async listSynonymEntries(siteId: string): Promise<string[]> {
    const { rows } = await this.#pool.query<{ line: string }>('SELECT line FROM synonym_entries WHERE site_id = $1 ORDER BY position', [siteId]);
    return rows.map((r) => r.line);
  }

  async replaceSynonymEntries(siteId: string, lines: string[], actor: string): Promise<void> {
    const who = requireActor(actor);
    const copy = synonymLines(lines);
    await inTransaction(this.#pool, async (db) => {
      await lockUntilCommit(db, `synonyms:${siteId}`);
      const at = this.#now().toISOString();
      await db.query('DELETE FROM synonym_entries WHERE site_id = $1', [siteId]);
      await db.query('INSERT INTO synonym_entries (site_id, position, line) SELECT $1, n - 1, line FROM unnest($2::text[]) WITH ORDINALITY AS l(line, n)', [siteId, copy]);
      await db.query(
        `INSERT INTO synonym_revisions (site_id, revision, lines, actor, at)
         SELECT $1, COALESCE(MAX(revision), 0) + 1, $2::jsonb, $3, $4 FROM synonym_revisions WHERE site_id = $1`,
        [siteId, JSON.stringify(copy), who, at],
      );
    });
  }

  async listSynonymRevisions(siteId: string): Promise<SynonymRevision[]> {
    const { rows } = await this.#pool.query<SynonymRevision>(
      'SELECT site_id AS "siteId", revision, lines, actor, at FROM synonym_revisions WHERE site_id = $1 ORDER BY revision',
      [siteId],
    );
    return rows;
  }

  async readAnalysisCache(keys: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.#pool.query<{ key: string; words: string }>('SELECT key, words FROM analysis_cache WHERE key = ANY($1::text[])', [keys]);
    return new Map(rows.map((r) => [r.key, r.words]));
  }

  async writeAnalysisCache(entries: ReadonlyMap<string, string>): Promise<void> {
    // In key order, so two instances caching overlapping texts at once take their row locks in the same order.
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await this.#pool.query('INSERT INTO analysis_cache (key, words) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO NOTHING', [
      sorted.map(([key]) => key),
      sorted.map(([, words]) => words),
    ]);
  }

  async listPublishedQas(siteId: string): Promise<Qa[]> {
    const { rows } = await this.#pool.query<QaRow>('SELECT * FROM published_qas WHERE site_id = $1', [siteId]);
    return rows.map(rowToQa).sort((a, b) => compareQaIds(a.id, b.id));
  }

  async publish(siteId: string, actor: string): Promise<PublishSummary> {
    const who = requireActor(actor);
    return inTransaction(this.#pool, async (db) => {
      await lockUntilCommit(db, `publish:${siteId}`);
      // FOR SHARE: the QAs being published cannot change until the copy below is committed.
      const { rows: next } = await db.query<{ id: string; added: boolean; changed: boolean }>(
        `SELECT q.id, p.id IS NULL AS added, p.content <> q.content AS changed
         FROM qas q LEFT JOIN published_qas p ON p.site_id = q.site_id AND p.id = q.id
         WHERE q.site_id = $1 AND q.status = 'published' FOR SHARE OF q`,
        [siteId],
      );
      const ids = next.map((r) => r.id);
      const published = new Set(ids);
      const { rows: before } = await db.query<{ id: string }>('DELETE FROM published_qas WHERE site_id = $1 RETURNING id', [siteId]);
      await db.query(
        `INSERT INTO published_qas (site_id, id, content, version, updated_by, updated_at)
         SELECT site_id, id, content, version, updated_by, updated_at FROM qas WHERE site_id = $1 AND id = ANY($2::text[])`,
        [siteId, ids],
      );
      const summary: PublishSummary = {
        added: next.filter((r) => r.added).length,
        changed: next.filter((r) => r.changed).length,
        removed: before.filter((r) => !published.has(r.id)).length,
        at: this.#now().toISOString(),
        actor: who,
      };
      await db.query(
        `INSERT INTO publications (site_id, seq, at, actor, added, changed, removed)
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM publications WHERE site_id = $1`,
        [siteId, summary.at, who, summary.added, summary.changed, summary.removed],
      );
      return summary;
    });
  }

  async lastPublication(siteId: string): Promise<PublishSummary | undefined> {
    const { rows } = await this.#pool.query<PublishSummary>(
      'SELECT added, changed, removed, at, actor FROM publications WHERE site_id = $1 ORDER BY seq DESC LIMIT 1',
      [siteId],
    );
    return rows[0];
  }

  async createAccount(siteId: string, account: NewStaffAccount): Promise<StaffAccount> {
    const at = this.#now().toISOString();
    const { rows } = await this.#pool.query<StaffAccount>(
      `INSERT INTO staff_accounts (site_id, login_id, display_name, role, disabled, password_hash,
         password_changed_at, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, false, $5, $6, $6, $6, 1)
       ON CONFLICT (site_id, login_id) DO NOTHING RETURNING ${ACCOUNT_COLUMNS}`,
      [siteId, account.loginId, account.displayName, account.role, account.passwordHash, at],
    );
    const created = rows[0];
    if (!created) throw new AccountAlreadyExistsError(siteId, account.loginId);
    return created;
  }

  async getAccount(siteId: string, loginId: string): Promise<StaffAccount | undefined> {
    return selectAccount(this.#pool, siteId, loginId);
  }

  async listAccounts(siteId: string): Promise<StaffAccount[]> {
    const { rows } = await this.#pool.query<StaffAccount>(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE site_id = $1 ORDER BY login_id`, [siteId]);
    return rows;
  }

  async updateAccount(siteId: string, loginId: string, change: StaffAccountChange, expectedVersion: number | null): Promise<StaffAccount> {
    return inTransaction(this.#pool, async (db) => {
      const current = await selectAccount(db, siteId, loginId, 'FOR UPDATE');
      if (!current) throw new AccountNotFoundError(siteId, loginId);
      if (expectedVersion !== null && current.version !== expectedVersion) throw new AccountVersionConflictError(current, expectedVersion);
      const at = this.#now().toISOString();
      const next = changedAccount(current, change, at);
      const { rows } = await db.query<StaffAccount>(
        `UPDATE staff_accounts SET display_name = $1, role = $2, disabled = $3, password_hash = $4, password_changed_at = $5,
           updated_at = $6, version = version + 1
         WHERE site_id = $7 AND login_id = $8 RETURNING ${ACCOUNT_COLUMNS}`,
        [next.displayName, next.role, next.disabled, next.passwordHash, next.passwordChangedAt, at, siteId, loginId],
      );
      return rows[0]!;
    });
  }

  async getTotp(siteId: string, loginId: string): Promise<StaffTotp | undefined> {
    const { rows } = await this.#pool.query<StaffTotp>(
      `SELECT totp_secret AS secret, totp_pending_secret AS "pendingSecret", totp_last_step::float8 AS "lastStep",
         (SELECT COUNT(*)::int FROM staff_recovery_codes c WHERE c.site_id = a.site_id AND c.login_id = a.login_id) AS "recoveryCodesLeft"
       FROM staff_accounts a WHERE site_id = $1 AND login_id = $2`,
      [siteId, loginId],
    );
    return rows[0];
  }

  async setPendingTotp(siteId: string, loginId: string, pendingSecret: string): Promise<void> {
    await this.#pool.query('UPDATE staff_accounts SET totp_pending_secret = $1 WHERE site_id = $2 AND login_id = $3', [pendingSecret, siteId, loginId]);
  }

  async enableTotp(siteId: string, loginId: string, secret: string, acceptedStep: number, recoveryCodeHashes: string[]): Promise<void> {
    await inTransaction(this.#pool, async (db) => {
      await db.query('UPDATE staff_accounts SET totp_secret = $1, totp_pending_secret = NULL, totp_last_step = $2 WHERE site_id = $3 AND login_id = $4', [
        secret,
        acceptedStep,
        siteId,
        loginId,
      ]);
      await db.query('DELETE FROM staff_recovery_codes WHERE site_id = $1 AND login_id = $2', [siteId, loginId]);
      await db.query('INSERT INTO staff_recovery_codes (site_id, login_id, code_hash) SELECT $1, $2, unnest($3::text[])', [siteId, loginId, recoveryCodeHashes]);
    });
  }

  async disableTotp(siteId: string, loginId: string): Promise<void> {
    await inTransaction(this.#pool, async (db) => {
      await db.query('UPDATE staff_accounts SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE site_id = $1 AND login_id = $2', [siteId, loginId]);
      await db.query('DELETE FROM staff_recovery_codes WHERE site_id = $1 AND login_id = $2', [siteId, loginId]);
    });
  }

  async acceptTotpStep(siteId: string, loginId: string, step: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'UPDATE staff_accounts SET totp_last_step = $1 WHERE site_id = $2 AND login_id = $3 AND (totp_last_step IS NULL OR totp_last_step < $1)',
      [step, siteId, loginId],
    );
    return rowCount === 1;
  }

  async useRecoveryCode(siteId: string, loginId: string, codeHash: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('DELETE FROM staff_recovery_codes WHERE site_id = $1 AND login_id = $2 AND code_hash = $3', [siteId, loginId, codeHash]);
    return rowCount === 1;
  }

  async recordSignInFailure(siteId: string, keys: SignInThrottleKey[], at: string, forgetBefore: string): Promise<SignInFailures[]> {
    return inTransaction(this.#pool, async (db) => {
      await db.query('DELETE FROM sign_in_failures WHERE site_id = $1 AND last_failure_at < $2', [siteId, forgetBefore]);
      const counts: SignInFailures[] = [];
      for (const key of keys) {
        const { rows } = await db.query<SignInFailures>(
          `INSERT INTO sign_in_failures (site_id, login_id, address, failures, last_failure_at) VALUES ($1, $2, $3, 1, $4)
           ON CONFLICT (site_id, login_id, address) DO UPDATE SET failures = sign_in_failures.failures + 1, last_failure_at = excluded.last_failure_at
           RETURNING ${FAILURE_COLUMNS}`,
          [siteId, key.loginId, key.address, at],
        );
        counts.push(rows[0]!);
      }
      return counts;
    });
  }

  async getSignInFailures(siteId: string, keys: SignInThrottleKey[]): Promise<SignInFailures[]> {
    const { rows } = await this.#pool.query<SignInFailures>(
      `SELECT ${FAILURE_COLUMNS} FROM sign_in_failures
       WHERE site_id = $1 AND (login_id, address) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [siteId, keys.map((k) => k.loginId), keys.map((k) => k.address)],
    );
    return rows;
  }

  async listSignInFailures(siteId: string): Promise<SignInFailures[]> {
    const { rows } = await this.#pool.query<SignInFailures>(`SELECT ${FAILURE_COLUMNS} FROM sign_in_failures WHERE site_id = $1 AND login_id <> ''`, [siteId]);
    return rows;
  }

  async clearSignInFailures(siteId: string, key: { loginId: string; address?: string }): Promise<void> {
    if (key.address === undefined) {
      await this.#pool.query('DELETE FROM sign_in_failures WHERE site_id = $1 AND login_id = $2', [siteId, key.loginId]);
    } else {
      await this.#pool.query('DELETE FROM sign_in_failures WHERE site_id = $1 AND login_id = $2 AND address = $3', [siteId, key.loginId, key.address]);
    }
  }

  async createSession(session: StaffSession): Promise<void> {
    await this.#pool.query(
      'INSERT INTO staff_sessions (id, site_id, login_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [session.id, session.siteId, session.loginId, session.csrfToken, session.createdAt, session.lastSeenAt, session.expiresAt],
    );
  }

  async getSession(id: string): Promise<StaffSession | undefined> {
    const { rows } = await this.#pool.query<StaffSession>(
      `SELECT id, site_id AS "siteId", login_id AS "loginId", csrf_token AS "csrfToken", created_at AS "createdAt",
         last_seen_at AS "lastSeenAt", expires_at AS "expiresAt" FROM staff_sessions WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async touchSession(id: string, lastSeenAt: string): Promise<void> {
    await this.#pool.query('UPDATE staff_sessions SET last_seen_at = $1 WHERE id = $2', [lastSeenAt, id]);
  }

  async deleteSession(id: string): Promise<void> {
    await this.#pool.query('DELETE FROM staff_sessions WHERE id = $1', [id]);
  }

  async deleteSessionsOf(siteId: string, loginId: string): Promise<void> {
    await this.#pool.query('DELETE FROM staff_sessions WHERE site_id = $1 AND login_id = $2', [siteId, loginId]);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.#pool.query('INSERT INTO audit_log (site_id, at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)', [
      entry.siteId,
      entry.at,
      requireActor(entry.actor),
      entry.action,
      entry.target,
      settingJson(entry.detail),
    ]);
  }

  async listAudit(siteId: string, query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
    const params: unknown[] = [siteId];
    const where = ['site_id = $1'];
    const add = (condition: (n: string) => string, value: string): void => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (query.from !== undefined) add((n) => `at >= ${n}`, query.from);
    if (query.to !== undefined) add((n) => `at < ${n}`, query.to);
    if (query.actor !== undefined) add((n) => `actor = ${n}`, query.actor);
    if (query.action !== undefined) add((n) => `action = ${n}`, query.action);
    if (query.text) add((n) => `(strpos(actor, ${n}) > 0 OR strpos(action, ${n}) > 0 OR strpos(target, ${n}) > 0 OR strpos(detail::text, ${n}) > 0)`, query.text);
    const clause = where.join(' AND ');
    const limit = Math.max(0, Math.min(query.limit ?? 100, 10_000));
    const offset = Math.max(0, query.offset ?? 0);
    const [count, page] = await Promise.all([
      this.#pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log WHERE ${clause}`, params),
      this.#pool.query<AuditEntry>(
        `SELECT site_id AS "siteId", at, actor, action, target, detail FROM audit_log WHERE ${clause}
         ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
    ]);
    return { entries: page.rows, total: count.rows[0]?.n ?? 0 };
  }

  async markEditing(siteId: string, loginId: string, qaId: string | null, at: string): Promise<void> {
    if (qaId === null) {
      await this.#pool.query('DELETE FROM editing_presence WHERE site_id = $1 AND login_id = $2', [siteId, loginId]);
      return;
    }
    await this.#pool.query(
      `INSERT INTO editing_presence (site_id, login_id, qa_id, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id, login_id) DO UPDATE SET qa_id = excluded.qa_id, at = excluded.at`,
      [siteId, loginId, qaId, at],
    );
  }

  async listEditing(siteId: string, since: string): Promise<EditingPresence[]> {
    const { rows } = await this.#pool.query<EditingPresence>(
      `SELECT p.qa_id AS "qaId", p.login_id AS "loginId", COALESCE(a.display_name, p.login_id) AS "displayName", p.at AS at
       FROM editing_presence p LEFT JOIN staff_accounts a ON a.site_id = p.site_id AND a.login_id = p.login_id
       WHERE p.site_id = $1 AND p.at >= $2 ORDER BY p.qa_id, p.login_id`,
      [siteId, since],
    );
    return rows;
  }

  async saveFile(file: StoredFile, data: Buffer): Promise<void> {
    await this.#pool.query(
      'INSERT INTO files (site_id, id, name, type, size, sha256, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [file.siteId, file.id, file.name, file.type, file.size, file.sha256, data, requireActor(file.uploadedBy), file.uploadedAt],
    );
  }

  async getFile(siteId: string, id: string): Promise<{ file: StoredFile; data: Buffer } | undefined> {
    const { rows } = await this.#pool.query<StoredFile & { data: Buffer }>(`SELECT ${FILE_COLUMNS}, data FROM files WHERE site_id = $1 AND id = $2`, [siteId, id]);
    const row = rows[0];
    if (!row) return undefined;
    const { data, ...file } = row;
    return { file, data };
  }

  async listFiles(siteId: string): Promise<StoredFile[]> {
    const { rows } = await this.#pool.query<StoredFile>(`SELECT ${FILE_COLUMNS} FROM files WHERE site_id = $1 ORDER BY uploaded_at DESC, id`, [siteId]);
    return rows;
  }

  override async purgeChatLog(siteId: string, beforeDay: string): Promise<number> {
    const deleted = await super.purgeChatLog(siteId, beforeDay);
    await this.#authoring.purgeBefore(siteId, beforeDay);
    return deleted;
  }

  recordModelUsage(siteId: string, usage: ModelUsage): Promise<void> {
    return this.#authoring.recordModelUsage(siteId, usage);
  }

  modelUsageTotals(siteId: string, days: DayRange): Promise<ModelUsageTotal[]> {
    return this.#authoring.modelUsageTotals(siteId, days);
  }

  listModelUsage(siteId: string, limit: number): Promise<ModelUsage[]> {
    return this.#authoring.listModelUsage(siteId, limit);
  }

  addQaDrafts(siteId: string, drafts: readonly NewQaDraft[]): Promise<QaDraft[]> {
    return this.#authoring.addQaDrafts(siteId, drafts);
  }

  listQaDrafts(siteId: string, query: QaDraftQuery): Promise<{ total: number; drafts: QaDraft[] }> {
    return this.#authoring.listQaDrafts(siteId, query);
  }

  getQaDraft(siteId: string, id: string): Promise<QaDraft | undefined> {
    return this.#authoring.getQaDraft(siteId, id);
  }

  resolveQaDraft(siteId: string, id: string, resolution: QaDraftResolution): Promise<QaDraft> {
    return this.#authoring.resolveQaDraft(siteId, id, resolution);
  }

  saveSourceChecks(siteId: string, checks: readonly SourceCheck[]): Promise<void> {
    return this.#authoring.saveSourceChecks(siteId, checks);
  }

  listSourceChecks(siteId: string): Promise<SourceCheck[]> {
    return this.#authoring.listSourceChecks(siteId);
  }

  markQaReviewed(siteId: string, mark: QaReviewMark): Promise<void> {
    return this.#authoring.markQaReviewed(siteId, mark);
  }

  listQaReviewMarks(siteId: string): Promise<QaReviewMark[]> {
    return this.#authoring.listQaReviewMarks(siteId);
  }

  readEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>> {
    return this.#authoring.readEmbeddings(model, keys);
  }

  writeEmbeddings(model: string, entries: ReadonlyMap<string, Float32Array>): Promise<void> {
    return this.#authoring.writeEmbeddings(model, entries);
  }

  recordGeneratedAnswer(siteId: string, answer: GeneratedAnswer): Promise<void> {
    return this.#authoring.recordGeneratedAnswer(siteId, answer);
  }

  listGeneratedAnswers(siteId: string, query: GeneratedAnswerQuery): Promise<{ total: number; answers: LoggedGeneratedAnswer[] }> {
    return this.#authoring.listGeneratedAnswers(siteId, query);
  }

  reviewGeneratedAnswer(siteId: string, id: string, review: { verdict: 'good' | 'bad'; actor: string; at: string }): Promise<boolean> {
    return this.#authoring.reviewGeneratedAnswer(siteId, id, review);
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}

type Queryable = Pool | PoolClient;

async function selectQa(db: Queryable, siteId: string, id: string, lock: '' | 'FOR UPDATE' = ''): Promise<Qa | undefined> {
  const { rows } = await db.query<QaRow>(`SELECT * FROM qas WHERE site_id = $1 AND id = $2 ${lock}`, [siteId, id]);
  return rows[0] && rowToQa(rows[0]);
}

// Continues after the highest revision, so a QA re-created after deletion never reuses a version.
async function nextVersions(db: PoolClient, siteId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ qa_id: string; v: number }>(
    'SELECT qa_id, MAX(version) + 1 AS v FROM qa_revisions WHERE site_id = $1 AND qa_id = ANY($2::text[]) GROUP BY qa_id',
    [siteId, ids],
  );
  return new Map(rows.map((r) => [r.qa_id, r.v]));
}

/*
 * The only places qas rows are written: the copied columns are read out of the JSON by the statement
 * itself, so they always match it. Creates insert nothing over an existing row: a QA another instance
 * created since this transaction looked fails the whole write instead of being overwritten.
 */
async function insertQas(db: PoolClient, siteId: string, qas: readonly VersionedContent[], actor: string, at: string): Promise<void> {
  if (qas.length === 0) return;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO qas (site_id, id, content, status, category1, category2, department, version, updated_by, updated_at)
     SELECT $1, w.c->>'id', w.c, w.c->>'status', w.c->>'category1', w.c->>'category2', w.c->>'department', w.v, $4, $5 FROM ${WRITTEN}
     ON CONFLICT (site_id, id) DO NOTHING RETURNING id`,
    [siteId, JSON.stringify(qas.map((q) => q.content)), qas.map((q) => q.version), actor, at],
  );
  if (rows.length < qas.length) {
    const inserted = new Set(rows.map((r) => r.id));
    throw new QaAlreadyExistsError(siteId, qas.find((q) => !inserted.has(q.content.id))!.content.id);
  }
}

async function updateQas(db: PoolClient, siteId: string, qas: readonly VersionedContent[], actor: string, at: string): Promise<void> {
  if (qas.length === 0) return;
  await db.query(
    `UPDATE qas SET content = w.c, status = w.c->>'status', category1 = w.c->>'category1', category2 = w.c->>'category2',
       department = w.c->>'department', version = w.v, updated_by = $4, updated_at = $5
     FROM ${WRITTEN} WHERE qas.site_id = $1 AND qas.id = w.c->>'id'`,
    [siteId, JSON.stringify(qas.map((q) => q.content)), qas.map((q) => q.version), actor, at],
  );
}

async function insertRevisions(db: PoolClient, siteId: string, qas: readonly VersionedContent[], action: RevisionAction, actor: string, at: string): Promise<void> {
  if (qas.length === 0) return;
  await db.query(
    `INSERT INTO qa_revisions (site_id, qa_id, version, action, actor, at, content)
     SELECT $1, w.c->>'id', w.v, $4, $5, $6, w.c FROM ${WRITTEN}`,
    [siteId, JSON.stringify(qas.map((q) => q.content)), qas.map((q) => q.version), action, actor, at],
  );
}

/** Deletes QAs, each leaving a `delete` revision with its last content. */
async function removeQas(db: PoolClient, siteId: string, qas: readonly Qa[], actor: string, at: string): Promise<void> {
  if (qas.length === 0) return;
  await db.query('DELETE FROM qas WHERE site_id = $1 AND id = ANY($2::text[])', [siteId, qas.map((qa) => qa.id)]);
  await insertRevisions(
    db,
    siteId,
    qas.map((qa) => ({ content: toStoredContent(qa), version: qa.version + 1 })),
    'delete',
    actor,
    at,
  );
}

function rowToQa(row: QaRow): Qa {
  // Back in canonical field order: jsonb keeps its own key order.
  return { ...toStoredContent(row.content), siteId: row.site_id, version: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at };
}

const FILE_COLUMNS = 'site_id AS "siteId", id, name, type, size, sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"';

/** A throttle count's columns under SignInFailures' names. */
const FAILURE_COLUMNS = 'login_id AS "loginId", address, failures, last_failure_at AS "lastFailureAt"';

/** An account's columns under StaffAccount's names. */
const ACCOUNT_COLUMNS = `site_id AS "siteId", login_id AS "loginId", display_name AS "displayName", role, disabled, password_hash AS "passwordHash",
  totp_secret IS NOT NULL AS "totpEnabled", password_changed_at AS "passwordChangedAt", created_at AS "createdAt",
  updated_at AS "updatedAt", version`;

async function selectAccount(db: Queryable, siteId: string, loginId: string, lock: '' | 'FOR UPDATE' = ''): Promise<StaffAccount | undefined> {
  const { rows } = await db.query<StaffAccount>(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE site_id = $1 AND login_id = $2 ${lock}`, [siteId, loginId]);
  return rows[0];
}
