/**
 * The generative-AI and authoring records on SQLite (issue 7): model usage, QA drafts, source checks, review
 * marks, the embedding cache and AI-composed answers. SqliteStore delegates here. Usage and AI answers are
 * written while citizens chat, so they go through the log connection (see sqlite-store.ts); staff's records
 * through the main one.
 */
import type Database from 'better-sqlite3';
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
import { bytesVector, latestChecks, pendingDrafts, resolvedDraft, vectorBytes } from '../authoring-rules.ts';
import { StoreInputError } from '../errors.ts';
import { compareQaIds } from '../natural-order.ts';
import type { DayRange } from '../store.ts';
import { requireActor } from '../write-rules.ts';

const USAGE_COLUMNS = `at, day, kind, model, purpose, outcome, attempts, input_tokens AS inputTokens, output_tokens AS outputTokens,
  latency_ms AS latencyMs, error`;

interface DraftRow {
  site_id: string;
  id: string;
  created_at: string;
  created_by: string;
  method: QaDraft['method'];
  source_url: string | null;
  source_name: string;
  question: string;
  alternates: string;
  answer: string;
  category1: string;
  department: string;
  notes: string;
  status: QaDraft['status'];
  resolved_by: string | null;
  resolved_at: string | null;
  qa_id: string | null;
}

interface AnswerRow {
  id: string;
  at: string;
  day: string;
  session_id: string;
  turn_id: string | null;
  question: string;
  model: string;
  outcome: GeneratedAnswer['outcome'];
  text: string;
  source_qa_ids: string;
  cited_qa_ids: string;
  dropped_sentences: string;
  verdict: LoggedGeneratedAnswer['verdict'];
  reviewed_by: string | null;
  reviewed_at: string | null;
}

/**
 * @example `const authoring = new SqliteAuthoring(db, logDb); authoring.listSourceChecks('default');`
 */
export class SqliteAuthoring {
  readonly #db: Database.Database;
  readonly #logDb: Database.Database;

  /** `db` reads and takes staff actions; `logDb` writes what happens while citizens chat. */
  constructor(db: Database.Database, logDb: Database.Database) {
    this.#db = db;
    this.#logDb = logDb;
  }

  recordModelUsage(siteId: string, u: ModelUsage): void {
    this.#logDb
      .prepare<[string, string, string, string, string, string, string, number, number, number, number, string | null]>(
        `INSERT INTO model_usage (site_id, at, day, kind, model, purpose, outcome, attempts, input_tokens, output_tokens, latency_ms, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(siteId, u.at, u.day, u.kind, u.model, u.purpose, u.outcome, u.attempts, u.inputTokens, u.outputTokens, u.latencyMs, u.error);
  }

  modelUsageTotals(siteId: string, days: DayRange): ModelUsageTotal[] {
    return this.#db
      .prepare<[string, string, string], ModelUsageTotal>(
        `SELECT day, kind, model, purpose, COUNT(*) AS calls, SUM(outcome <> 'ok') AS failures, SUM(input_tokens) AS inputTokens,
           SUM(output_tokens) AS outputTokens, TOTAL(latency_ms) AS latencyMsSum
         FROM model_usage WHERE site_id = ? AND day BETWEEN ? AND ?
         GROUP BY day, kind, model, purpose ORDER BY day, kind, model, purpose`,
      )
      .all(siteId, days.from, days.to);
  }

  listModelUsage(siteId: string, limit: number): ModelUsage[] {
    return this.#db
      .prepare<[string, number], ModelUsage>(`SELECT ${USAGE_COLUMNS} FROM model_usage WHERE site_id = ? ORDER BY at DESC, seq DESC LIMIT ?`)
      .all(siteId, Math.max(0, limit));
  }

  addQaDrafts(siteId: string, drafts: readonly NewQaDraft[]): QaDraft[] {
    const stored = pendingDrafts(siteId, drafts);
    const exists = this.#db.prepare<[string, string], { id: string }>('SELECT id FROM qa_drafts WHERE site_id = ? AND id = ?');
    const insert = this.#db.prepare<unknown[]>(
      `INSERT INTO qa_drafts (site_id, id, created_at, created_by, method, source_url, source_name, question, alternates, answer, category1,
         department, notes, status, resolved_by, resolved_at, qa_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL)`,
    );
    this.#db
      .transaction(() => {
        for (const d of stored) {
          if (exists.get(siteId, d.id)) throw new StoreInputError(`下書き候補 ${d.id} はすでにあります`);
          insert.run(siteId, d.id, d.createdAt, d.createdBy, d.method, d.sourceUrl, d.sourceName, d.question, JSON.stringify(d.alternates), d.answer,
            d.category1, d.department, JSON.stringify(d.notes));
        }
      })
      .immediate();
    return stored;
  }

  listQaDrafts(siteId: string, query: QaDraftQuery): { total: number; drafts: QaDraft[] } {
    const where = query.status === undefined ? 'site_id = ?' : 'site_id = ? AND status = ?';
    const params = query.status === undefined ? [siteId] : [siteId, query.status];
    const total = this.#db.prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM qa_drafts WHERE ${where}`).get(...params)?.n ?? 0;
    const drafts = this.#db
      .prepare<unknown[], DraftRow>(`SELECT * FROM qa_drafts WHERE ${where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
      .all(...params, Math.max(0, query.limit), Math.max(0, query.offset))
      .map(rowToDraft);
    return { total, drafts };
  }

  getQaDraft(siteId: string, id: string): QaDraft | undefined {
    const row = this.#selectDraft(siteId, id);
    return row && rowToDraft(row);
  }

  resolveQaDraft(siteId: string, id: string, resolution: QaDraftResolution): QaDraft {
    return this.#db
      .transaction((): QaDraft => {
        const row = this.#selectDraft(siteId, id);
        const next = resolvedDraft(siteId, id, row && rowToDraft(row), resolution);
        this.#db
          .prepare<[string, string | null, string | null, string | null, string, string]>(
            'UPDATE qa_drafts SET status = ?, resolved_by = ?, resolved_at = ?, qa_id = ? WHERE site_id = ? AND id = ?',
          )
          .run(next.status, next.resolvedBy, next.resolvedAt, next.qaId, siteId, id);
        return next;
      })
      .immediate();
  }

  saveSourceChecks(siteId: string, checks: readonly SourceCheck[]): void {
    const upsert = this.#db.prepare<unknown[]>(
      `INSERT INTO source_checks (site_id, url, checked_at, state, http_status, content_hash, etag, last_modified, changed_at, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, url) DO UPDATE SET checked_at = excluded.checked_at, state = excluded.state, http_status = excluded.http_status,
         content_hash = excluded.content_hash, etag = excluded.etag, last_modified = excluded.last_modified, changed_at = excluded.changed_at,
         error = excluded.error`,
    );
    this.#db
      .transaction(() => {
        for (const c of latestChecks(checks)) {
          upsert.run(siteId, c.url, c.checkedAt, c.state, c.httpStatus, c.contentHash, c.etag, c.lastModified, c.changedAt, c.error);
        }
      })
      .immediate();
  }

  listSourceChecks(siteId: string): SourceCheck[] {
    return this.#db
      .prepare<[string], SourceCheck>(
        `SELECT url, checked_at AS checkedAt, state, http_status AS httpStatus, content_hash AS contentHash, etag, last_modified AS lastModified,
           changed_at AS changedAt, error
         FROM source_checks WHERE site_id = ? ORDER BY url`,
      )
      .all(siteId);
  }

  markQaReviewed(siteId: string, mark: QaReviewMark): void {
    this.#db
      .prepare<[string, string, string, string]>(
        `INSERT INTO qa_review_marks (site_id, qa_id, actor, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id, qa_id) DO UPDATE SET actor = excluded.actor, at = excluded.at WHERE excluded.at >= qa_review_marks.at`,
      )
      .run(siteId, mark.qaId, requireActor(mark.actor), mark.at);
  }

  listQaReviewMarks(siteId: string): QaReviewMark[] {
    return this.#db
      .prepare<[string], QaReviewMark>('SELECT qa_id AS qaId, actor, at FROM qa_review_marks WHERE site_id = ?')
      .all(siteId)
      .sort((a, b) => compareQaIds(a.qaId, b.qaId));
  }

  readEmbeddings(model: string, keys: readonly string[]): Map<string, Float32Array> {
    const select = this.#db.prepare<[string, string], { vector: Buffer }>('SELECT vector FROM embedding_cache WHERE model = ? AND key = ?');
    const found = new Map<string, Float32Array>();
    for (const key of keys) {
      const row = select.get(model, key);
      if (row) found.set(key, bytesVector(row.vector));
    }
    return found;
  }

  writeEmbeddings(model: string, entries: ReadonlyMap<string, Float32Array>): void {
    const insert = this.#db.prepare<[string, string, Buffer]>(
      'INSERT INTO embedding_cache (model, key, vector) VALUES (?, ?, ?) ON CONFLICT (model, key) DO NOTHING',
    );
    this.#db
      .transaction(() => {
        for (const [key, vector] of entries) insert.run(model, key, vectorBytes(vector));
      })
      .immediate();
  }

  recordGeneratedAnswer(siteId: string, a: GeneratedAnswer): void {
    this.#logDb
      .prepare<unknown[]>(
        `INSERT INTO generated_answers (site_id, id, at, day, session_id, turn_id, question, model, outcome, text, source_qa_ids, cited_qa_ids,
           dropped_sentences)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(siteId, a.id, a.at, a.day, a.sessionId, a.turnId, a.question, a.model, a.outcome, a.text, JSON.stringify(a.sourceQaIds),
        JSON.stringify(a.citedQaIds), JSON.stringify(a.droppedSentences));
  }

  listGeneratedAnswers(siteId: string, query: GeneratedAnswerQuery): { total: number; answers: LoggedGeneratedAnswer[] } {
    const conditions = ['site_id = ?'];
    const params: unknown[] = [siteId];
    if (query.outcome !== undefined) {
      conditions.push('outcome = ?');
      params.push(query.outcome);
    }
    if (query.unreviewed) conditions.push('verdict IS NULL');
    const where = conditions.join(' AND ');
    const total = this.#db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM generated_answers WHERE ${where}`).get(...params)?.n ?? 0;
    const answers = this.#db
      .prepare<unknown[], AnswerRow>(`SELECT * FROM generated_answers WHERE ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, Math.max(0, query.limit), Math.max(0, query.offset))
      .map(rowToAnswer);
    return { total, answers };
  }

  reviewGeneratedAnswer(siteId: string, id: string, review: { verdict: 'good' | 'bad'; actor: string; at: string }): boolean {
    const { changes } = this.#db
      .prepare<[string, string, string, string, string]>('UPDATE generated_answers SET verdict = ?, reviewed_by = ?, reviewed_at = ? WHERE site_id = ? AND id = ?')
      .run(review.verdict, requireActor(review.actor), review.at, siteId, id);
    return changes > 0;
  }

  /** The chat log's retention applies to model usage and AI answers too (see Store.purgeChatLog). */
  purgeBefore(siteId: string, beforeDay: string): void {
    this.#logDb.transaction(() => {
      this.#logDb.prepare<[string, string]>('DELETE FROM model_usage WHERE site_id = ? AND day < ?').run(siteId, beforeDay);
      this.#logDb.prepare<[string, string]>('DELETE FROM generated_answers WHERE site_id = ? AND day < ?').run(siteId, beforeDay);
    })();
  }

  #selectDraft(siteId: string, id: string): DraftRow | undefined {
    return this.#db.prepare<[string, string], DraftRow>('SELECT * FROM qa_drafts WHERE site_id = ? AND id = ?').get(siteId, id);
  }
}

function rowToDraft(r: DraftRow): QaDraft {
  return {
    id: r.id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    method: r.method,
    sourceUrl: r.source_url,
    sourceName: r.source_name,
    question: r.question,
    alternates: JSON.parse(r.alternates) as string[],
    answer: r.answer,
    category1: r.category1,
    department: r.department,
    notes: JSON.parse(r.notes) as string[],
    siteId: r.site_id,
    status: r.status,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    qaId: r.qa_id,
  };
}

function rowToAnswer(r: AnswerRow): LoggedGeneratedAnswer {
  return {
    id: r.id,
    at: r.at,
    day: r.day,
    sessionId: r.session_id,
    turnId: r.turn_id,
    question: r.question,
    model: r.model,
    outcome: r.outcome,
    text: r.text,
    sourceQaIds: JSON.parse(r.source_qa_ids) as string[],
    citedQaIds: JSON.parse(r.cited_qa_ids) as string[],
    droppedSentences: JSON.parse(r.dropped_sentences) as string[],
    verdict: r.verdict,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
  };
}
