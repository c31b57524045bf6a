/**
 * `madoguchi eval --semantic` as a user runs it: a real process, a real data directory, and the embeddings
 * endpoint given by the same environment variables as `serve`, pointing at the fake OpenAI-compatible server.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeOpenAi, type FakeOpenAi } from '../ai/models/fake-openai-server.ts';
import { runMadoguchi as run } from './test-support.ts';

let dir: string;
let fake: FakeOpenAi;
let cases: string;
let dataDir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-semantic-cli-'));
  fake = await startFakeOpenAi();
  dataDir = path.join(dir, 'data');
  const qas = path.join(dir, 'qa.csv');
  await writeFile(
    qas,
    ['管理番号,大分類,質問,回答', '1,届出,住民票の写しを取りたい,市民課の窓口で請求できます。', '2,ごみ,粗大ごみの出し方,粗大ごみは申込制です。', '3,案内,手続きの方法を知りたい,手続きの方法をご案内します。'].join('\n'),
  );
  assert.equal((await run(['import', qas, '--data-dir', dataDir])).code, 0);
  cases = path.join(dir, 'cases.csv');
  await writeFile(cases, 'question,expected\n手続きの方法を知りたいです,3\n粗大ごみの出し方,2\n宝くじの当選番号,none\n');
});
after(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...process.env, MADOGUCHI_EMBEDDING_MODEL_URL: fake.url, MADOGUCHI_EMBEDDING_MODEL: 'emb-cli' });
const embeddingRequests = (): number => fake.requests.filter((r) => r.path.endsWith('/embeddings')).length;

test('prints the engine alone and with semantic search side by side, and what changed', async () => {
  const result = await run(['eval', cases, '--data-dir', dataDir, '--semantic'], '', env());
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /engine\s+\+ emb-cli\s+diff/);
  // The engine said 「答えられない」 to a question that has an answer; semantic search offered it.
  assert.match(result.stdout, /none precision\s+0\.5000\s+1\.0000\s+\+0\.5000/);
  assert.match(result.stdout, /candidates with right\s+0\s+1\s+\+1/);
  assert.match(result.stdout, /answered, WRONG\s+0\s+0\s+\+0/);
  assert.match(result.stdout, /improved: 1\n\s+手続きの方法を知りたいです {2}expected 3: none → candidates #1/);
  assert.match(result.stdout, /worsened: 0/);
});

test('a second run embeds nothing: QAs and questions are cached in the data directory', async () => {
  const before = embeddingRequests();
  const result = await run(['eval', cases, '--data-dir', dataDir, '--semantic'], '', env());
  assert.equal(result.code, 0, result.stderr);
  assert.equal(embeddingRequests(), before);
});

test('--semantic without an embeddings model: a Japanese message naming the flags', async () => {
  const result = await run(['eval', cases, '--data-dir', dataDir, '--semantic']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /--semantic には埋め込みモデルの指定が必要です.*--embedding-model-url/);
});
