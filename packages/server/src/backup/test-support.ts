/**
 * Reading a whole SQLite database for comparisons in the backup tests: every table's rows in a fixed order.
 */
import Database from 'better-sqlite3';

/** Every row of every table (SQLite's own excepted), by table, each table ordered by all its columns. */
export function databaseRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all();
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = db.prepare(`SELECT * FROM "${name}" LIMIT 0`).columns().length;
        const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
        return [name, db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all()];
      }),
    );
  } finally {
    db.close();
  }
}

/**
 * What is wrong with a database after a crash or a restore, as sentences (none when all is well): SQLite's
 * integrity check; every QA's version and content equal to its newest revision; revisions numbered 1..n with
 * no gap; no revision of a QA that is not there unless the QA's history ends in its deletion.
 */
export function qaHistoryProblems(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const qas = db.prepare<[], { site_id: string; id: string; version: number; content: string }>('SELECT site_id, id, version, content FROM qas').all();
    const revisions = db
      .prepare<[], { site_id: string; qa_id: string; version: number; action: string; content: string }>('SELECT site_id, qa_id, version, action, content FROM qa_revisions ORDER BY site_id, qa_id, version')
      .all();
    const historyOf = new Map<string, typeof revisions>();
    for (const revision of revisions) {
      const key = `${revision.site_id}/${revision.qa_id}`;
      historyOf.set(key, [...(historyOf.get(key) ?? []), revision]);
    }
    for (const qa of qas) {
      const history = historyOf.get(`${qa.site_id}/${qa.id}`) ?? [];
      const newest = history.at(-1);
      if (!newest || newest.version !== qa.version) problems.push(`QA ${qa.id}: version ${qa.version}, newest revision ${newest?.version}`);
      else if (newest.content !== qa.content) problems.push(`QA ${qa.id}: content differs from revision ${newest.version}`);
      if (!isJson(qa.content)) problems.push(`QA ${qa.id}: content is not JSON`);
    }
    const present = new Set(qas.map((qa) => `${qa.site_id}/${qa.id}`));
    for (const [key, history] of historyOf) {
      if (history.some((revision, i) => revision.version !== i + 1)) problems.push(`${key}: revisions ${history.map((r) => r.version).join(',')} are not 1..n`);
      if (!present.has(key) && history.at(-1)?.action !== 'delete') problems.push(`${key}: revisions of a QA that is not there`);
    }
    return problems;
  } finally {
    db.close();
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
