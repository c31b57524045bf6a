/**
 * The generative-AI and authoring records on PostgreSQL (issue 7): model usage, QA drafts, source checks,
 * review marks, the embedding cache and AI-composed answers. PostgresStore delegates here. Batches are one
 * statement each (rows from a JSON array), so they land whole; a draft is settled under its row lock.
 */
import type { Pool } from 'pg';
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
import { storableText } from '../write-rules.ts';
import { inTransaction } from './database.ts';

/** Embeddings written per statement: 500 vectors of 1,536 dimensions are about 6 MB of parameters. */
const EMBEDDING_BATCH = 500;

const USAGE_COLUMNS = `at, day, kind, model, purpose, outcome, attempts, input_tokens AS "inputTokens", output_tokens AS "outputTokens",
  latency_ms AS "latencyMs", error`;

/** A draft's columns under QaDraft's names. */
const DRAFT_COLUMNS = `id, created_at AS "createdAt", created_by AS "createdBy", method, source_url AS "sourceUrl", source_name AS "sourceName",
  question, alternates, answer, category1, department, notes, site_id AS "siteId", status, resolved_by AS "resolvedBy",
  resolved_at AS "resolvedAt", qa_id AS "qaId"`;

const ANSWER_COLUMNS = `id, at, day, session_id AS "sessionId", turn_id AS "turnId", question, model, outcome, text, source_qa_ids AS "sourceQaIds",
  cited_qa_ids AS "citedQaIds", dropped_sentences AS "droppedSentences", verdict, reviewed_by AS "reviewedBy", reviewed_at AS "reviewedAt"`;

/**
 * @example `const authoring = new PostgresAuthoring(pool); await authoring.listSourceChecks('default');`
 */
export class PostgresAuthoring {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async recordModelUsage(siteId: string, u: ModelUsage): Promise<void> {
    await this.#pool.query(
      `INSERT INTO model_usage (site_id, at, day, kind, model, purpose, outcome, attempts, input_tokens, output_tokens, latency_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [siteId, u.at, u.day, u.kind, u.model, u.purpose, u.outcome, u.attempts, u.inputTokens, u.outputTokens, u.latencyMs, u.error],
    );
  }

  async modelUsageTotals(siteId: string, days: DayRange): Promise<ModelUsageTotal[]> {
    const { rows } = await this.#pool.query<ModelUsageTotal>(
      `SELECT day, kind, model, purpose, COUNT(*) AS calls, COUNT(*) FILTER (WHERE outcome <> 'ok') AS failures,
         SUM(input_tokens) AS "inputTokens", SUM(output_tokens) AS "outputTokens", SUM(latency_ms) AS "latencyMsSum"
       FROM model_usage WHERE site_id = $1 AND day BETWEEN $2 AND $3
       GROUP BY day, kind, model, purpose ORDER BY day, kind, model, purpose`,
      [siteId, days.from, days.to],
    );
    return rows;
  }

  async listModelUsage(siteId: string, limit: number): Promise<ModelUsage[]> {
    const { rows } = await this.#pool.query<ModelUsage>(
      `SELECT ${USAGE_COLUMNS} FROM model_usage WHERE site_id = $1 ORDER BY at DESC, seq DESC LIMIT $2`,
      [siteId, Math.max(0, limit)],
    );
    return rows;
  }

  async addQaDrafts(siteId: string, drafts: readonly NewQaDraft[]): Promise<QaDraft[]> {
    const stored = pendingDrafts(siteId, drafts);
    if (stored.length === 0) return [];
    return inTransaction(this.#pool, async (db) => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO qa_drafts (site_id, id, created_at, created_by, method, source_url, source_name, question, alternates, answer, category1,
           department, notes, status)
         SELECT $1, d.id, d."createdAt", d."createdBy", d.method, d."sourceUrl", d."sourceName", d.question, d.alternates, d.answer, d.category1,
           d.department, d.notes, 'pending'
         FROM jsonb_to_recordset($2::jsonb) AS d(id text, "createdAt" text, "createdBy" text, method text, "sourceUrl" text, "sourceName" text,
           question text, alternates jsonb, answer text, category1 text, department text, notes jsonb)
         ON CONFLICT (site_id, id) DO NOTHING RETURNING id`,
        [siteId, JSON.stringify(stored)],
      );
      if (rows.length < stored.length) {
        const inserted = new Set(rows.map((r) => r.id));
        throw new StoreInputError(`下書き候補 ${stored.find((d) => !inserted.has(d.id))!.id} はすでにあります`);
      }
      return stored;
    });
  }

  async listQaDrafts(siteId: string, query: QaDraftQuery): Promise<{ total: number; drafts: QaDraft[] }> {
    const where = query.status === undefined ? 'site_id = $1' : 'site_id = $1 AND status = $2';
    const params: unknown[] = query.status === undefined ? [siteId] : [siteId, query.status];
    const n = params.length;
    const [count, page] = await Promise.all([
      this.#pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM qa_drafts WHERE ${where}`, params),
      this.#pool.query<QaDraft>(`SELECT ${DRAFT_COLUMNS} FROM qa_drafts WHERE ${where} ORDER BY created_at DESC, id LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        Math.max(0, query.limit),
        Math.max(0, query.offset),
      ]),
    ]);
    return { total: count.rows[0]?.n ?? 0, drafts: page.rows };
  }

  async getQaDraft(siteId: string, id: string): Promise<QaDraft | undefined> {
    const { rows } = await this.#pool.query<QaDraft>(`SELECT ${DRAFT_COLUMNS} FROM qa_drafts WHERE site_id = $1 AND id = $2`, [siteId, id]);
    return rows[0];
  }

  async resolveQaDraft(siteId: string, id: string, resolution: QaDraftResolution): Promise<QaDraft> {
    return inTransaction(this.#pool, async (db) => {
      const { rows } = await db.query<QaDraft>(`SELECT ${DRAFT_COLUMNS} FROM qa_drafts WHERE site_id = $1 AND id = $2 FOR UPDATE`, [siteId, id]);
      const next = resolvedDraft(siteId, id, rows[0], resolution);
      await db.query('UPDATE qa_drafts SET status = $3, resolved_by = $4, resolved_at = $5, qa_id = $6 WHERE site_id = $1 AND id = $2', [
        siteId,
        id,
        next.status,
        next.resolvedBy,
        next.resolvedAt,
        next.qaId,
      ]);
      return next;
    });
  }

  async saveSourceChecks(siteId: string, checks: readonly SourceCheck[]): Promise<void> {
    const latest = latestChecks(checks);
    if (latest.length === 0) return;
    await this.#pool.query(
      `INSERT INTO source_checks AS s (site_id, url, checked_at, state, http_status, content_hash, etag, last_modified, changed_at, error)
       SELECT $1, c.url, c."checkedAt", c.state, c."httpStatus", c."contentHash", c.etag, c."lastModified", c."changedAt", c.error
       FROM jsonb_to_recordset($2::jsonb) AS c(url text, "checkedAt" text, state text, "httpStatus" integer, "contentHash" text, etag text,
         "lastModified" text, "changedAt" text, error text)
       ON CONFLICT (site_id, url) DO UPDATE SET checked_at = excluded.checked_at, state = excluded.state, http_status = excluded.http_status,
         content_hash = excluded.content_hash, etag = excluded.etag, last_modified = excluded.last_modified, changed_at = excluded.changed_at,
         error = excluded.error`,
      [siteId, JSON.stringify(latest)],
    );
  }

  async listSourceChecks(siteId: string): Promise<SourceCheck[]> {
    const { rows } = await this.#pool.query<SourceCheck>(
      `SELECT url, checked_at AS "checkedAt", state, http_status AS "httpStatus", content_hash AS "contentHash", etag,
         last_modified AS "lastModified", changed_at AS "changedAt", error
       FROM source_checks WHERE site_id = $1 ORDER BY url`,
      [siteId],
    );
    return rows;
  }

  async markQaReviewed(siteId: string, mark: QaReviewMark): Promise<void> {
    await this.#pool.query(
      `INSERT INTO qa_review_marks AS r (site_id, qa_id, actor, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id, qa_id) DO UPDATE SET actor = excluded.actor, at = excluded.at WHERE excluded.at >= r.at`,
      [siteId, mark.qaId, requireActor(mark.actor), mark.at],
    );
  }

  async listQaReviewMarks(siteId: string): Promise<QaReviewMark[]> {
    const { rows } = await this.#pool.query<QaReviewMark>('SELECT qa_id AS "qaId", actor, at FROM qa_review_marks WHERE site_id = $1', [siteId]);
    return rows.sort((a, b) => compareQaIds(a.qaId, b.qaId));
  }

  async readEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const { rows } = await this.#pool.query<{ key: string; vector: Buffer }>(
      'SELECT key, vector FROM embedding_cache WHERE model = $1 AND key = ANY($2::text[])',
      [model, keys],
    );
    return new Map(rows.map((r) => [r.key, bytesVector(r.vector)]));
  }

  async writeEmbeddings(model: string, entries: ReadonlyMap<string, Float32Array>): Promise<void> {
    // In key order, so two instances caching overlapping texts at once take their row locks in the same order.
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < sorted.length; i += EMBEDDING_BATCH) {
      const batch = sorted.slice(i, i + EMBEDDING_BATCH);
      await this.#pool.query(
        'INSERT INTO embedding_cache (model, key, vector) SELECT $1, * FROM unnest($2::text[], $3::bytea[]) ON CONFLICT (model, key) DO NOTHING',
        [model, batch.map(([key]) => key), batch.map(([, vector]) => vectorBytes(vector))],
      );
    }
  }

  async recordGeneratedAnswer(siteId: string, a: GeneratedAnswer): Promise<void> {
    await this.#pool.query(
      `INSERT INTO generated_answers (site_id, id, at, day, session_id, turn_id, question, model, outcome, text, source_qa_ids, cited_qa_ids,
         dropped_sentences)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb)`,
      [
        siteId,
        a.id,
        a.at,
        a.day,
        a.sessionId,
        a.turnId,
        storableText(a.question),
        a.model,
        a.outcome,
        storableText(a.text),
        JSON.stringify(a.sourceQaIds),
        JSON.stringify(a.citedQaIds),
        JSON.stringify(a.droppedSentences.map(storableText)),
      ],
    );
  }

  async listGeneratedAnswers(siteId: string, query: GeneratedAnswerQuery): Promise<{ total: number; answers: LoggedGeneratedAnswer[] }> {
    const conditions = ['site_id = $1'];
    const params: unknown[] = [siteId];
    if (query.outcome !== undefined) {
      params.push(query.outcome);
      conditions.push(`outcome = $${params.length}`);
    }
    if (query.unreviewed) conditions.push('verdict IS NULL');
    const where = conditions.join(' AND ');
    const n = params.length;
    const [count, page] = await Promise.all([
      this.#pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM generated_answers WHERE ${where}`, params),
      this.#pool.query<LoggedGeneratedAnswer>(
        `SELECT ${ANSWER_COLUMNS} FROM generated_answers WHERE ${where} ORDER BY at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, Math.max(0, query.limit), Math.max(0, query.offset)],
      ),
    ]);
    return { total: count.rows[0]?.n ?? 0, answers: page.rows };
  }

  async reviewGeneratedAnswer(siteId: string, id: string, review: { verdict: 'good' | 'bad'; actor: string; at: string }): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'UPDATE generated_answers SET verdict = $3, reviewed_by = $4, reviewed_at = $5 WHERE site_id = $1 AND id = $2',
      [siteId, id, review.verdict, requireActor(review.actor), review.at],
    );
    return (rowCount ?? 0) > 0;
  }

  /** The chat log's retention applies to model usage and AI answers too (see Store.purgeChatLog). */
  async purgeBefore(siteId: string, beforeDay: string): Promise<void> {
    await inTransaction(this.#pool, async (db) => {
      await db.query('DELETE FROM model_usage WHERE site_id = $1 AND day < $2', [siteId, beforeDay]);
      await db.query('DELETE FROM generated_answers WHERE site_id = $1 AND day < $2', [siteId, beforeDay]);
    });
  }
}
