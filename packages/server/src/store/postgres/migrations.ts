/**
 * The PostgreSQL schema as numbered steps. Never edit a released step: add a new one. Each step runs once,
 * inside a transaction, and is recorded in `schema_migrations` (see ./migrate.ts).
 */
import type { PoolClient } from 'pg';
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
import type { MigrationStep } from '../sqlite/migrations.ts';

/** Steps have the same shape on both backends; a rewrite here runs on the step's transaction. */
export type Migration = MigrationStep<(db: PoolClient) => Promise<void>>;

/*
 * The tables and keys of the SQLite schema at its step 6 (see ../sqlite/migrations.ts for why QAs are one
 * JSON document plus copied columns, and why the chat log keeps daily counts), written once for PostgreSQL:
 * - every primary key starts with site_id, so no query can cross sites by accident;
 * - JSON is jsonb; booleans are boolean; uploaded bytes are bytea;
 * - times stay the ISO-8601 UTC text the callers pass (2026-11-30T01:02:03.000Z), not timestamptz: the
 *   contract hands back exactly the string it was given (timestamptz would answer in another format and
 *   refuses the opaque values some callers store), and fixed-width UTC text sorts as the instants do, so
 *   indexes and ranges work on it unchanged;
 * - text is COLLATE "C" (byte order, like SQLite's BINARY), so ordering and ranges do not depend on the
 *   locale the database was created with.
 * Turns are written in time order and keyed (site_id, at, id), so a period of the 会話ログ is one index range;
 * statistics never read turns but chat_counts, whose rows are updated in place (fillfactor leaves room for
 * those updates to stay on their page).
 */
const V1 = `
CREATE TABLE qas (
  site_id    text    COLLATE "C" NOT NULL,
  id         text    COLLATE "C" NOT NULL,
  content    jsonb   NOT NULL,
  status     text    COLLATE "C" NOT NULL CHECK (status IN ('draft', 'published')),
  category1  text    COLLATE "C" NOT NULL,
  category2  text    COLLATE "C" NOT NULL,
  department text    COLLATE "C" NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  updated_by text    COLLATE "C" NOT NULL,
  updated_at text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, id)
);
CREATE INDEX qas_status     ON qas (site_id, status);
CREATE INDEX qas_category   ON qas (site_id, category1, category2);
CREATE INDEX qas_department ON qas (site_id, department);
CREATE INDEX qas_updated_at ON qas (site_id, updated_at);

-- No foreign key to qas: the history must outlive a deleted QA.
CREATE TABLE qa_revisions (
  site_id text    COLLATE "C" NOT NULL,
  qa_id   text    COLLATE "C" NOT NULL,
  version integer NOT NULL,
  action  text    COLLATE "C" NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
  actor   text    COLLATE "C" NOT NULL,
  at      text    COLLATE "C" NOT NULL,
  content jsonb   NOT NULL,
  PRIMARY KEY (site_id, qa_id, version)
);
CREATE INDEX qa_revisions_at ON qa_revisions (site_id, at);

CREATE TABLE settings (
  site_id    text  COLLATE "C" NOT NULL,
  key        text  COLLATE "C" NOT NULL,
  value      jsonb NOT NULL,
  updated_by text  COLLATE "C" NOT NULL,
  updated_at text  COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, key)
);

CREATE TABLE settings_revisions (
  site_id  text    COLLATE "C" NOT NULL,
  key      text    COLLATE "C" NOT NULL,
  revision integer NOT NULL,
  value    jsonb   NOT NULL,
  actor    text    COLLATE "C" NOT NULL,
  at       text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, key, revision)
);

CREATE TABLE synonym_entries (
  site_id  text    COLLATE "C" NOT NULL,
  position integer NOT NULL,
  line     text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, position)
);

CREATE TABLE synonym_revisions (
  site_id  text    COLLATE "C" NOT NULL,
  revision integer NOT NULL,
  lines    jsonb   NOT NULL,
  actor    text    COLLATE "C" NOT NULL,
  at       text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, revision)
);

-- Shared by all sites: a key is a hash of the analyzer version and the text (see Store.readAnalysisCache).
CREATE TABLE analysis_cache (
  key   text COLLATE "C" NOT NULL PRIMARY KEY,
  words text COLLATE "C" NOT NULL
);

CREATE TABLE published_qas (
  site_id    text    COLLATE "C" NOT NULL,
  id         text    COLLATE "C" NOT NULL,
  content    jsonb   NOT NULL,
  version    integer NOT NULL,
  updated_by text    COLLATE "C" NOT NULL,
  updated_at text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, id)
);

CREATE TABLE publications (
  site_id text    COLLATE "C" NOT NULL,
  seq     integer NOT NULL,
  at      text    COLLATE "C" NOT NULL,
  actor   text    COLLATE "C" NOT NULL,
  added   integer NOT NULL,
  changed integer NOT NULL,
  removed integer NOT NULL,
  PRIMARY KEY (site_id, seq)
);

CREATE TABLE staff_accounts (
  site_id             text    COLLATE "C" NOT NULL,
  login_id            text    COLLATE "C" NOT NULL,
  display_name        text    COLLATE "C" NOT NULL,
  role                text    COLLATE "C" NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  disabled            boolean NOT NULL,
  password_hash       text    COLLATE "C" NOT NULL,
  failed_sign_ins     integer NOT NULL DEFAULT 0,
  locked_until        text    COLLATE "C",
  password_changed_at text    COLLATE "C" NOT NULL,
  created_at          text    COLLATE "C" NOT NULL,
  updated_at          text    COLLATE "C" NOT NULL,
  version             integer NOT NULL,
  PRIMARY KEY (site_id, login_id)
);

-- Keyed by a hash of the cookie's token alone: a session is found before its site is known.
CREATE TABLE staff_sessions (
  id           text COLLATE "C" NOT NULL PRIMARY KEY,
  site_id      text COLLATE "C" NOT NULL,
  login_id     text COLLATE "C" NOT NULL,
  csrf_token   text COLLATE "C" NOT NULL,
  created_at   text COLLATE "C" NOT NULL,
  last_seen_at text COLLATE "C" NOT NULL,
  expires_at   text COLLATE "C" NOT NULL,
  FOREIGN KEY (site_id, login_id) REFERENCES staff_accounts (site_id, login_id) ON DELETE CASCADE
);
CREATE INDEX staff_sessions_account ON staff_sessions (site_id, login_id);

CREATE TABLE audit_log (
  site_id text   COLLATE "C" NOT NULL,
  seq     bigint GENERATED ALWAYS AS IDENTITY,
  at      text   COLLATE "C" NOT NULL,
  actor   text   COLLATE "C" NOT NULL,
  action  text   COLLATE "C" NOT NULL,
  target  text   COLLATE "C" NOT NULL,
  detail  jsonb  NOT NULL,
  PRIMARY KEY (site_id, seq)
);
CREATE INDEX audit_log_at ON audit_log (site_id, at);

CREATE TABLE editing_presence (
  site_id  text COLLATE "C" NOT NULL,
  login_id text COLLATE "C" NOT NULL,
  qa_id    text COLLATE "C" NOT NULL,
  at       text COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, login_id)
);

CREATE TABLE files (
  site_id     text    COLLATE "C" NOT NULL,
  id          text    COLLATE "C" NOT NULL,
  name        text    COLLATE "C" NOT NULL,
  type        text    COLLATE "C" NOT NULL,
  size        integer NOT NULL,
  sha256      text    COLLATE "C" NOT NULL,
  data        bytea   NOT NULL,
  uploaded_by text    COLLATE "C" NOT NULL,
  uploaded_at text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, id)
);

CREATE TABLE chat_turns (
  site_id          text             COLLATE "C" NOT NULL,
  at               text             COLLATE "C" NOT NULL,
  id               text             COLLATE "C" NOT NULL,
  session_id       text             COLLATE "C" NOT NULL,
  day              text             COLLATE "C" NOT NULL,
  hour             integer          NOT NULL CHECK (hour BETWEEN 0 AND 23),
  channel          text             COLLATE "C" NOT NULL CHECK (channel IN ('widget', 'page', 'api')),
  page             text             COLLATE "C",
  lang             text             COLLATE "C" NOT NULL,
  via              text             COLLATE "C" NOT NULL CHECK (via IN ('typed', 'candidate', 'related', 'menu')),
  question         text             COLLATE "C" NOT NULL,
  decision         text             COLLATE "C" NOT NULL CHECK (decision IN ('answer', 'candidates', 'none')),
  qa_id            text             COLLATE "C",
  category         text             COLLATE "C",
  shown            jsonb            NOT NULL,
  latency_ms       double precision NOT NULL,
  first_in_session boolean          NOT NULL,
  rephrased        boolean          NOT NULL DEFAULT false,
  picked_qa_id     text             COLLATE "C",
  resolved         boolean,
  comment          text             COLLATE "C",
  feedback_at      text             COLLATE "C",
  PRIMARY KEY (site_id, at, id)
);
CREATE UNIQUE INDEX chat_turns_id ON chat_turns (site_id, id);
CREATE INDEX chat_turns_session   ON chat_turns (site_id, session_id, at, id);

CREATE TABLE chat_counts (
  site_id        text             COLLATE "C" NOT NULL,
  dimension      text             COLLATE "C" NOT NULL CHECK (dimension IN ('all', 'hour', 'qa', 'category', 'lang', 'channel', 'page')),
  day            text             COLLATE "C" NOT NULL,
  value          text             COLLATE "C" NOT NULL,
  turns          integer          NOT NULL,
  typed          integer          NOT NULL,
  answered       integer          NOT NULL,
  candidates     integer          NOT NULL,
  none           integer          NOT NULL,
  picked         integer          NOT NULL,
  rephrased      integer          NOT NULL,
  resolved       integer          NOT NULL,
  not_resolved   integer          NOT NULL,
  sessions       integer          NOT NULL,
  latency_ms_sum double precision NOT NULL,
  -- Keyed by a digest of the value: a page address can be longer than a btree entry may be (2.7 kB).
  value_key      text             COLLATE "C" NOT NULL GENERATED ALWAYS AS (md5(value)) STORED,
  PRIMARY KEY (site_id, dimension, day, value_key)
) WITH (fillfactor = 80);

CREATE TABLE chat_access (
  site_id text    COLLATE "C" NOT NULL,
  day     text    COLLATE "C" NOT NULL,
  event   text    COLLATE "C" NOT NULL CHECK (event IN ('load', 'open')),
  channel text    COLLATE "C" NOT NULL CHECK (channel IN ('widget', 'page', 'api')),
  count   integer NOT NULL,
  PRIMARY KEY (site_id, day, event, channel)
) WITH (fillfactor = 80);

CREATE TABLE chat_question_reviews (
  site_id  text COLLATE "C" NOT NULL,
  question text COLLATE "C" NOT NULL,
  action   text COLLATE "C" NOT NULL CHECK (action IN ('alternate', 'draft', 'dismiss')),
  qa_id    text COLLATE "C",
  actor    text COLLATE "C" NOT NULL,
  at       text COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, question)
);
CREATE INDEX chat_question_reviews_at ON chat_question_reviews (site_id, at);
`;

/**
 * All schema steps, oldest first. The last version is the schema this code expects.
 *
 * @example `migrations.at(-1)?.version // the code's schema version`
 */
/*
 * Several instances on one database (R40): triggers announce every change to what the search indexes are
 * built from on the channel madoguchi_changes, delivered when the change commits (PostgreSQL drops repeats
 * of one payload within a transaction, so an import of 20,000 QAs announces once). The payload names the
 * schema, so instances of different schemas in one database ignore each other. Rate-limit hits are counted
 * here so a limit holds across instances. And SQLite's step 7: the failed questions' partial index.
 */
const V2 = `
CREATE FUNCTION madoguchi_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  site text;
BEGIN
  IF TG_OP = 'DELETE' THEN site := OLD.site_id; ELSE site := NEW.site_id; END IF;
  PERFORM pg_notify('madoguchi_changes', json_build_object('schema', current_schema(), 'siteId', site, 'scope', TG_ARGV[0])::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER qas_announce AFTER INSERT OR UPDATE OR DELETE ON qas
  FOR EACH ROW EXECUTE FUNCTION madoguchi_announce_change('working');
CREATE TRIGGER published_qas_announce AFTER INSERT OR UPDATE OR DELETE ON published_qas
  FOR EACH ROW EXECUTE FUNCTION madoguchi_announce_change('published');
CREATE TRIGGER settings_announce AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH ROW EXECUTE FUNCTION madoguchi_announce_change('all');
CREATE TRIGGER synonym_entries_announce AFTER INSERT OR UPDATE OR DELETE ON synonym_entries
  FOR EACH ROW EXECUTE FUNCTION madoguchi_announce_change('all');

CREATE TABLE rate_limit_hits (
  key          text    COLLATE "C" NOT NULL,
  window_start bigint  NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (key, window_start)
);

CREATE INDEX chat_turns_failed ON chat_turns (site_id, at, question, decision, picked_qa_id, rephrased, resolved)
  WHERE via = 'typed' AND (decision = 'none' OR (decision = 'candidates' AND picked_qa_id IS NULL) OR rephrased OR resolved IS FALSE);
`;

/*
 * SQLite's step 8 (see ../sqlite/migrations.ts): model usage, QA drafts, source checks, review marks, the
 * embedding cache (float32 little-endian bytes, shared by sites like analysis_cache) and AI-composed answers.
 */
const V3 = `
CREATE TABLE model_usage (
  site_id       text             COLLATE "C" NOT NULL,
  seq           bigint           GENERATED ALWAYS AS IDENTITY,
  at            text             COLLATE "C" NOT NULL,
  day           text             COLLATE "C" NOT NULL,
  kind          text             COLLATE "C" NOT NULL CHECK (kind IN ('chat', 'embeddings')),
  model         text             COLLATE "C" NOT NULL,
  purpose       text             COLLATE "C" NOT NULL CHECK (purpose IN ('draft', 'suggestion', 'answer', 'embedding', 'check')),
  outcome       text             COLLATE "C" NOT NULL CHECK (outcome IN ('ok', 'error', 'timeout')),
  attempts      integer          NOT NULL,
  input_tokens  integer          NOT NULL,
  output_tokens integer          NOT NULL,
  latency_ms    double precision NOT NULL,
  error         text             COLLATE "C",
  PRIMARY KEY (site_id, seq)
);
CREATE INDEX model_usage_day ON model_usage (site_id, day);
CREATE INDEX model_usage_at  ON model_usage (site_id, at);

CREATE TABLE qa_drafts (
  site_id     text  COLLATE "C" NOT NULL,
  id          text  COLLATE "C" NOT NULL,
  created_at  text  COLLATE "C" NOT NULL,
  created_by  text  COLLATE "C" NOT NULL,
  method      text  COLLATE "C" NOT NULL CHECK (method IN ('rules', 'model')),
  source_url  text  COLLATE "C",
  source_name text  COLLATE "C" NOT NULL,
  question    text  COLLATE "C" NOT NULL,
  alternates  jsonb NOT NULL,
  answer      text  COLLATE "C" NOT NULL,
  category1   text  COLLATE "C" NOT NULL,
  department  text  COLLATE "C" NOT NULL,
  notes       jsonb NOT NULL,
  status      text  COLLATE "C" NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  resolved_by text  COLLATE "C",
  resolved_at text  COLLATE "C",
  qa_id       text  COLLATE "C",
  PRIMARY KEY (site_id, id)
);
CREATE INDEX qa_drafts_status ON qa_drafts (site_id, status, created_at);

CREATE TABLE source_checks (
  site_id       text    COLLATE "C" NOT NULL,
  url           text    COLLATE "C" NOT NULL,
  checked_at    text    COLLATE "C" NOT NULL,
  state         text    COLLATE "C" NOT NULL CHECK (state IN ('ok', 'missing', 'error')),
  http_status   integer,
  content_hash  text    COLLATE "C",
  etag          text    COLLATE "C",
  last_modified text    COLLATE "C",
  changed_at    text    COLLATE "C",
  error         text    COLLATE "C",
  PRIMARY KEY (site_id, url)
);

CREATE TABLE qa_review_marks (
  site_id text COLLATE "C" NOT NULL,
  qa_id   text COLLATE "C" NOT NULL,
  actor   text COLLATE "C" NOT NULL,
  at      text COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, qa_id)
);

CREATE TABLE embedding_cache (
  model  text  COLLATE "C" NOT NULL,
  key    text  COLLATE "C" NOT NULL,
  vector bytea NOT NULL,
  PRIMARY KEY (model, key)
);

CREATE TABLE generated_answers (
  site_id           text  COLLATE "C" NOT NULL,
  id                text  COLLATE "C" NOT NULL,
  at                text  COLLATE "C" NOT NULL,
  day               text  COLLATE "C" NOT NULL,
  session_id        text  COLLATE "C" NOT NULL,
  turn_id           text  COLLATE "C",
  question          text  COLLATE "C" NOT NULL,
  model             text  COLLATE "C" NOT NULL,
  outcome           text  COLLATE "C" NOT NULL CHECK (outcome IN ('shown', 'sensitive', 'unsupported', 'failed')),
  text              text  COLLATE "C" NOT NULL,
  source_qa_ids     jsonb NOT NULL,
  cited_qa_ids      jsonb NOT NULL,
  dropped_sentences jsonb NOT NULL,
  verdict           text  COLLATE "C" CHECK (verdict IN ('good', 'bad')),
  reviewed_by       text  COLLATE "C",
  reviewed_at       text  COLLATE "C",
  PRIMARY KEY (site_id, id)
);
CREATE INDEX generated_answers_at ON generated_answers (site_id, at);
`;

/* Issue 15: stored citizen text is masked again by the improved chat/redact.ts (see ../remask.ts). */
async function remaskCitizenText(db: PoolClient): Promise<void> {
  const p = (n: number) => `$${n}`;
  for (const target of CITIZEN_TEXT) {
    const update = updateRowSql(target, p);
    for (let { rows } = await db.query<Record<string, unknown>>(selectBatchSql(target, p, false)); rows.length > 0; ) {
      for (const row of rows) {
        const masked = remaskRow(target, row);
        if (masked) await db.query(update, updateRowParameters(target, row, masked));
      }
      const last = rows[rows.length - 1] ?? {};
      ({ rows } = await db.query<Record<string, unknown>>(selectBatchSql(target, p, true), target.key.map((column) => last[column])));
    }
  }
  const { rows: reviews } = await db.query<{ site_id: string; question: string }>(SELECT_REVIEWS_SQL);
  for (const { site_id, question } of reviews) {
    const masked = remaskedReview(question);
    if (masked === null) continue;
    await db.query(copyReviewSql(p), [masked, site_id, question]);
    await db.query(deleteReviewSql(p), [site_id, question]);
  }
}
/** Sign-in throttling apart from the accounts, and two-factor sign-in (see SQLite's step 10). */
const V5 = `
CREATE TABLE sign_in_failures (
  site_id         text    COLLATE "C" NOT NULL,
  login_id        text    COLLATE "C" NOT NULL,
  address         text    COLLATE "C" NOT NULL,
  failures        integer NOT NULL,
  last_failure_at text    COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, login_id, address)
);
CREATE INDEX sign_in_failures_at ON sign_in_failures (site_id, last_failure_at);
ALTER TABLE staff_accounts DROP COLUMN failed_sign_ins, DROP COLUMN locked_until;

ALTER TABLE staff_accounts ADD COLUMN totp_secret text COLLATE "C", ADD COLUMN totp_pending_secret text COLLATE "C", ADD COLUMN totp_last_step bigint;
CREATE TABLE staff_recovery_codes (
  site_id   text COLLATE "C" NOT NULL,
  login_id  text COLLATE "C" NOT NULL,
  code_hash text COLLATE "C" NOT NULL,
  PRIMARY KEY (site_id, login_id, code_hash),
  FOREIGN KEY (site_id, login_id) REFERENCES staff_accounts (site_id, login_id) ON DELETE CASCADE
);
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema (SQLite step 6 consolidated)', sql: V1 },
  { version: 2, name: 'change announcements, shared rate limits, failed questions index', sql: V2 },
  { version: 3, name: 'model usage, QA drafts, source checks, review marks, embeddings, generated answers', sql: V3 },
  { version: 4, name: 'citizen text masked again', sql: '', rewrite: remaskCitizenText },
  { version: 5, name: 'sign-in throttling by login id, address and pair; two-factor sign-in', sql: V5 },
];
