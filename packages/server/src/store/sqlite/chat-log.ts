/**
 * The chat log on SQLite (R22, R23): turns, their links within a session, feedback, the per-day counts
 * statistics read, widget access counts, question reviews and the retention purge. SqliteStore delegates
 * here; writes from the chat go through the log connection (synchronous = NORMAL, see sqlite-store.ts).
 */
import type Database from 'better-sqlite3';
import { japanDayStart, addDays } from '../../time/japan-time.ts';
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
} from '../store.ts';
import { turnLink } from '../write-rules.ts';

/** The stored dimensions: `day` is read from the `all` rows. */
const STORED_DIMENSIONS = ['all', ...CHAT_DIMENSIONS.filter((d) => d !== 'day')];

const DIMENSION_VALUE = `CASE d.dimension
    WHEN 'hour' THEN printf('%02d', t.hour)
    WHEN 'qa' THEN t.qa_id
    WHEN 'category' THEN COALESCE(t.category, '')
    WHEN 'lang' THEN t.lang
    WHEN 'channel' THEN t.channel
    WHEN 'page' THEN COALESCE(t.page, '')
    ELSE '' END`;

const COUNT_COLUMNS = ['turns', 'typed', 'answered', 'candidates', 'none', 'picked', 'rephrased', 'resolved', 'not_resolved', 'sessions', 'latency_ms_sum'];

/**
 * Adds turns' contributions (times `:sign`: 1 to add, -1 to take away before changing a turn) to the
 * counts of every dimension. `filter` picks the turns; the same statement counts a whole table at once.
 */
export function countTurnsSql(filter: string): string {
  return `WITH d(dimension) AS (VALUES ${STORED_DIMENSIONS.map((d) => `('${d}')`).join(', ')})
INSERT INTO chat_counts (site_id, dimension, day, value, ${COUNT_COLUMNS.join(', ')})
SELECT t.site_id, d.dimension, t.day, ${DIMENSION_VALUE} AS value,
  :sign * COUNT(*),
  :sign * SUM(t.via = 'typed'),
  :sign * SUM(t.via = 'typed' AND t.decision = 'answer'),
  :sign * SUM(t.via = 'typed' AND t.decision = 'candidates'),
  :sign * SUM(t.via = 'typed' AND t.decision = 'none'),
  :sign * SUM(t.picked_qa_id IS NOT NULL),
  :sign * SUM(t.rephrased),
  :sign * SUM(t.resolved IS 1),
  :sign * SUM(t.resolved IS 0),
  :sign * SUM(t.first_in_session),
  :sign * TOTAL(t.latency_ms)
FROM chat_turns t CROSS JOIN d
WHERE ${filter} AND (d.dimension <> 'qa' OR t.qa_id IS NOT NULL)
GROUP BY t.site_id, d.dimension, t.day, value
ON CONFLICT (site_id, dimension, day, value) DO UPDATE SET
  ${COUNT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(',\n  ')}`;
}

/** Typed questions that went wrong (see ChatTurnQuery.failed); the partial index chat_turns_failed (migration 7) has this condition. */
const FAILED = `via = 'typed' AND (decision = 'none' OR (decision = 'candidates' AND picked_qa_id IS NULL) OR rephrased = 1 OR resolved IS 0)`;

interface TurnRow {
  site_id: string;
  at: string;
  id: string;
  session_id: string;
  day: string;
  hour: number;
  channel: ChatTurn['channel'];
  page: string | null;
  lang: string;
  via: ChatTurn['via'];
  question: string;
  decision: ChatTurn['decision'];
  qa_id: string | null;
  category: string | null;
  shown: string;
  latency_ms: number;
  first_in_session: number;
  rephrased: number;
  picked_qa_id: string | null;
  resolved: number | null;
  comment: string | null;
  feedback_at: string | null;
}

interface CountsRow {
  value: string;
  turns: number;
  typed: number;
  answered: number;
  candidates: number;
  none: number;
  picked: number;
  rephrased: number;
  resolved: number;
  notResolved: number;
  sessions: number;
  latencyMsSum: number;
}

const SUM_COUNTS = `SUM(turns) AS turns, SUM(typed) AS typed, SUM(answered) AS answered, SUM(candidates) AS candidates,
  SUM(none) AS none, SUM(picked) AS picked, SUM(rephrased) AS rephrased, SUM(resolved) AS resolved,
  SUM(not_resolved) AS notResolved, SUM(sessions) AS sessions, TOTAL(latency_ms_sum) AS latencyMsSum`;

/** Turns deleted per transaction by the purge, so the chat keeps being answered while a year is removed. */
const PURGE_BATCH = 5000;

export class SqliteChatLog {
  readonly #db: Database.Database;
  readonly #logDb: Database.Database;
  #prepared: ReturnType<typeof prepareWrites> | undefined;

  /** `db` reads and takes staff actions; `logDb` writes what citizens do. */
  constructor(db: Database.Database, logDb: Database.Database) {
    this.#db = db;
    this.#logDb = logDb;
  }

  /** Prepared on first use: they run for every citizen question (and a store opened at an older schema has no such tables). */
  get #statements(): ReturnType<typeof prepareWrites> {
    this.#prepared ??= prepareWrites(this.#logDb);
    return this.#prepared;
  }

  recordTurns(siteId: string, turns: readonly ChatTurn[]): void {
    const s = this.#statements;
    this.#logDb.transaction(() => {
      for (const turn of turns) {
        const previous = s.previousTurn.get(siteId, turn.sessionId);
        s.insertTurn.run({
          site_id: siteId,
          at: turn.at,
          id: turn.id,
          session_id: turn.sessionId,
          day: turn.day,
          hour: turn.hour,
          channel: turn.channel,
          page: turn.page,
          lang: turn.lang,
          via: turn.via,
          question: turn.question,
          decision: turn.decision,
          qa_id: turn.qaId,
          category: turn.category,
          shown: JSON.stringify(turn.shown),
          latency_ms: turn.latencyMs,
          first_in_session: previous ? 0 : 1,
        });
        s.countTurn.run({ sign: 1, site_id: siteId, id: turn.id });
        if (previous) this.#linkToPrevious(siteId, turn, previous);
      }
    })();
  }

  /** A rephrase right after an answer marks the answer; a candidate click marks the candidate list. */
  #linkToPrevious(siteId: string, turn: ChatTurn, previous: TurnRow): void {
    const link = turnLink(turn, rowToTurn(previous));
    if (!link) return;
    this.#changeTurn(siteId, previous.id, () =>
      link === 'rephrased' ? this.#statements.markRephrased.run(siteId, previous.id) : this.#statements.markPicked.run(turn.qaId, siteId, previous.id),
    );
  }

  /** Changes a counted turn: its old contribution out of the counts, the change, its new one in. */
  #changeTurn(siteId: string, id: string, change: () => void): void {
    this.#statements.countTurn.run({ sign: -1, site_id: siteId, id });
    change();
    this.#statements.countTurn.run({ sign: 1, site_id: siteId, id });
  }

  recordFeedback(siteId: string, feedback: ChatFeedback): boolean {
    return this.#logDb.transaction((): boolean => {
      if (!this.#statements.turnExists.get(siteId, feedback.messageId)) return false;
      this.#changeTurn(siteId, feedback.messageId, () =>
        this.#statements.setFeedback.run(feedback.resolved ? 1 : 0, feedback.comment, feedback.at, siteId, feedback.messageId),
      );
      return true;
    })();
  }

  recordAccess(siteId: string, access: Omit<AccessCount, 'count'>): void {
    this.#statements.countAccess.run(siteId, access.day, access.event, access.channel);
  }

  counts(siteId: string, dimension: ChatDimension, days: DayRange): ChatCounts[] {
    const rows =
      dimension === 'day'
        ? this.#db
            .prepare<[string, string, string], CountsRow>(
              `SELECT day AS value, ${SUM_COUNTS} FROM chat_counts WHERE site_id = ? AND dimension = 'all' AND day BETWEEN ? AND ? GROUP BY day ORDER BY day`,
            )
            .all(siteId, days.from, days.to)
        : this.#db
            .prepare<[string, string, string, string], CountsRow>(
              `SELECT value, ${SUM_COUNTS} FROM chat_counts WHERE site_id = ? AND dimension = ? AND day BETWEEN ? AND ?
               GROUP BY value ORDER BY SUM(turns) DESC, value`,
            )
            .all(siteId, dimension, days.from, days.to);
    return rows;
  }

  accessCounts(siteId: string, days: DayRange): AccessCount[] {
    return this.#db
      .prepare<[string, string, string], AccessCount>(
        'SELECT day, event, channel, count FROM chat_access WHERE site_id = ? AND day BETWEEN ? AND ? ORDER BY day, event, channel',
      )
      .all(siteId, days.from, days.to);
  }

  listTurns(siteId: string, query: ChatTurnQuery): { total: number; turns: LoggedTurn[] } {
    const { clause, params } = turnFilter(siteId, query);
    const total = this.#db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM chat_turns t WHERE ${clause}`).get(...params)?.n ?? 0;
    const rows = this.#db
      .prepare<unknown[], TurnRow>(`SELECT * FROM chat_turns t WHERE ${clause} ORDER BY t.at DESC, t.id DESC LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset ?? 0);
    return { total, turns: rows.map(rowToTurn) };
  }

  /** Keyset pages over (at, id), so each batch is one index range however deep the export is. */
  *eachTurn(siteId: string, query: Omit<ChatTurnQuery, 'limit' | 'offset'>, batchSize: number): Generator<LoggedTurn[]> {
    const { clause, params } = turnFilter(siteId, query);
    const next = this.#db.prepare<unknown[], TurnRow>(`SELECT * FROM chat_turns t WHERE ${clause} AND (t.at, t.id) > (?, ?) ORDER BY t.at, t.id LIMIT ?`);
    let after = { at: '', id: '' };
    for (;;) {
      const rows = next.all(...params, after.at, after.id, batchSize);
      if (rows.length === 0) return;
      yield rows.map(rowToTurn);
      const last = rows.at(-1)!;
      after = { at: last.at, id: last.id };
    }
  }

  failedQuestions(siteId: string, days: DayRange, limit: number): FailedQuestion[] {
    return this.#db
      .prepare<[string, string, string, number], FailedQuestion>(
        `SELECT t.question, COUNT(*) AS count, MAX(t.at) AS lastAt,
           SUM(t.decision = 'none') AS none,
           SUM(t.decision = 'candidates' AND t.picked_qa_id IS NULL) AS candidates,
           SUM(t.rephrased) AS rephrased,
           SUM(t.resolved IS 0) AS notResolved
         FROM chat_turns t
         WHERE t.site_id = ? AND t.at >= ? AND t.at < ? AND ${FAILED}
           AND NOT EXISTS (SELECT 1 FROM chat_question_reviews r WHERE r.site_id = t.site_id AND r.question = t.question)
         GROUP BY t.question ORDER BY count DESC, lastAt DESC LIMIT ?`,
      )
      .all(siteId, japanDayStart(days.from), japanDayStart(addDays(days.to, 1)), limit);
  }

  reviewQuestions(siteId: string, questions: string[], review: QuestionReview): void {
    const upsert = this.#db.prepare<[string, string, string, string | null, string, string]>(
      `INSERT INTO chat_question_reviews (site_id, question, action, qa_id, actor, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, question) DO UPDATE SET action = excluded.action, qa_id = excluded.qa_id, actor = excluded.actor, at = excluded.at`,
    );
    this.#db.transaction(() => {
      for (const question of new Set(questions)) upsert.run(siteId, question, review.action, review.qaId, review.actor, review.at);
    })();
  }

  /** Deletes in batches and yields between them (see PURGE_BATCH). */
  async purge(siteId: string, beforeDay: string): Promise<number> {
    const before = japanDayStart(beforeDay);
    const deleteBatch = this.#logDb.prepare<[string, string, number]>(
      `DELETE FROM chat_turns WHERE (site_id, at, id) IN (SELECT site_id, at, id FROM chat_turns WHERE site_id = ? AND at < ? ORDER BY at LIMIT ?)`,
    );
    let deleted = 0;
    for (;;) {
      const { changes } = deleteBatch.run(siteId, before, PURGE_BATCH);
      deleted += changes;
      if (changes < PURGE_BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#logDb.transaction(() => {
      this.#logDb.prepare<[string, string]>('DELETE FROM chat_counts WHERE site_id = ? AND day < ?').run(siteId, beforeDay);
      this.#logDb.prepare<[string, string]>('DELETE FROM chat_access WHERE site_id = ? AND day < ?').run(siteId, beforeDay);
      this.#logDb.prepare<[string, string]>('DELETE FROM chat_question_reviews WHERE site_id = ? AND at < ?').run(siteId, before);
    })();
    return deleted;
  }

  mostAnsweredQas(siteId: string, sinceDay: string, limit: number): { qaId: string; count: number }[] {
    return this.#db
      .prepare<[string, string, number], { qaId: string; count: number }>(
        `SELECT value AS qaId, SUM(turns) AS count FROM chat_counts WHERE site_id = ? AND dimension = 'qa' AND day >= ?
         GROUP BY value HAVING SUM(turns) > 0 ORDER BY count DESC, value LIMIT ?`,
      )
      .all(siteId, sinceDay, limit);
  }
}

function prepareWrites(logDb: Database.Database) {
  return {
    // INDEXED BY: left to itself the planner may walk the time-ordered primary key over every earlier turn.
    previousTurn: logDb.prepare<[string, string], TurnRow>(
      'SELECT * FROM chat_turns INDEXED BY chat_turns_session WHERE site_id = ? AND session_id = ? ORDER BY at DESC, id DESC LIMIT 1',
    ),
    insertTurn: logDb.prepare(
      `INSERT INTO chat_turns (site_id, at, id, session_id, day, hour, channel, page, lang, via, question, decision, qa_id, category, shown, latency_ms, first_in_session)
       VALUES (:site_id, :at, :id, :session_id, :day, :hour, :channel, :page, :lang, :via, :question, :decision, :qa_id, :category, :shown, :latency_ms, :first_in_session)`,
    ),
    countTurn: logDb.prepare(countTurnsSql('t.site_id = :site_id AND t.id = :id')),
    markRephrased: logDb.prepare<[string, string]>('UPDATE chat_turns SET rephrased = 1 WHERE site_id = ? AND id = ?'),
    markPicked: logDb.prepare<[string | null, string, string]>('UPDATE chat_turns SET picked_qa_id = ? WHERE site_id = ? AND id = ?'),
    turnExists: logDb.prepare<[string, string], { id: string }>('SELECT id FROM chat_turns WHERE site_id = ? AND id = ?'),
    setFeedback: logDb.prepare<[number, string | null, string, string, string]>(
      'UPDATE chat_turns SET resolved = ?, comment = ?, feedback_at = ? WHERE site_id = ? AND id = ?',
    ),
    countAccess: logDb.prepare<[string, string, string, string]>(
      `INSERT INTO chat_access (site_id, day, event, channel, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (site_id, day, event, channel) DO UPDATE SET count = count + 1`,
    ),
  };
}

function turnFilter(siteId: string, query: Omit<ChatTurnQuery, 'limit' | 'offset'>): { clause: string; params: unknown[] } {
  const conditions = ['t.site_id = ?', 't.at >= ?', 't.at < ?'];
  const params: unknown[] = [siteId, japanDayStart(query.days.from), japanDayStart(addDays(query.days.to, 1))];
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    conditions.push(`t.${column} = ?`);
    params.push(value);
  };
  equal('decision', query.decision);
  equal('channel', query.channel);
  equal('lang', query.lang);
  equal('qa_id', query.qaId);
  if (query.text !== undefined && query.text !== '') {
    conditions.push('(instr(t.question, ?) > 0 OR instr(COALESCE(t.comment, \'\'), ?) > 0)');
    params.push(query.text, query.text);
  }
  if (query.failed) conditions.push(FAILED);
  return { clause: conditions.join(' AND '), params };
}

function rowToTurn(row: TurnRow): LoggedTurn {
  return {
    id: row.id,
    sessionId: row.session_id,
    at: row.at,
    day: row.day,
    hour: row.hour,
    channel: row.channel,
    page: row.page,
    lang: row.lang,
    via: row.via,
    question: row.question,
    decision: row.decision,
    qaId: row.qa_id,
    category: row.category,
    shown: JSON.parse(row.shown) as LoggedTurn['shown'],
    latencyMs: row.latency_ms,
    firstInSession: row.first_in_session === 1,
    rephrased: row.rephrased === 1,
    pickedQaId: row.picked_qa_id,
    resolved: row.resolved === null ? null : row.resolved === 1,
    comment: row.comment,
    feedbackAt: row.feedback_at,
  };
}
