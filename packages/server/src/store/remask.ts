/**
 * Re-applies chat/redact.ts to the citizen text already stored, for a migration step after the masking has
 * improved (issue 15: numbers written with other separators, kanji or invisible characters had been kept in
 * clear). Both backends walk the same columns; each writes only the rows whose text changes.
 */
import { redactPersonalData } from '../chat/redact.ts';

/**
 * A table holding citizen free text: the primary key that walks it in batches, the text columns and the
 * columns holding a JSON list of texts.
 */
export interface CitizenText {
  table: string;
  key: readonly string[];
  texts: readonly string[];
  lists: readonly string[];
}

/**
 * Every stored copy of what citizens typed, besides chat_question_reviews whose question is its key (see
 * {@link remaskedReview}): questions and feedback comments, and the question and dropped sentences of AI
 * answers (their sentences can echo the question).
 */
export const CITIZEN_TEXT: readonly CitizenText[] = [
  { table: 'chat_turns', key: ['site_id', 'at', 'id'], texts: ['question', 'comment'], lists: [] },
  { table: 'generated_answers', key: ['site_id', 'id'], texts: ['question'], lists: ['dropped_sentences'] },
];

/** Rows read and rewritten at a time, so a chat log of millions of turns is never in memory at once. */
export const REMASK_BATCH = 1000;

/**
 * The new values of a row's text and list columns (lists as JSON text), or null when none changes.
 *
 * @example remaskRow(turns, { question: '090・1234・5678', comment: null }) // { question: '［電話番号］', comment: null }
 */
export function remaskRow(target: CitizenText, row: Readonly<Record<string, unknown>>): Record<string, string | null> | null {
  let changed = false;
  const values: Record<string, string | null> = {};
  for (const column of target.texts) {
    const text = row[column];
    const masked = typeof text === 'string' ? redactPersonalData(text) : null;
    changed ||= masked !== text;
    values[column] = masked;
  }
  for (const column of target.lists) {
    // SQLite hands back JSON text, PostgreSQL a parsed jsonb value.
    const raw = row[column];
    const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[];
    const masked = list.map((item) => (typeof item === 'string' ? redactPersonalData(item) : item));
    changed ||= masked.some((item, i) => item !== list[i]);
    values[column] = JSON.stringify(masked);
  }
  return changed ? values : null;
}

/** The SQL both backends run, with their placeholders: `p(1)` is the first parameter. */
type Placeholder = (n: number) => string;

/**
 * The next batch of a table's rows in key order: after the key given as parameters, or from the start.
 *
 * @example selectBatchSql(turns, (n) => `$${n}`, true) // 'SELECT … WHERE (site_id, at, id) > ($1, $2, $3) ORDER BY …'
 */
export function selectBatchSql(target: CitizenText, p: Placeholder, after: boolean): string {
  const key = target.key.join(', ');
  const from = after ? ` WHERE (${key}) > (${target.key.map((_, i) => p(i + 1)).join(', ')})` : '';
  return `SELECT ${[...target.key, ...target.texts, ...target.lists].join(', ')} FROM ${target.table}${from} ORDER BY ${key} LIMIT ${REMASK_BATCH}`;
}

/** Sets the text and list columns (in that order), then the key, of one row. */
export function updateRowSql(target: CitizenText, p: Placeholder): string {
  const columns = [...target.texts, ...target.lists];
  const set = columns.map((column, i) => `${column} = ${p(i + 1)}`).join(', ');
  const where = target.key.map((column, i) => `${column} = ${p(columns.length + i + 1)}`).join(' AND ');
  return `UPDATE ${target.table} SET ${set} WHERE ${where}`;
}

/** The parameters of {@link updateRowSql}. */
export function updateRowParameters(target: CitizenText, row: Readonly<Record<string, unknown>>, masked: Readonly<Record<string, string | null>>): unknown[] {
  return [...[...target.texts, ...target.lists].map((column) => masked[column]), ...target.key.map((column) => row[column])];
}

/** Copies the review of (site, question) to the masked question, keeping the later of two; parameters: masked, site, question. */
export function copyReviewSql(p: Placeholder): string {
  return `INSERT INTO chat_question_reviews (site_id, question, action, qa_id, actor, at)
    SELECT site_id, CAST(${p(1)} AS TEXT), action, qa_id, actor, at FROM chat_question_reviews WHERE site_id = ${p(2)} AND question = ${p(3)}
    ON CONFLICT (site_id, question) DO UPDATE SET action = excluded.action, qa_id = excluded.qa_id, actor = excluded.actor, at = excluded.at
    WHERE excluded.at > chat_question_reviews.at`;
}

/** Removes the review of (site, question) once copied; parameters: site, question. */
export function deleteReviewSql(p: Placeholder): string {
  return `DELETE FROM chat_question_reviews WHERE site_id = ${p(1)} AND question = ${p(2)}`;
}

/** Reviews are staff decisions, a few thousand at most: read in one go. */
export const SELECT_REVIEWS_SQL = 'SELECT site_id, question FROM chat_question_reviews';

/**
 * The masked key of a question review, or null when it is unchanged. Turns are re-masked too, so a review
 * moved to its masked question still hides that question from the improvement list; when two reviews meet
 * at one masked question, the later one is kept.
 *
 * @example remaskedReview('090・1234・5678の件') // '［電話番号］の件'
 */
export function remaskedReview(question: string): string | null {
  const masked = redactPersonalData(question);
  return masked === question ? null : masked;
}
