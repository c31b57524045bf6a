/**
 * The chat log on PostgreSQL (R22, R23): turns, their links within a session, feedback, the per-day counts
 * statistics read, widget access counts, question reviews and the retention purge. PostgresStore delegates
 * here. Writes that change turns hold the site's chat-log lock: every turn of a day adds to the same count
 * rows, so writers would queue on them anyway, and one lock taken first gives them a fixed order (no
 * deadlocks between instances) and lets a session's previous turn be read without a race.
 */
import type { Pool, PoolClient } from 'pg';
import { addDays, japanDayStart } from '../../time/japan-time.ts';
import {
  CHAT_DIMENSIONS,
  type AccessCount,
  type ChatCounts,
  type ChatDimension,
  type ChatFeedback,
  type ChatTurn,
  type ChatTurnQuery,
  type DayRange,
  type FailedQuestion,
  type LoggedTurn,
  type QuestionReview,
  type Store,
} from '../store.ts';
import { storableText, turnLink } from '../write-rules.ts';
import { inTransaction, lockUntilCommit } from './database.ts';

/** The stored dimensions: `day` is read from the `all` rows. */
const STORED_DIMENSIONS = ['all', ...CHAT_DIMENSIONS.filter((d) => d !== 'day')];

const COUNT_COLUMNS = ['turns', 'typed', 'answered', 'candidates', 'none', 'picked', 'rephrased', 'resolved', 'not_resolved', 'sessions', 'latency_ms_sum'];

/**
 * Adds the contributions of turns `$3` (ids) of site `$2`, times `$1` (1 to add, -1 to take away before a
 * turn changes), to the counts of every dimension: the same sums as the SQLite statement (sqlite/chat-log.ts).
 */
const COUNT_TURNS = `WITH d(dimension) AS (VALUES ${STORED_DIMENSIONS.map((d) => `('${d}')`).join(', ')})
INSERT INTO chat_counts AS c (site_id, dimension, day, value, ${COUNT_COLUMNS.join(', ')})
SELECT t.site_id, d.dimension, t.day,
  CASE d.dimension
    WHEN 'hour' THEN lpad(t.hour::text, 2, '0')
    WHEN 'qa' THEN t.qa_id
    WHEN 'category' THEN COALESCE(t.category, '')
    WHEN 'lang' THEN t.lang
    WHEN 'channel' THEN t.channel
    WHEN 'page' THEN COALESCE(t.page, '')
    ELSE '' END AS value,
  $1::integer * COUNT(*),
  $1::integer * COUNT(*) FILTER (WHERE t.via = 'typed'),
  $1::integer * COUNT(*) FILTER (WHERE t.via = 'typed' AND t.decision = 'answer'),
  $1::integer * COUNT(*) FILTER (WHERE t.via = 'typed' AND t.decision = 'candidates'),
  $1::integer * COUNT(*) FILTER (WHERE t.via = 'typed' AND t.decision = 'none'),
  $1::integer * COUNT(*) FILTER (WHERE t.picked_qa_id IS NOT NULL),
  $1::integer * COUNT(*) FILTER (WHERE t.rephrased),
  $1::integer * COUNT(*) FILTER (WHERE t.resolved IS TRUE),
  $1::integer * COUNT(*) FILTER (WHERE t.resolved IS FALSE),
  $1::integer * COUNT(*) FILTER (WHERE t.first_in_session),
  $1::integer * COALESCE(SUM(t.latency_ms), 0)
FROM chat_turns t CROSS JOIN d
WHERE t.site_id = $2 AND t.id = ANY($3::text[]) AND (d.dimension <> 'qa' OR t.qa_id IS NOT NULL)
GROUP BY t.site_id, d.dimension, t.day, value
ON CONFLICT (site_id, dimension, day, value_key) DO UPDATE SET
  ${COUNT_COLUMNS.map((col) => `${col} = c.${col} + excluded.${col}`).join(',\n  ')}`;

/** Typed questions that went wrong (see ChatTurnQuery.failed); the partial index chat_turns_failed (migration 2) has this condition. */
const FAILED = `via = 'typed' AND (decision = 'none' OR (decision = 'candidates' AND picked_qa_id IS NULL) OR rephrased OR resolved IS FALSE)`;

const SUM_COUNTS = `SUM(turns) AS turns, SUM(typed) AS typed, SUM(answered) AS answered, SUM(candidates) AS candidates,
  SUM(none) AS none, SUM(picked) AS picked, SUM(rephrased) AS rephrased, SUM(resolved) AS resolved,
  SUM(not_resolved) AS "notResolved", SUM(sessions) AS sessions, COALESCE(SUM(latency_ms_sum), 0) AS "latencyMsSum"`;

/** Turns deleted per statement by the purge, so the chat keeps being logged while a year is removed. */
const PURGE_BATCH = 5000;

/** A turn's columns under LoggedTurn's names, so rows come back as LoggedTurns. */
const TURN_COLUMNS = `t.id, t.session_id AS "sessionId", t.at, t.day, t.hour, t.channel, t.page, t.lang, t.via, t.question, t.decision,
  t.qa_id AS "qaId", t.category, t.shown, t.latency_ms AS "latencyMs", t.first_in_session AS "firstInSession", t.rephrased,
  t.picked_qa_id AS "pickedQaId", t.resolved, t.comment, t.feedback_at AS "feedbackAt"`;

/** The Store methods of the chat log. */
type ChatLogMethods =
  | 'recordChatTurns'
  | 'recordFeedback'
  | 'recordAccess'
  | 'chatCounts'
  | 'accessCounts'
  | 'listChatTurns'
  | 'eachChatTurn'
  | 'listFailedQuestions'
  | 'reviewQuestions'
  | 'purgeChatLog'
  | 'mostAnsweredQas';

/**
 * {@link Store}'s chat-log methods on a pool; PostgresStore extends it with the rest.
 *
 * @example `const log = new PostgresChatLog(pool); await log.recordChatTurns('default', [turn]);`
 */
export class PostgresChatLog implements Pick<Store, ChatLogMethods> {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /**
   * Inserts the turns in order, linking each to its session's previous turn, then counts them all at once.
   * A previous turn counted by an earlier call has its contribution taken out before it changes and put
   * back after; one of this call is counted only at the end, as it finally is.
   */
  async recordChatTurns(siteId: string, turns: readonly ChatTurn[]): Promise<void> {
    if (turns.length === 0) return;
    await inTransaction(this.#pool, async (db) => {
      await lockUntilCommit(db, `chat-log:${siteId}`);
      const fresh = new Set<string>();
      for (const turn of turns.map(storableTurn)) {
        const { rows } = await db.query<LoggedTurn>(
          `SELECT ${TURN_COLUMNS} FROM chat_turns t WHERE t.site_id = $1 AND t.session_id = $2 ORDER BY t.at DESC, t.id DESC LIMIT 1`,
          [siteId, turn.sessionId],
        );
        const previous = rows[0];
        await db.query(
          `INSERT INTO chat_turns (site_id, at, id, session_id, day, hour, channel, page, lang, via, question, decision, qa_id, category, shown, latency_ms, first_in_session)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
          [siteId, turn.at, turn.id, turn.sessionId, turn.day, turn.hour, turn.channel, turn.page, turn.lang, turn.via, turn.question, turn.decision, turn.qaId, turn.category, JSON.stringify(turn.shown), turn.latencyMs, previous === undefined],
        );
        fresh.add(turn.id);
        const link = previous && turnLink(turn, previous);
        if (!previous || !link) continue;
        const change = (): Promise<unknown> =>
          link === 'rephrased'
            ? db.query('UPDATE chat_turns SET rephrased = true WHERE site_id = $1 AND id = $2', [siteId, previous.id])
            : db.query('UPDATE chat_turns SET picked_qa_id = $3 WHERE site_id = $1 AND id = $2', [siteId, previous.id, turn.qaId]);
        if (fresh.has(previous.id)) await change();
        else await changeCounted(db, siteId, previous.id, change);
      }
      await countTurns(db, 1, siteId, [...fresh]);
    });
  }

  async recordFeedback(siteId: string, feedback: ChatFeedback): Promise<boolean> {
    return inTransaction(this.#pool, async (db) => {
      await lockUntilCommit(db, `chat-log:${siteId}`);
      const { rowCount } = await db.query('SELECT 1 FROM chat_turns WHERE site_id = $1 AND id = $2', [siteId, feedback.messageId]);
      if (!rowCount) return false;
      await changeCounted(db, siteId, feedback.messageId, () =>
        db.query('UPDATE chat_turns SET resolved = $1, comment = $2, feedback_at = $3 WHERE site_id = $4 AND id = $5', [
          feedback.resolved,
          feedback.comment && storableText(feedback.comment),
          feedback.at,
          siteId,
          feedback.messageId,
        ]),
      );
      return true;
    });
  }

  async recordAccess(siteId: string, access: Omit<AccessCount, 'count'>): Promise<void> {
    await this.#pool.query(
      `INSERT INTO chat_access AS a (site_id, day, event, channel, count) VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (site_id, day, event, channel) DO UPDATE SET count = a.count + 1`,
      [siteId, access.day, access.event, access.channel],
    );
  }

  async chatCounts(siteId: string, dimension: ChatDimension, days: DayRange): Promise<ChatCounts[]> {
    const { rows } =
      dimension === 'day'
        ? await this.#pool.query<ChatCounts>(
            `SELECT day AS value, ${SUM_COUNTS} FROM chat_counts WHERE site_id = $1 AND dimension = 'all' AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day`,
            [siteId, days.from, days.to],
          )
        : await this.#pool.query<ChatCounts>(
            `SELECT value, ${SUM_COUNTS} FROM chat_counts WHERE site_id = $1 AND dimension = $2 AND day BETWEEN $3 AND $4
             GROUP BY value ORDER BY SUM(turns) DESC, value`,
            [siteId, dimension, days.from, days.to],
          );
    return rows;
  }

  async accessCounts(siteId: string, days: DayRange): Promise<AccessCount[]> {
    const { rows } = await this.#pool.query<AccessCount>(
      'SELECT day, event, channel, count FROM chat_access WHERE site_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, event, channel',
      [siteId, days.from, days.to],
    );
    return rows;
  }

  async listChatTurns(siteId: string, query: ChatTurnQuery): Promise<{ total: number; turns: LoggedTurn[] }> {
    const { clause, params } = turnFilter(siteId, query);
    const [count, page] = await Promise.all([
      this.#pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM chat_turns t WHERE ${clause}`, params),
      this.#pool.query<LoggedTurn>(
        `SELECT ${TURN_COLUMNS} FROM chat_turns t WHERE ${clause} ORDER BY t.at DESC, t.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset ?? 0],
      ),
    ]);
    return { total: count.rows[0]?.n ?? 0, turns: page.rows };
  }

  /** Keyset pages over (at, id), so each batch is one index range however deep the export is. */
  async *eachChatTurn(siteId: string, query: Omit<ChatTurnQuery, 'limit' | 'offset'>, batchSize = 1000): AsyncIterable<LoggedTurn[]> {
    const { clause, params } = turnFilter(siteId, query);
    const n = params.length;
    const sql = `SELECT ${TURN_COLUMNS} FROM chat_turns t WHERE ${clause} AND (t.at, t.id) > ($${n + 1}, $${n + 2}) ORDER BY t.at, t.id LIMIT $${n + 3}`;
    let after = { at: '', id: '' };
    for (;;) {
      const { rows } = await this.#pool.query<LoggedTurn>(sql, [...params, after.at, after.id, batchSize]);
      const last = rows.at(-1);
      if (!last) return;
      yield rows;
      after = { at: last.at, id: last.id };
    }
  }

  async listFailedQuestions(siteId: string, days: DayRange, limit: number): Promise<FailedQuestion[]> {
    const { rows } = await this.#pool.query<FailedQuestion>(
      `SELECT t.question, COUNT(*) AS count, MAX(t.at) AS "lastAt",
         COUNT(*) FILTER (WHERE t.decision = 'none') AS none,
         COUNT(*) FILTER (WHERE t.decision = 'candidates' AND t.picked_qa_id IS NULL) AS candidates,
         COUNT(*) FILTER (WHERE t.rephrased) AS rephrased,
         COUNT(*) FILTER (WHERE t.resolved IS FALSE) AS "notResolved"
       FROM chat_turns t
       WHERE t.site_id = $1 AND t.at >= $2 AND t.at < $3 AND ${FAILED}
         AND NOT EXISTS (SELECT 1 FROM chat_question_reviews r WHERE r.site_id = t.site_id AND r.question = t.question)
       GROUP BY t.question ORDER BY count DESC, "lastAt" DESC LIMIT $4`,
      [siteId, japanDayStart(days.from), japanDayStart(addDays(days.to, 1)), limit],
    );
    return rows;
  }

  async reviewQuestions(siteId: string, questions: string[], review: QuestionReview): Promise<void> {
    // Sorted, so two reviews of overlapping questions lock their rows in the same order.
    const unique = [...new Set(questions)].sort();
    await this.#pool.query(
      `INSERT INTO chat_question_reviews AS r (site_id, question, action, qa_id, actor, at)
       SELECT $1, q, $3, $4, $5, $6 FROM unnest($2::text[]) AS q
       ON CONFLICT (site_id, question) DO UPDATE SET action = excluded.action, qa_id = excluded.qa_id, actor = excluded.actor, at = excluded.at`,
      [siteId, unique, review.action, review.qaId, review.actor, review.at],
    );
  }

  /** Deletes turns in batches, each its own statement (see PURGE_BATCH), then the rest in one transaction. */
  async purgeChatLog(siteId: string, beforeDay: string): Promise<number> {
    const before = japanDayStart(beforeDay);
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.#pool.query(
        `DELETE FROM chat_turns WHERE (site_id, at, id) IN (SELECT site_id, at, id FROM chat_turns WHERE site_id = $1 AND at < $2 ORDER BY at LIMIT $3)`,
        [siteId, before, PURGE_BATCH],
      );
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < PURGE_BATCH) break;
    }
    await inTransaction(this.#pool, async (db) => {
      await db.query('DELETE FROM chat_counts WHERE site_id = $1 AND day < $2', [siteId, beforeDay]);
      await db.query('DELETE FROM chat_access WHERE site_id = $1 AND day < $2', [siteId, beforeDay]);
      await db.query('DELETE FROM chat_question_reviews WHERE site_id = $1 AND at < $2', [siteId, before]);
    });
    return deleted;
  }

  async mostAnsweredQas(siteId: string, sinceDay: string, limit: number): Promise<{ qaId: string; count: number }[]> {
    const { rows } = await this.#pool.query<{ qaId: string; count: number }>(
      `SELECT value AS "qaId", SUM(turns) AS count FROM chat_counts WHERE site_id = $1 AND dimension = 'qa' AND day >= $2
       GROUP BY value HAVING SUM(turns) > 0 ORDER BY count DESC, value LIMIT $3`,
      [siteId, sinceDay, limit],
    );
    return rows;
  }
}


function storableTurn(turn: ChatTurn): ChatTurn {
  return { ...turn, question: storableText(turn.question), page: turn.page && storableText(turn.page) };
}

function countTurns(db: PoolClient, sign: 1 | -1, siteId: string, ids: string[]): Promise<unknown> {
  return db.query(COUNT_TURNS, [sign, siteId, ids]);
}

/** Changes a counted turn: its old contribution out of the counts, the change, its new one in. */
async function changeCounted(db: PoolClient, siteId: string, id: string, change: () => Promise<unknown>): Promise<void> {
  await countTurns(db, -1, siteId, [id]);
  await change();
  await countTurns(db, 1, siteId, [id]);
}

function turnFilter(siteId: string, query: Omit<ChatTurnQuery, 'limit' | 'offset'>): { clause: string; params: unknown[] } {
  const params: unknown[] = [siteId, japanDayStart(query.days.from), japanDayStart(addDays(query.days.to, 1))];
  const conditions = ['t.site_id = $1', 't.at >= $2', 't.at < $3'];
  const add = (condition: (n: string) => string, value: unknown): void => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (query.decision !== undefined) add((n) => `t.decision = ${n}`, query.decision);
  if (query.channel !== undefined) add((n) => `t.channel = ${n}`, query.channel);
  if (query.lang !== undefined) add((n) => `t.lang = ${n}`, query.lang);
  if (query.qaId !== undefined) add((n) => `t.qa_id = ${n}`, query.qaId);
  if (query.text !== undefined && query.text !== '') add((n) => `(strpos(t.question, ${n}) > 0 OR strpos(COALESCE(t.comment, ''), ${n}) > 0)`, query.text);
  if (query.failed) conditions.push(FAILED);
  return { clause: conditions.join(' AND '), params };
}
