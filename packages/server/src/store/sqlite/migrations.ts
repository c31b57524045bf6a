/**
 * The SQLite schema as numbered steps. Never edit a released step: add a new one. Each step runs once,
 * inside a transaction, and is recorded in `schema_migrations` (see ./migrate.ts).
 */
import type Database from 'better-sqlite3';
import {
  CITIZEN_TEXT,
  copyReviewSql,
  deleteReviewSql,
  remaskedReview,
  remaskRow,
  SELECT_REVIEWS_SQL,
  selectBatchSql,
  updateRowParameters,
  updateRowSql,
} from '../remask.ts';
import { countTurnsSql } from './chat-log.ts';

/**
 * One schema step; `Rewrite` is what a step may do besides SQL on each backend.
 *
 * @example `{ version: 2, name: 'qa tags', sql: 'ALTER TABLE qas ADD COLUMN tags TEXT' }`
 */
export interface MigrationStep<Rewrite> {
  /** 1, 2, 3, … without gaps: the order of application. */
  version: number;
  name: string;
  sql: string;
  /** Work SQL cannot express (masking stored text with chat/redact.ts): runs after `sql`, in its transaction. */
  rewrite?: Rewrite;
}

/** A SQLite step: its rewrite is synchronous, as SQLite transactions are. */
export type Migration = MigrationStep<(db: Database.Database) => void>;

/*
 * Why one JSON `content` column plus a few copied columns, not one column per field:
 * - a QA is edited, versioned, exported and diffed as a whole document; its lists (alternates, keywords,
 *   relatedIds, sourceUrls) and per-language translations would otherwise need six child tables and joins
 *   on every read, and every new field a migration;
 * - revisions store the same JSON snapshot, so restoring a revision is copying one value;
 * - the columns that lists and filters need (status, categories, department, updated_at) are copied out
 *   of the JSON by the single write path in sqlite-store.ts and indexed, so filtering never parses JSON.
 *   PostgreSQL will use the same shape with jsonb.
 * Every primary key starts with site_id, so every index is per site and no query can cross sites by
 * accident. STRICT tables make SQLite reject values of the wrong type instead of storing them.
 */
const V1 = `
CREATE TABLE qas (
  site_id    TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  content    TEXT    NOT NULL CHECK (json_valid(content)),
  status     TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
  category1  TEXT    NOT NULL,
  category2  TEXT    NOT NULL,
  department TEXT    NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  updated_by TEXT    NOT NULL,
  updated_at TEXT    NOT NULL,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX qas_status     ON qas (site_id, status);
CREATE INDEX qas_category   ON qas (site_id, category1, category2);
CREATE INDEX qas_department ON qas (site_id, department);
CREATE INDEX qas_updated_at ON qas (site_id, updated_at);

-- No foreign key to qas: the history must outlive a deleted QA.
CREATE TABLE qa_revisions (
  site_id TEXT    NOT NULL,
  qa_id   TEXT    NOT NULL,
  version INTEGER NOT NULL,
  action  TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
  actor   TEXT    NOT NULL,
  at      TEXT    NOT NULL,
  content TEXT    NOT NULL CHECK (json_valid(content)),
  PRIMARY KEY (site_id, qa_id, version)
) STRICT;
-- For a "recent changes" view across all QAs of a site.
CREATE INDEX qa_revisions_at ON qa_revisions (site_id, at);

CREATE TABLE settings (
  site_id    TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings_revisions (
  site_id  TEXT    NOT NULL,
  key      TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  value    TEXT    NOT NULL CHECK (json_valid(value)),
  actor    TEXT    NOT NULL,
  at       TEXT    NOT NULL,
  PRIMARY KEY (site_id, key, revision)
) STRICT;

-- One row per line so a later version can show who added which line; position keeps the staff's order.
CREATE TABLE synonym_entries (
  site_id  TEXT    NOT NULL,
  position INTEGER NOT NULL,
  line     TEXT    NOT NULL,
  PRIMARY KEY (site_id, position)
) STRICT;

CREATE TABLE synonym_revisions (
  site_id  TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  lines    TEXT    NOT NULL CHECK (json_valid(lines)),
  actor    TEXT    NOT NULL,
  at       TEXT    NOT NULL,
  PRIMARY KEY (site_id, revision)
) STRICT;
`;

/**
 * All schema steps, oldest first. The last version is the schema this code expects.
 *
 * @example `migrations.at(-1)?.version // the code's schema version`
 */
/*
 * Morphological analysis is the slow part of building the search index; its results are kept so a
 * restart or a rebuild after one edit analyses only new text. Keys are hashes of the analyzer version
 * and the text, so the table needs no invalidation: a new analyzer simply asks for new keys.
 */
const V2 = `
CREATE TABLE analysis_cache (
  key   TEXT NOT NULL PRIMARY KEY,
  words TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

/*
 * The chat log (R23): one row per citizen question, feedback beside it. Rows are keyed by the
 * message id the widget holds; `at` is indexed for period statistics and retention.
 */
const V3 = `
CREATE TABLE chat_messages (
  site_id       TEXT NOT NULL,
  id            TEXT NOT NULL,
  session_id    TEXT NOT NULL,
  at            TEXT NOT NULL,
  lang          TEXT NOT NULL,
  via           TEXT NOT NULL CHECK (via IN ('typed', 'candidate', 'related', 'menu')),
  question      TEXT NOT NULL,
  decision      TEXT NOT NULL CHECK (decision IN ('answer', 'candidates', 'none')),
  qa_id         TEXT,
  candidate_ids TEXT NOT NULL CHECK (json_valid(candidate_ids)),
  top_score     REAL,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_messages_at      ON chat_messages (site_id, at);
CREATE INDEX chat_messages_session ON chat_messages (site_id, session_id, at);
CREATE INDEX chat_messages_qa      ON chat_messages (site_id, qa_id, at);

CREATE TABLE chat_feedback (
  site_id    TEXT    NOT NULL,
  message_id TEXT    NOT NULL,
  resolved   INTEGER NOT NULL CHECK (resolved IN (0, 1)),
  comment    TEXT,
  at         TEXT    NOT NULL,
  PRIMARY KEY (site_id, message_id),
  FOREIGN KEY (site_id, message_id) REFERENCES chat_messages (site_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
`;

/*
 * Staff work on the working set (qas); citizens see the published set, a snapshot copied over atomically
 * when staff publish (R26). The snapshot starts as the QAs that were published before this step.
 * Staff accounts, their sessions (by token hash), the audit log (R44) and who is editing what.
 */
const V4 = `
CREATE TABLE published_qas (
  site_id    TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  content    TEXT    NOT NULL CHECK (json_valid(content)),
  version    INTEGER NOT NULL,
  updated_by TEXT    NOT NULL,
  updated_at TEXT    NOT NULL,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO published_qas (site_id, id, content, version, updated_by, updated_at)
  SELECT site_id, id, content, version, updated_by, updated_at FROM qas WHERE status = 'published';

CREATE TABLE publications (
  site_id TEXT    NOT NULL,
  seq     INTEGER NOT NULL,
  at      TEXT    NOT NULL,
  actor   TEXT    NOT NULL,
  added   INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  removed INTEGER NOT NULL,
  PRIMARY KEY (site_id, seq)
) STRICT;

CREATE TABLE staff_accounts (
  site_id             TEXT    NOT NULL,
  login_id            TEXT    NOT NULL,
  display_name        TEXT    NOT NULL,
  role                TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  disabled            INTEGER NOT NULL CHECK (disabled IN (0, 1)),
  password_hash       TEXT    NOT NULL,
  failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT,
  password_changed_at TEXT    NOT NULL,
  created_at          TEXT    NOT NULL,
  updated_at          TEXT    NOT NULL,
  version             INTEGER NOT NULL,
  PRIMARY KEY (site_id, login_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff_sessions (
  id           TEXT NOT NULL PRIMARY KEY,
  site_id      TEXT NOT NULL,
  login_id     TEXT NOT NULL,
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  FOREIGN KEY (site_id, login_id) REFERENCES staff_accounts (site_id, login_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_sessions_account ON staff_sessions (site_id, login_id);

CREATE TABLE audit_log (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id TEXT NOT NULL,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  detail  TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;
CREATE INDEX audit_log_at ON audit_log (site_id, at);

CREATE TABLE editing_presence (
  site_id  TEXT NOT NULL,
  login_id TEXT NOT NULL,
  qa_id    TEXT NOT NULL,
  at       TEXT NOT NULL,
  PRIMARY KEY (site_id, login_id)
) STRICT, WITHOUT ROWID;
`;

/* Images and PDFs for answers, in the database so one backup holds everything. */
const V5 = `
CREATE TABLE files (
  site_id     TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT    NOT NULL,
  data        BLOB    NOT NULL,
  uploaded_by TEXT    NOT NULL,
  uploaded_at TEXT    NOT NULL,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;
`;

/*
 * The chat log for statistics and the improvement loop (R22, R23). Turns are clustered by time (the primary
 * key starts with `at`), so a period is one sequential range. `chat_counts` holds the same turns summed per
 * day and per value of each dimension, kept in step by the store in the transaction that changes a turn, so
 * statistics over a year read a few hundred thousand small rows instead of a million turns. The old tables'
 * rows are carried over (their channel, page and latency were not recorded: 'api', null, 0).
 */
const V6 = `
CREATE TABLE chat_turns (
  site_id          TEXT    NOT NULL,
  at               TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  session_id       TEXT    NOT NULL,
  day              TEXT    NOT NULL,
  hour             INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  channel          TEXT    NOT NULL CHECK (channel IN ('widget', 'page', 'api')),
  page             TEXT,
  lang             TEXT    NOT NULL,
  via              TEXT    NOT NULL CHECK (via IN ('typed', 'candidate', 'related', 'menu')),
  question         TEXT    NOT NULL,
  decision         TEXT    NOT NULL CHECK (decision IN ('answer', 'candidates', 'none')),
  qa_id            TEXT,
  category         TEXT,
  shown            TEXT    NOT NULL CHECK (json_valid(shown)),
  latency_ms       REAL    NOT NULL,
  first_in_session INTEGER NOT NULL CHECK (first_in_session IN (0, 1)),
  rephrased        INTEGER NOT NULL DEFAULT 0 CHECK (rephrased IN (0, 1)),
  picked_qa_id     TEXT,
  resolved         INTEGER CHECK (resolved IN (0, 1)),
  comment          TEXT,
  feedback_at      TEXT,
  PRIMARY KEY (site_id, at, id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX chat_turns_id ON chat_turns (site_id, id);
CREATE INDEX chat_turns_session   ON chat_turns (site_id, session_id, at);

CREATE TABLE chat_counts (
  site_id        TEXT    NOT NULL,
  dimension      TEXT    NOT NULL CHECK (dimension IN ('all', 'hour', 'qa', 'category', 'lang', 'channel', 'page')),
  day            TEXT    NOT NULL,
  value          TEXT    NOT NULL,
  turns          INTEGER NOT NULL,
  typed          INTEGER NOT NULL,
  answered       INTEGER NOT NULL,
  candidates     INTEGER NOT NULL,
  none           INTEGER NOT NULL,
  picked         INTEGER NOT NULL,
  rephrased      INTEGER NOT NULL,
  resolved       INTEGER NOT NULL,
  not_resolved   INTEGER NOT NULL,
  sessions       INTEGER NOT NULL,
  latency_ms_sum REAL    NOT NULL,
  PRIMARY KEY (site_id, dimension, day, value)
) STRICT, WITHOUT ROWID;

CREATE TABLE chat_access (
  site_id TEXT    NOT NULL,
  day     TEXT    NOT NULL,
  event   TEXT    NOT NULL CHECK (event IN ('load', 'open')),
  channel TEXT    NOT NULL CHECK (channel IN ('widget', 'page', 'api')),
  count   INTEGER NOT NULL,
  PRIMARY KEY (site_id, day, event, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE chat_question_reviews (
  site_id  TEXT NOT NULL,
  question TEXT NOT NULL,
  action   TEXT NOT NULL CHECK (action IN ('alternate', 'draft', 'dismiss')),
  qa_id    TEXT,
  actor    TEXT NOT NULL,
  at       TEXT NOT NULL,
  PRIMARY KEY (site_id, question)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_question_reviews_at ON chat_question_reviews (site_id, at);

INSERT INTO chat_turns (site_id, at, id, session_id, day, hour, channel, page, lang, via, question, decision, qa_id, category,
                        shown, latency_ms, first_in_session, resolved, comment, feedback_at)
  SELECT m.site_id, m.at, m.id, m.session_id, date(m.at, '+9 hours'), CAST(strftime('%H', m.at, '+9 hours') AS INTEGER),
         'api', NULL, m.lang, m.via, m.question, m.decision, m.qa_id, NULL,
         CASE WHEN m.qa_id IS NOT NULL THEN json_array(json_object('qaId', m.qa_id, 'score', m.top_score))
              ELSE (SELECT json_group_array(json_object('qaId', c.value, 'score', NULL)) FROM json_each(m.candidate_ids) c) END,
         0, ROW_NUMBER() OVER (PARTITION BY m.site_id, m.session_id ORDER BY m.at, m.id) = 1, f.resolved, f.comment, f.at
  FROM chat_messages m LEFT JOIN chat_feedback f ON f.site_id = m.site_id AND f.message_id = m.id;
DROP TABLE chat_feedback;
DROP TABLE chat_messages;
${countTurnsSql('1').replace(/:sign/g, '1')};
`;

/*
 * The failed typed questions the improvement loop and the monthly report read (see chat-log.ts FAILED, which
 * must stay the same expression for SQLite to use this index), kept apart so a year's worth is read without
 * touching the turns that went well; it holds every column those queries need.
 */
const V7 = `
CREATE INDEX chat_turns_failed ON chat_turns (site_id, at, question, decision, picked_qa_id, rephrased, resolved)
  WHERE via = 'typed' AND (decision = 'none' OR (decision = 'candidates' AND picked_qa_id IS NULL) OR rephrased = 1 OR resolved IS 0);
`;

/*
 * Generative AI and QA authoring (issue 7). Model calls and AI-composed answers are logged per site and day
 * and purged with the chat log; usage is summed on reading (a few thousand calls a day at most). Drafts wait
 * in a review queue; source checks keep the last check of each page; review marks the latest confirmation
 * of each QA. Embeddings, like analysis results, are a cache of a pure function of the text, shared by
 * sites and keyed by model: float32 little-endian bytes.
 */
const V8 = `
CREATE TABLE model_usage (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id       TEXT    NOT NULL,
  at            TEXT    NOT NULL,
  day           TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('chat', 'embeddings')),
  model         TEXT    NOT NULL,
  purpose       TEXT    NOT NULL CHECK (purpose IN ('draft', 'suggestion', 'answer', 'embedding', 'check')),
  outcome       TEXT    NOT NULL CHECK (outcome IN ('ok', 'error', 'timeout')),
  attempts      INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  latency_ms    REAL    NOT NULL,
  error         TEXT
) STRICT;
CREATE INDEX model_usage_day ON model_usage (site_id, day);
CREATE INDEX model_usage_at  ON model_usage (site_id, at);

CREATE TABLE qa_drafts (
  site_id     TEXT NOT NULL,
  id          TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  method      TEXT NOT NULL CHECK (method IN ('rules', 'model')),
  source_url  TEXT,
  source_name TEXT NOT NULL,
  question    TEXT NOT NULL,
  alternates  TEXT NOT NULL CHECK (json_valid(alternates)),
  answer      TEXT NOT NULL,
  category1   TEXT NOT NULL,
  department  TEXT NOT NULL,
  notes       TEXT NOT NULL CHECK (json_valid(notes)),
  status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  resolved_by TEXT,
  resolved_at TEXT,
  qa_id       TEXT,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX qa_drafts_status ON qa_drafts (site_id, status, created_at);

CREATE TABLE source_checks (
  site_id       TEXT    NOT NULL,
  url           TEXT    NOT NULL,
  checked_at    TEXT    NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('ok', 'missing', 'error')),
  http_status   INTEGER,
  content_hash  TEXT,
  etag          TEXT,
  last_modified TEXT,
  changed_at    TEXT,
  error         TEXT,
  PRIMARY KEY (site_id, url)
) STRICT, WITHOUT ROWID;

CREATE TABLE qa_review_marks (
  site_id TEXT NOT NULL,
  qa_id   TEXT NOT NULL,
  actor   TEXT NOT NULL,
  at      TEXT NOT NULL,
  PRIMARY KEY (site_id, qa_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE embedding_cache (
  model  TEXT NOT NULL,
  key    TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE generated_answers (
  site_id           TEXT NOT NULL,
  id                TEXT NOT NULL,
  at                TEXT NOT NULL,
  day               TEXT NOT NULL,
  session_id        TEXT NOT NULL,
  turn_id           TEXT,
  question          TEXT NOT NULL,
  model             TEXT NOT NULL,
  outcome           TEXT NOT NULL CHECK (outcome IN ('shown', 'sensitive', 'unsupported', 'failed')),
  text              TEXT NOT NULL,
  source_qa_ids     TEXT NOT NULL CHECK (json_valid(source_qa_ids)),
  cited_qa_ids      TEXT NOT NULL CHECK (json_valid(cited_qa_ids)),
  dropped_sentences TEXT NOT NULL CHECK (json_valid(dropped_sentences)),
  verdict           TEXT CHECK (verdict IN ('good', 'bad')),
  reviewed_by       TEXT,
  reviewed_at       TEXT,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX generated_answers_at ON generated_answers (site_id, at);
`;

/* Issue 15: stored citizen text is masked again by the improved chat/redact.ts (see ../remask.ts). */
function remaskCitizenText(db: Database.Database): void {
  const p = () => '?';
  for (const target of CITIZEN_TEXT) {
    const first = db.prepare<[], Record<string, unknown>>(selectBatchSql(target, p, false));
    const next = db.prepare<unknown[], Record<string, unknown>>(selectBatchSql(target, p, true));
    const update = db.prepare(updateRowSql(target, p));
    for (let rows = first.all(); rows.length > 0; ) {
      for (const row of rows) {
        const masked = remaskRow(target, row);
        if (masked) update.run(updateRowParameters(target, row, masked));
      }
      const last = rows[rows.length - 1] ?? {};
      rows = next.all(target.key.map((column) => last[column]));
    }
  }
  const copy = db.prepare(copyReviewSql(p));
  const remove = db.prepare(deleteReviewSql(p));
  for (const { site_id, question } of db.prepare<[], { site_id: string; question: string }>(SELECT_REVIEWS_SQL).all()) {
    const masked = remaskedReview(question);
    if (masked === null) continue;
    copy.run(masked, site_id, question);
    remove.run(site_id, question);
  }
}
/*
 * Failed sign-ins are counted per login id as typed (known or not), per address and per pair, apart from the
 * accounts, so unknown ids are throttled alike (auth/throttle.ts); the accounts' own lock-out columns go.
 * Two-factor sign-in: encrypted secrets, the last accepted time step, hashed one-time recovery codes.
 */
const V10 = `
CREATE TABLE sign_in_failures (
  site_id         TEXT    NOT NULL,
  login_id        TEXT    NOT NULL,
  address         TEXT    NOT NULL,
  failures        INTEGER NOT NULL,
  last_failure_at TEXT    NOT NULL,
  PRIMARY KEY (site_id, login_id, address)
) STRICT, WITHOUT ROWID;
CREATE INDEX sign_in_failures_at ON sign_in_failures (site_id, last_failure_at);
ALTER TABLE staff_accounts DROP COLUMN failed_sign_ins;
ALTER TABLE staff_accounts DROP COLUMN locked_until;

ALTER TABLE staff_accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE staff_accounts ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE staff_accounts ADD COLUMN totp_last_step INTEGER;
CREATE TABLE staff_recovery_codes (
  site_id   TEXT NOT NULL,
  login_id  TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  PRIMARY KEY (site_id, login_id, code_hash),
  FOREIGN KEY (site_id, login_id) REFERENCES staff_accounts (site_id, login_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: V1 },
  { version: 2, name: 'analysis cache', sql: V2 },
  { version: 3, name: 'chat log', sql: V3 },
  { version: 4, name: 'publishing, staff accounts, sessions, audit log', sql: V4 },
  { version: 5, name: 'uploaded files', sql: V5 },
  { version: 6, name: 'chat turns, daily counts, widget access, question reviews', sql: V6 },
  { version: 7, name: 'failed questions index', sql: V7 },
  { version: 8, name: 'model usage, QA drafts, source checks, review marks, embeddings, generated answers', sql: V8 },
  { version: 9, name: 'citizen text masked again', sql: '', rewrite: remaskCitizenText },
  { version: 10, name: 'sign-in throttling by login id, address and pair; two-factor sign-in', sql: V10 },
];
