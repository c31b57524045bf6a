/**
 * The semantic index against a real SQLite store and the fake OpenAI-compatible server on 127.0.0.1 (its
 * embeddings are hashed character bigrams): incremental embedding, cached in the store, following rebuilds,
 * and failures that leave the engine alone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { qaContent } from '../../qa/test-fixtures.ts';
import { SearchService } from '../../search/search-service.ts';
import { openSqliteStore } from '../../store/sqlite/index.ts';
import type { Store } from '../../store/store.ts';
import { startFakeOpenAi, type FakeFailure, type FakeOpenAi } from '../models/fake-openai-server.ts';
import type { EmbeddingModel } from '../models/models.ts';
import { createModelProviders } from '../models/providers.ts';
import { embeddingKey, embeddingText } from './embedding-text.ts';
import { SemanticIndex } from './semantic-index.ts';

const SITE = 'default';
const MODEL = 'embed-test';
const QAS = [
  qaContent('1001', { question: '住民票の写しがほしい', alternates: ['住民票を取りたい'], answer: '**市民課**の窓口で請求できます。{{市名}}役所1階です。' }),
  qaContent('1002', { question: '粗大ごみの出し方', answer: '粗大ごみは申込制です。' }),
  qaContent('1003', { question: '児童手当の申請', answer: '子育て支援課へお越しください。' }),
];

let dir: string;
let store: Store;
let fake: FakeOpenAi;
let model: EmbeddingModel;
/** A failure the fake gives embeddings requests instead of vectors, while set. */
let failure: FakeFailure | undefined;

/** The texts the fake was asked to embed since `from` (a request index). */
function embeddedSince(from: number): string[] {
  return fake.requests.slice(from).flatMap((r) => (r.path.endsWith('/embeddings') ? ((r.body as { input: string[] }).input ?? []) : []));
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-semantic-'));
  store = openSqliteStore(dir);
  await store.importQas(SITE, QAS, { actor: 'test', mode: 'replace' });
  await store.setSetting(SITE, 'cityFacts', { 市名: 'まどぐち市' }, 'test');
  fake = await startFakeOpenAi({ embedFailure: () => failure });
  model = createModelProviders({ chat: null, embeddings: { url: fake.url, model: MODEL }, timeoutMs: 10_000, retries: 0 }, store, SITE).embeddings!;
});

after(async () => {
  await fake.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SemanticIndex', () => {
  let search: SearchService;
  let index: SemanticIndex;

  before(async () => {
    search = await SearchService.open(store, SITE, { scope: 'working', withoutSudachi: true });
    index = new SemanticIndex(store, search, model);
  });
  after(() => index.close());

  test('the first refresh embeds every QA (facts filled, Markdown stripped) and caches the vectors in the store', async () => {
    const from = fake.requests.length;
    await index.refresh();
    const sent = embeddedSince(from);
    assert.equal(sent.length, 3);
    assert.ok(sent.includes('住民票の写しがほしい\n住民票を取りたい\n市民課 の窓口で請求できます。まどぐち市役所1階です。'), sent.join(' | '));
    assert.deepEqual({ ...index.status(), lastError: null }, {
      model: MODEL,
      qas: 3,
      vectors: 3,
      refreshing: false,
      refreshFailures: 0,
      questionFailures: 0,
      questionsSkipped: 0,
      lastError: null,
    });
    const key = embeddingKey(MODEL, embeddingText(QAS[1]!, { 市名: 'まどぐち市' }));
    const cached = await store.readEmbeddings(MODEL, [key]);
    assert.equal(cached.get(key)?.length, 256);
  });

  test('a second refresh, and a new index over the same store, embed nothing', async () => {
    const from = fake.requests.length;
    await index.refresh();
    const other = new SemanticIndex(store, await SearchService.open(store, SITE, { scope: 'working', withoutSudachi: true }), model);
    await other.refresh();
    assert.deepEqual(embeddedSince(from), []);
    assert.equal(other.status().vectors, 3);
    await other.close();
  });

  test('an edited QA is embedded again after the rebuild, and only it', async () => {
    const qa = (await store.getQa(SITE, '1002'))!;
    await store.saveQa(SITE, { ...qa, answer: '粗大ごみは電話かインターネットで申し込んでください。' }, { actor: 'test', expectedVersion: qa.version });
    const from = fake.requests.length;
    await search.rebuild();
    await index.ready();
    assert.deepEqual(embeddedSince(from), ['粗大ごみの出し方\n粗大ごみは電話かインターネットで申し込んでください。']);
    assert.equal(index.status().vectors, 3);
  });

  test('rank: the QA sharing the most characters first; personal data never leaves the server', async () => {
    const from = fake.requests.length;
    const similar = await index.rank('住民票の写しを取りたい 電話は090-1234-5678です', { top: 2 });
    assert.equal(similar?.[0]?.id, '1001');
    assert.equal(similar?.length, 2);
    const [sent] = embeddedSince(from);
    assert.ok(sent !== undefined && !sent.includes('090-1234-5678'), sent);
  });

  test('a failing endpoint during a refresh: counted, explained in Japanese, and the vectors it had keep serving', async () => {
    const qa = (await store.getQa(SITE, '1003'))!;
    await store.saveQa(SITE, { ...qa, question: '児童手当を申し込みたい' }, { actor: 'test', expectedVersion: qa.version });
    failure = { status: 500 };
    try {
      await search.rebuild();
      await index.ready();
    } finally {
      failure = undefined;
    }
    const status = index.status();
    assert.equal(status.refreshFailures, 1);
    assert.equal(status.vectors, 2, 'the edited QA has no vector until the endpoint answers again');
    assert.match(status.lastError ?? '', /[ぁ-ん]/);
    assert.equal((await index.rank('粗大ごみの出し方', { top: 1 }))?.[0]?.id, '1002');
    await index.refresh();
    assert.equal(index.status().vectors, 3);
  });

  test('a question the endpoint does not answer in time: null (the engine alone), counted', async () => {
    failure = { hangMs: 3_000 };
    try {
      const similar = await index.rank('児童手当はいつ振り込まれますか', { top: 3, timeoutMs: 200 });
      assert.equal(similar, null);
    } finally {
      failure = undefined;
    }
    assert.equal(index.status().questionFailures, 1);
  });

  test('after 3 question failures in a row, questions are not sent for a minute; then one is tried again', async () => {
    let now = 1_000_000;
    const pauses: number[] = [];
    const paused = new SemanticIndex(store, search, model, { now: () => now, onCoolDown: (ms) => pauses.push(ms) });
    await paused.refresh();
    const embeddingRequests = () => fake.requests.filter((r) => r.path.endsWith('/embeddings')).length;
    failure = { status: 503 };
    try {
      const from = embeddingRequests();
      for (const question of ['引っ越しの手続き', '転入届を出したい', 'ごみの分別']) assert.equal(await paused.rank(question, { top: 1 }), null);
      assert.equal(embeddingRequests(), from + 3);
      assert.deepEqual(pauses, [60_000]);
      assert.equal(await paused.rank('児童手当の振込日', { top: 1 }), null);
      now += 59_999;
      assert.equal(await paused.rank('粗大ごみの申込', { top: 1 }), null);
      assert.equal(embeddingRequests(), from + 3, 'no request during the cool-down');
      assert.deepEqual([paused.status().questionFailures, paused.status().questionsSkipped], [3, 2]);

      now += 1;
      assert.equal(await paused.rank('住民票の写し', { top: 1 }), null);
      assert.equal(embeddingRequests(), from + 4, 'tried again after the cool-down');
      assert.deepEqual(pauses, [60_000, 60_000], 'still failing: paused again at once');
      failure = undefined;
      assert.equal(await paused.rank('住民票の写しがほしい', { top: 1 }), null, 'still paused');
      now += 60_000;
      assert.equal((await paused.rank('住民票の写しがほしい', { top: 1 }))?.[0]?.id, '1001', 'the endpoint is back: used again');
      assert.equal(embeddingRequests(), from + 5);
    } finally {
      failure = undefined;
      await paused.close();
    }
  });

  test('staff texts are embedded once and then read from the cache', async () => {
    const from = fake.requests.length;
    const [first] = await index.embedTexts(['ごみの出し方を知りたい', 'ごみの出し方を知りたい']);
    const [again] = await index.embedTexts(['ごみの出し方を知りたい']);
    assert.deepEqual(embeddedSince(from), ['ごみの出し方を知りたい']);
    assert.deepEqual(again, first);
  });
});
