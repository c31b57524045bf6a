/**
 * Backups of a PostgreSQL deployment (DATABASE_URL) with PostgreSQL's own tools: `pg_dump` in its custom
 * format, which pg_dump takes from one consistent snapshot while the servers keep working, and `pg_restore`
 * in a single transaction, so a restore lands whole or not at all. Uploaded files are rows of the database
 * and come along. The password never goes on a command line (where `ps` shows it): it is handed over in
 * PGPASSWORD.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { commitFile, tempPathBeside } from './atomic-files.ts';
import { BackupError } from './backup-error.ts';

const run = promisify(execFile);

/** What a PostgreSQL archive holds, from its table of contents. */
export interface PostgresArchive {
  /** Tables whose rows the archive holds. */
  tables: string[];
}

/**
 * Dumps the database (only Madoguchi's schema when the URL sets one) to `target` (written under a temporary
 * name, listed back with pg_restore, then renamed), and returns what it holds.
 *
 * @throws BackupError when pg_dump fails or the dump holds no Madoguchi data.
 * @example await backupPostgres(process.env.DATABASE_URL, '/backups/madoguchi.pgdump');
 */
export async function backupPostgres(databaseUrl: string, target: string): Promise<PostgresArchive> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathBeside(target, 'pg_dump');
  try {
    const schema = searchPathSchema(databaseUrl);
    await pgTool('pg_dump', ['--format=custom', `--file=${temp}`, ...(schema === undefined ? [] : [`--schema=${schema}`])], databaseUrl);
    const archive = await readArchive(temp);
    await commitFile(temp, target);
    return archive;
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Restores an archive into the database of `databaseUrl` in one transaction. A database that already has
 * Madoguchi's tables is replaced only with `force`; objects the archive holds are dropped and made again.
 *
 * @throws BackupError when the file is not a Madoguchi archive, the database has data and `force` is not
 *   set, or pg_restore fails (then nothing changed).
 */
export async function restorePostgres(backupFile: string, databaseUrl: string, options: { force: boolean }): Promise<PostgresArchive> {
  if (!existsSync(backupFile)) throw new BackupError(`バックアップファイルがありません（${backupFile}）。`);
  const archive = await readArchive(backupFile);
  if (!options.force && (await hasMadoguchiTables(databaseUrl))) {
    throw new BackupError('DATABASE_URL のデータベースにはすでに Madoguchi のデータがあります。置き換えるときは、サーバーを止めてから --force を付けて実行してください。');
  }
  // Owners and grants are the old server's: on a new server the restoring role owns what it makes.
  await pgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', backupFile], databaseUrl);
  return archive;
}

/** @throws BackupError unless the file is a custom-format archive with Madoguchi's tables. */
async function readArchive(file: string): Promise<PostgresArchive> {
  let listing: string;
  try {
    listing = (await run('pg_restore', ['--list', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw toolError('pg_restore', error, 'このファイルは pg_dump（カスタム形式）のバックアップとして読めません。別のバックアップファイルを使ってください。');
  }
  // Lines like "2345; 0 16390 TABLE DATA public qas postgres".
  const tables = [...listing.matchAll(/^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /gm)].map((m) => m[2] ?? '');
  if (!tables.includes('qas')) throw new BackupError('このファイルには Madoguchi のデータ（QA の表）がありません。DATABASE_URL と、バックアップファイルを確かめてください。');
  return { tables };
}

async function hasMadoguchiTables(databaseUrl: string): Promise<boolean> {
  const { stdout } = await pgTool('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '--command', "SELECT to_regclass('qas') IS NOT NULL"], databaseUrl);
  return stdout.trim() === 't';
}

/** Runs a PostgreSQL client tool on the database, the password (if any) in the environment. */
async function pgTool(tool: 'pg_dump' | 'pg_restore' | 'psql', args: string[], databaseUrl: string): Promise<{ stdout: string }> {
  const { dbname, password } = libpqConnection(databaseUrl);
  const env = password === undefined ? process.env : { ...process.env, PGPASSWORD: password };
  try {
    return await run(tool, [...args, `--dbname=${dbname}`], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw toolError(tool, error, `${tool} が失敗しました`);
  }
}

/**
 * The schema a DATABASE_URL puts Madoguchi in (`?options=-c search_path=madoguchi`, for a database shared
 * with other systems): then only that schema is dumped, never the other systems' data.
 */
function searchPathSchema(databaseUrl: string): string | undefined {
  const options = URL.canParse(databaseUrl) ? new URL(databaseUrl).searchParams.get('options') : null;
  return options === null ? undefined : /(?:^|\s)-c\s*search_path=([a-z_][a-z0-9_]*)/.exec(options)?.[1];
}

/**
 * The connection as libpq's tools take it: a URI without its password, and the password; other connection
 * strings as they are. Query values are re-encoded with %20 for spaces, since libpq does not read "+" as one
 * (URLSearchParams writes it so).
 */
function libpqConnection(databaseUrl: string): { dbname: string; password: string | undefined } {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return { dbname: databaseUrl, password: undefined };
  const url = new URL(databaseUrl);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.password = '';
  const query = [...url.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  url.search = '';
  return { dbname: query === '' ? url.href : `${url.href}?${query}`, password };
}

function toolError(tool: string, error: unknown, message: string): BackupError {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    return new BackupError(`${tool} が見つかりません。PostgreSQL のクライアント（Debian では postgresql-client）をインストールしてください。`);
  }
  const stderr = error instanceof Error && 'stderr' in error && typeof error.stderr === 'string' ? error.stderr.trim() : '';
  return new BackupError(stderr === '' ? `${message}。` : `${message}: ${stderr}`);
}
