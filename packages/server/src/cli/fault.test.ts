/**
 * Crashes: `madoguchi` killed with SIGKILL (no shutdown code runs) in the middle of a large import and of a
 * stream of staff edits, then started again. Each import and each edit is one SQLite transaction, so after
 * the restart each is there whole or not at all, every acknowledged edit is there, and the QA history agrees
 * with the QAs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { TEST_PASSWORD, testPasswordHashOnce } from '../auth/test-support.ts';
import { qaHistoryProblems } from '../backup/test-support.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../store/sqlite/index.ts';
import { signInAt, staffRequest, startServeProcess, type StaffCredentials } from './serve-process.ts';
import { BIN } from './test-support.ts';

const SITE = 'default';
const EDITOR = 'fault-editor';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-fault-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A data directory holding the QAs, an editor, and nothing in its WAL. */
async function dataDirWith(name: string, ids: string[]): Promise<string> {
  const dataDir = path.join(dir, name);
  const store = openSqliteStore(dataDir);
  await store.importQas(SITE, ids.map((id) => qaContent(id)), { actor: 'setup', mode: 'merge' });
  await store.createAccount(SITE, { loginId: EDITOR, displayName: EDITOR, role: 'editor', passwordHash: await testPasswordHashOnce() });
  await store.close();
  return dataDir;
}

const qaIdsIn = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT id FROM qas ORDER BY id').pluck().all();
  } finally {
    db.close();
  }
};

test('an import killed mid-transaction is either all there or not there at all', async () => {
  const dataDir = await dataDirWith('import', ['existing']);
  const file = path.join(dir, 'big.jsonl');
  const count = 20_000;
  await writeFile(file, Array.from({ length: count }, (_, i) => JSON.stringify(qaContent(`B${i}`, { answer: `一括で取り込む回答 ${i}。`.repeat(4) }))).join('\n'));

  const child = spawn(process.execPath, [BIN, 'import', file, '--data-dir', dataDir, '--no-publish'], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  // The import is one transaction larger than SQLite's page cache, so its pages spill into the WAL before it
  // commits: a WAL past 1 MB means the transaction is under way.
  const wal = path.join(dataDir, `${SQLITE_FILE_NAME}-wal`);
  while (child.exitCode === null && ((await stat(wal).catch(() => undefined))?.size ?? 0) < 1024 * 1024) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGKILL', 'killed before it finished');

  // What a restarted madoguchi does first: open the store (SQLite recovers the WAL).
  const store = openSqliteStore(dataDir);
  const ids = (await store.listQas(SITE)).map((qa) => qa.id);
  await store.close();
  assert.ok(ids.length === 1 || ids.length === count + 1, `${ids.length} QAs: neither none nor all of the import`);
  assert.ok(ids.includes('existing'));
  assert.deepEqual(qaHistoryProblems(path.join(dataDir, SQLITE_FILE_NAME)), []);
});

interface Acknowledged {
  id: string;
  /** The version the server said it saved, or 'deleted'. */
  version: number | 'deleted';
  answer?: string;
}

/**
 * Four staff members at once until the server dies: three save their own QAs over and over, one creates
 * QAs and deletes every other one it made. Each acknowledged change is recorded.
 */
function editUntilTheServerDies(
  url: string,
  staff: StaffCredentials,
  ids: string[],
): { acknowledged: Acknowledged[]; deletionsSent: Set<string>; ended: Promise<unknown[]> } {
  const acknowledged: Acknowledged[] = [];
  /** QAs whose deletion was sent: the kill may fall after the deletion is stored and before it is acknowledged. */
  const deletionsSent = new Set<string>();
  const send = async (path: string, init: RequestInit): Promise<{ version: number } | undefined> => {
    const response = await staffRequest(url, staff, path, init);
    if (!response.ok) throw new Error(`${init.method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : ((await response.json()) as { version: number });
  };
  const saver = async (mine: string[]): Promise<void> => {
    const versions = new Map(mine.map((id) => [id, 1]));
    for (let k = 1; ; k++) {
      const id = mine[k % mine.length]!;
      const answer = `保存 ${k} 回目の回答`;
      const saved = await send(`/qas/${id}`, { method: 'PUT', body: JSON.stringify({ ...qaContent(id, { answer }), version: versions.get(id) }) });
      versions.set(id, saved!.version);
      acknowledged.push({ id, version: saved!.version, answer });
    }
  };
  const creator = async (): Promise<void> => {
    for (let k = 1; ; k++) {
      const id = `new-${k}`;
      const answer = `新しい QA ${k} の回答`;
      const created = await send('/qas', { method: 'POST', body: JSON.stringify({ id, question: `新しい質問 ${k}`, answer }) });
      acknowledged.push({ id, version: created!.version, answer });
      if (k % 2 === 0) {
        deletionsSent.add(id);
        await send(`/qas/${id}?version=${created!.version}`, { method: 'DELETE' });
        acknowledged.push({ id, version: 'deleted' });
      }
    }
  };
  const third = Math.ceil(ids.length / 3);
  // Every loop ends at its first failed request; the reasons, for a failure before the kill.
  const loops = [saver(ids.slice(0, third)), saver(ids.slice(third, 2 * third)), saver(ids.slice(2 * third)), creator()];
  const ended = Promise.allSettled(loops).then((results) => results.map((r) => (r.status === 'rejected' ? r.reason : undefined)));
  return { acknowledged, deletionsSent, ended };
}

test('a server killed during a stream of edits restarts with every edit whole or absent and every acknowledged one there', async () => {
  const ids = Array.from({ length: 9 }, (_, i) => `q${i + 1}`);
  const dataDir = await dataDirWith('edits', ids);
  const first = await startServeProcess(['--data-dir', dataDir]);
  const edits = editUntilTheServerDies(first.url, await signInAt(first.url, EDITOR, TEST_PASSWORD), ids);
  let stopped = false;
  void edits.ended.then(() => (stopped = true));
  while (edits.acknowledged.length < 60 && !stopped) await new Promise((resolve) => setTimeout(resolve, 10));
  if (stopped) assert.fail(`the edits stopped before the kill: ${String((await edits.ended).find(Boolean))}`);
  await first.kill();
  await edits.ended;
  const acknowledged = [...edits.acknowledged];

  const second = await startServeProcess(['--data-dir', dataDir]);
  try {
    const staff = await signInAt(second.url, EDITOR, TEST_PASSWORD);
    const served = async (id: string): Promise<{ httpStatus: number; version?: number }> => {
      const response = await staffRequest(second.url, staff, `/qas/${id}`);
      return { httpStatus: response.status, version: response.ok ? ((await response.json()) as { qa: { version: number } }).qa.version : undefined };
    };
    // The newest acknowledged change of each QA is what the restarted server shows, or an edit after it.
    const newest = new Map(acknowledged.map((change) => [change.id, change]));
    for (const change of newest.values()) {
      const now = await served(change.id);
      if (change.version === 'deleted') assert.equal(now.httpStatus, 404, `${change.id} was deleted`);
      else if (now.httpStatus === 404) assert.ok(edits.deletionsSent.has(change.id), `${change.id}: acknowledged version ${change.version}, gone without a deletion sent`);
      else assert.ok(now.httpStatus === 200 && now.version! >= change.version, `${change.id}: acknowledged version ${change.version}, served ${now.version} (${now.httpStatus})`);
    }
  } finally {
    await second.stop();
  }

  const file = path.join(dataDir, SQLITE_FILE_NAME);
  assert.deepEqual(qaHistoryProblems(file), []);
  const db = new Database(file, { readonly: true });
  const revision = db.prepare<[string, number], { content: string }>('SELECT content FROM qa_revisions WHERE site_id = \'default\' AND qa_id = ? AND version = ?');
  for (const change of acknowledged.filter((c) => c.version !== 'deleted')) {
    const stored = revision.get(change.id, change.version as number);
    assert.equal(stored && (JSON.parse(stored.content) as { answer: string }).answer, change.answer, `${change.id} version ${change.version}`);
  }
  db.close();
  assert.ok(qaIdsIn(file).length >= ids.length);
});
