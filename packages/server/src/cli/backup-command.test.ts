/**
 * `madoguchi backup` and `restore` as an operator uses them, in real processes on real files: backups taken
 * while a served `madoguchi` keeps saving staff edits (by hand, and on the server's own schedule) restore to
 * exactly one of the states the data went through, every QA, revision and uploaded file included.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TEST_PASSWORD, testPasswordHashOnce } from '../auth/test-support.ts';
import { restoreSqlite } from '../backup/sqlite-restore.ts';
import { databaseRows, qaHistoryProblems } from '../backup/test-support.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../store/sqlite/index.ts';
import { signInAt, staffRequest, startServeProcess, type ServeProcess, type StaffCredentials } from './serve-process.ts';
import { runMadoguchi } from './test-support.ts';

const SITE = 'default';
const EDITOR = 'backup-editor';
const QA_IDS = Array.from({ length: 12 }, (_, i) => String(i + 1));
/** Every seventh step uploads a file instead of saving a QA. */
const UPLOAD_EVERY = 7;

let dir: string;
let dataDir: string;
let backupDir: string;
let server: ServeProcess;
let staff: StaffCredentials;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-backup-cli-'));
  dataDir = path.join(dir, 'data');
  backupDir = path.join(dir, 'scheduled');
  const store = openSqliteStore(dataDir);
  await store.importQas(SITE, QA_IDS.map((id) => qaContent(id)), { actor: 'setup', mode: 'merge' });
  await store.publish(SITE, 'setup');
  await store.createAccount(SITE, { loginId: EDITOR, displayName: EDITOR, role: 'editor', passwordHash: await testPasswordHashOnce() });
  await store.close();
  // A backup every 1.8 seconds, one kept.
  server = await startServeProcess(['--data-dir', dataDir], ['--backup-dir', backupDir, '--backup-every', '0.0005', '--backup-keep', '1']);
  staff = await signInAt(server.url, EDITOR, TEST_PASSWORD);
});
after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Step k's mark: in a QA's answer as "#k", in an uploaded file's name as "file-k.pdf". */
const markOfContent = (content: string): number => Number(/#(\d+)/.exec((JSON.parse(content) as { answer: string }).answer)?.[1] ?? 0);
const markOfFile = (name: string): number => Number(/^file-(\d+)\.pdf$/.exec(name)?.[1] ?? 0);
const pdf = (k: number): Buffer => Buffer.from(`%PDF-1.4\n% step ${k}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

/**
 * Staff edits one after another, each acknowledged before the next: step k saves QA k mod 12 with "#k" in
 * its answer, or uploads file-k.pdf. Committed in that order, so every state the database passes through is
 * "steps 1..K done".
 */
function editContinuously(): { done: () => number; stop: () => Promise<number> } {
  const versions = new Map(QA_IDS.map((id) => [id, 1]));
  let acknowledged = 0;
  let stopping = false;
  const loop = (async () => {
    for (let k = 1; !stopping; k++) {
      let response: Response;
      if (k % UPLOAD_EVERY === 0) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(pdf(k))]), `file-${k}.pdf`);
        response = await staffRequest(server.url, staff, '/files', { method: 'POST', body: form });
      } else {
        const id = QA_IDS[k % QA_IDS.length]!;
        const change = { ...qaContent(id, { answer: `回答 ${id} を変更しました #${k}`, keywords: [`変更${k}`] }), version: versions.get(id) };
        response = await staffRequest(server.url, staff, `/qas/${id}`, { method: 'PUT', body: JSON.stringify(change) });
        if (response.ok) versions.set(id, ((await response.json()) as { version: number }).version);
      }
      if (!response.ok) throw new Error(`step ${k}: ${response.status} ${await response.text()}`);
      acknowledged = k;
    }
  })();
  return {
    done: () => acknowledged,
    stop: async () => {
      stopping = true;
      await loop;
      return acknowledged;
    },
  };
}

async function untilAcknowledged(edits: { done: () => number }, steps: number): Promise<void> {
  while (edits.done() < steps) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * The source's state after step `mark`, rebuilt from its full history: the revisions and files of steps up
 * to `mark`, and each QA as its newest such revision.
 */
function sourceStateAfter(source: Record<string, unknown[]>, mark: number) {
  const revisions = (source.qa_revisions as { qa_id: string; version: number; content: string }[]).filter((r) => markOfContent(r.content) <= mark);
  const newest = new Map(revisions.map((r) => [r.qa_id, r]));
  return {
    revisions,
    qas: [...newest.values()].map((r) => ({ id: r.qa_id, version: r.version, content: r.content })).sort((a, b) => a.id.localeCompare(b.id)),
    files: (source.files as { name: string }[]).filter((f) => markOfFile(f.name) <= mark),
  };
}

/** Restored into `target`, the backup holds the source's state after some step within [startedAfter, finishedBefore). */
function assertOneStateOfTheSource(target: string, source: Record<string, unknown[]>, startedAfter: number, finishedBefore: number): void {
  const file = path.join(target, SQLITE_FILE_NAME);
  assert.deepEqual(qaHistoryProblems(file), []);

  const rows = databaseRows(file);
  const revisions = rows.qa_revisions as { content: string }[];
  const files = rows.files as { name: string; data: Buffer; sha256: string }[];
  const mark = Math.max(...revisions.map((r) => markOfContent(r.content)), ...files.map((f) => markOfFile(f.name)));
  // The snapshot fell while the edits went on: after the steps acknowledged before the backup began, before the last.
  assert.ok(mark >= startedAfter && mark < finishedBefore, `snapshot after step ${mark}, expected within [${startedAfter}, ${finishedBefore})`);

  const expected = sourceStateAfter(source, mark);
  assert.deepEqual(revisions, expected.revisions);
  assert.deepEqual(
    (rows.qas as { id: string; version: number; content: string }[]).map(({ id, version, content }) => ({ id, version, content })).sort((a, b) => a.id.localeCompare(b.id)),
    expected.qas,
  );
  assert.deepEqual(files, expected.files);
  for (const f of files) assert.equal(createHash('sha256').update(f.data).digest('hex'), f.sha256);
  assert.deepEqual(rows.published_qas, source.published_qas);
}

test('backups taken during continuous edits restore to exactly one state the data went through', async () => {
  const edits = editContinuously();
  await untilAcknowledged(edits, 10);
  const manualStartedAfter = edits.done();
  const manual = path.join(dir, 'manual', 'madoguchi.sqlite.gz');
  const backup = await runMadoguchi(['--data-dir', dataDir, 'backup', manual]);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /バックアップを作成しました: .*（QA 12 件、QA の変更履歴 \d+ 件、ファイル \d+ 件、会話ログ 0 件、[\d.]+ MB、検査済み）/);

  // The server's own schedule: the second backup's rotation deletes the first (one kept).
  const scheduled = (await server.waitForLog((line) => line.includes('scheduled backup written'), 2)).map((line) => JSON.parse(line) as { file: string; deleted: string[] });
  assert.deepEqual(scheduled.map((s) => s.deleted), [[], [path.basename(scheduled[0]!.file)]]);
  await untilAcknowledged(edits, edits.done() + 3);
  const last = await edits.stop();
  await server.stop();

  const source = databaseRows(path.join(dataDir, SQLITE_FILE_NAME));
  assert.equal(source.qa_revisions?.length, QA_IDS.length + last - Math.floor(last / UPLOAD_EVERY));
  const restoredManual = path.join(dir, 'restored-manual');
  const restored = await runMadoguchi(['restore', manual, '--data-dir', restoredManual]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, /のバックアップを .* に戻しました（QA 12 件、QA の変更履歴 \d+ 件、ファイル \d+ 件/);
  assertOneStateOfTheSource(restoredManual, source, manualStartedAfter, last);
  // The scheduled one through the same code as the command, without another process start.
  const restoredScheduled = path.join(dir, 'restored-scheduled');
  await restoreSqlite(scheduled[1]!.file, restoredScheduled, { force: false });
  assertOneStateOfTheSource(restoredScheduled, source, 0, last);
});
