/**
 * /api/admin/semantic on a real server (SQLite, or PostgreSQL with MADOGUCHI_TEST_STORE=postgres), with the
 * embeddings endpoint pointing at the fake OpenAI-compatible server on 127.0.0.1, and without any model:
 * the setting with its roles, revisions and audit; the evaluation report of the saved 一括テスト; the citizen chat
 * with semantic search, and with the endpoint down or hanging.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { defaultFusionOptions } from '@madoguchi/engine';
import { startFakeOpenAi, type FakeFailure } from '../../ai/models/fake-openai-server.ts';
import { createModelProviders } from '../../ai/models/providers.ts';
import type { TestSession } from '../../auth/test-support.ts';
import { TEST_SITE, type TestServer } from '../../http/test-server.ts';
import { qaContent } from '../../qa/test-fixtures.ts';
import { call, serverWithStaff } from '../qas/api-test-support.ts';
import type { ChatReply } from '../../chat/schema.ts';
import type { AdminErrorReply } from '../qas/schema.ts';
import type { TestCasesReply } from '../test-cases/schema.ts';
import type { TestChatReply } from '../test-chat/schema.ts';
import type { SemanticEvaluationReply, SemanticSettingsReply } from './schema.ts';

/** A QA whose question is only words the engine treats as politeness filler: the engine finds nothing for it. */
const GUIDE = qaContent('9100', { category1: 'テスト', question: '手続きの方法を知りたい', answer: '手続きの方法をご案内します。' });

let failure: FakeFailure | undefined;

// At the top level, not in before(): Node 20 runs a file's root before() hooks without waiting for one another,
// and the server below (serverWithStaff's own hook) reads `fake` as it starts.
const fake = await startFakeOpenAi({ embedFailure: () => failure });
after(() => fake.close());

const withModel = serverWithStaff(
  { admin: 'admin', editor: 'editor', viewer: 'viewer' },
  {
    qas: [GUIDE],
    models: (store, site) => createModelProviders({ chat: null, embeddings: { url: fake.url, model: 'embed-test' }, timeoutMs: 10_000, retries: 0 }, store, site),
  },
);
const withoutModel = serverWithStaff({ admin: 'admin', viewer: 'viewer' });

/** Resolves once both indexes' QAs are embedded, as the settings reply tells. */
async function embedded(server: TestServer, session: TestSession): Promise<SemanticSettingsReply> {
  for (;;) {
    const { body } = await call<SemanticSettingsReply>(server, session, 'GET', '/semantic/settings');
    const done = [body.published, body.working].every((s) => s !== null && !s.refreshing && s.vectors === s.qas && s.qas > 0);
    if (done) return body;
    await sleep(50);
  }
}

describe('GET and PUT /api/admin/semantic/settings', () => {
  test('with a model: configured, on by default with the engine\'s defaults, and every QA embedded', async () => {
    const body = await embedded(withModel.server, withModel.viewer);
    assert.equal(body.configured, true);
    assert.equal(body.model, 'embed-test');
    assert.deepEqual(body.value, { enabled: true, fusion: {} });
    assert.equal(body.revision, 0);
    assert.deepEqual(body.defaults, defaultFusionOptions);
    assert.equal(body.published?.lastError, null);
  });

  test('administrators change it (revisioned, audited); editors and viewers may not', async () => {
    const { server, admin, editor, viewer } = withModel;
    const change = { value: { enabled: false, fusion: { candidatesSimilarity: 0.7 } }, revision: 0 };
    assert.equal((await call<AdminErrorReply>(server, editor, 'PUT', '/semantic/settings', change)).status, 403);
    assert.equal((await call<AdminErrorReply>(server, viewer, 'PUT', '/semantic/settings', change)).status, 403);
    const saved = await call<SemanticSettingsReply>(server, admin, 'PUT', '/semantic/settings', change);
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.value, { enabled: false, fusion: { candidatesSimilarity: 0.7 } });
    assert.equal(saved.body.revision, 1);
    const audit = await server.store.listAudit(TEST_SITE, { action: 'settings.update', limit: 10 });
    assert.ok(audit.entries.some((e) => e.target === 'semanticSearch'), JSON.stringify(audit.entries));

    const stale = await call<AdminErrorReply>(server, admin, 'PUT', '/semantic/settings', { value: { enabled: true }, revision: 0 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'CONFLICT');
    const invalid = await call<AdminErrorReply>(server, admin, 'PUT', '/semantic/settings', { value: { enabled: true, fusion: { semanticWeight: 2 } }, revision: 1 });
    assert.equal(invalid.status, 400);
    const back = await call<SemanticSettingsReply>(server, admin, 'PUT', '/semantic/settings', { value: { enabled: true }, revision: 1 });
    assert.deepEqual(back.body.value, { enabled: true, fusion: {} });
  });

  test('without a model: not configured, nothing embedded', async () => {
    const { body } = await call<SemanticSettingsReply>(withoutModel.server, withoutModel.viewer, 'GET', '/semantic/settings');
    assert.equal(body.configured, false);
    assert.equal(body.model, null);
    assert.equal(body.published, null);
    assert.equal(body.working, null);
  });
});

describe('POST /api/admin/semantic/evaluation', () => {
  test('without test cases: staff are told, in Japanese, to add them', async () => {
    const { status, body } = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/semantic/evaluation');
    assert.equal(status, 409);
    assert.equal(body.error.code, 'NO_TEST_CASES');
    assert.match(body.error.message, /一括テスト/);
  });

  test('an editor runs the saved cases with and without semantic search and sees what changed; a viewer may not (it spends model calls)', async () => {
    const { server, editor, viewer } = withModel;
    const current = await call<TestCasesReply>(server, editor, 'GET', '/test-cases');
    const cases = [
      { question: '手続きの方法を知りたいです', expected: ['9100'] },
      { question: '粗大ごみの出し方', expected: ['3015'] },
      { question: '宝くじの当選番号', expected: [] },
    ];
    assert.equal((await call(server, editor, 'PUT', '/test-cases', { cases, revision: current.body.revision })).status, 200);
    const embeddingCalls = fake.requests.length;
    const refused = await call<AdminErrorReply>(server, viewer, 'POST', '/semantic/evaluation');
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'FORBIDDEN']);
    assert.equal(fake.requests.length, embeddingCalls, 'no model call for a refused request');
    const { status, body } = await call<SemanticEvaluationReply>(server, editor, 'POST', '/semantic/evaluation');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.model, 'embed-test');
    assert.equal(body.vectors, body.qas);
    assert.deepEqual(body.fusion, defaultFusionOptions);
    assert.equal(body.engine.total, 3);
    assert.equal(body.semantic.total, 3);
    assert.ok(body.semantic.hitAt1 > body.engine.hitAt1, JSON.stringify([body.engine, body.semantic]));
    assert.deepEqual(body.improved.map((c) => [c.question, c.engine.decision, c.semantic.decision, c.semantic.rank]), [['手続きの方法を知りたいです', 'none', 'candidates', 1]]);
    assert.deepEqual(body.worsened, []);
    assert.equal(body.engine.answeredWrong, body.semantic.answeredWrong);
  });

  test('a failing endpoint: 502 with the reason in Japanese', async () => {
    const { server, editor } = withModel;
    const current = await call<TestCasesReply>(server, editor, 'GET', '/test-cases');
    // A question not embedded before: cached questions would not need the endpoint.
    const cases = [...current.body.cases, { question: '窓口の方法を知りたい', expected: ['9100'] }];
    assert.equal((await call(server, editor, 'PUT', '/test-cases', { cases, revision: current.body.revision })).status, 200);
    failure = { status: 503 };
    try {
      const { status, body } = await call<AdminErrorReply>(server, editor, 'POST', '/semantic/evaluation');
      assert.equal(status, 502);
      assert.equal(body.error.code, 'MODEL_FAILED');
      assert.match(body.error.message, /埋め込みモデル/);
    } finally {
      failure = undefined;
    }
  });

  test('without a model: 503, the report says it is not configured', async () => {
    const { status, body } = await call<AdminErrorReply>(withoutModel.server, withoutModel.admin, 'POST', '/semantic/evaluation');
    assert.equal(status, 503);
    assert.equal(body.error.code, 'MODEL_NOT_CONFIGURED');
    assert.match(body.error.message, /設定されていない/);
  });
});

describe('the citizen chat with semantic search', () => {
  async function ask(message: string): Promise<ChatReply> {
    const response = await fetch(`${withModel.server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
    assert.equal(response.status, 200);
    return (await response.json()) as ChatReply;
  }

  async function setEnabled(enabled: boolean): Promise<void> {
    const { server, admin } = withModel;
    const { body } = await call<SemanticSettingsReply>(server, admin, 'GET', '/semantic/settings');
    assert.equal((await call(server, admin, 'PUT', '/semantic/settings', { value: { enabled }, revision: body.revision })).status, 200);
  }

  test('a question the engine finds nothing for, close in characters to a QA, is offered that QA; turned off, it is not', async () => {
    await embedded(withModel.server, withModel.viewer);
    const reply = await ask('手続きの方法を知りたいんです');
    assert.equal(reply.decision, 'candidates');
    assert.equal(reply.candidates[0]?.qaId, '9100');
    assert.equal(reply.answer, null, 'similarity alone never answers');
    await setEnabled(false);
    try {
      assert.equal((await ask('手続きの方法を知りたいんですが')).decision, 'none');
    } finally {
      await setEnabled(true);
    }
  });

  test('the test chat ranks as the citizen chat would, with each QA\'s similarity', async () => {
    const { status, body } = await call<TestChatReply>(withModel.server, withModel.viewer, 'POST', '/test-chat', { message: '手続きの方法を知りたいんです', scope: 'working' });
    assert.equal(status, 200);
    assert.equal(body.semantic, 'used');
    assert.equal(body.decision, 'candidates');
    assert.equal(body.results[0]?.id, '9100');
    assert.ok((body.results[0]?.similarity ?? 0) >= defaultFusionOptions.candidatesSimilarity, JSON.stringify(body.results[0]));
  });

  test('the embeddings endpoint down: the engine answers alone', async () => {
    failure = { status: 500 };
    try {
      assert.equal((await ask('粗大ごみの料金と処理券')).decision, 'answer');
      assert.equal((await ask('手続きの方法を教えて')).decision, 'none');
    } finally {
      failure = undefined;
    }
  });

  test('the embeddings endpoint hanging: the engine answers alone once the question\'s short time-out passes', async () => {
    failure = { hangMs: 10_000 };
    try {
      assert.equal((await ask('手続きの方法を教えてください')).decision, 'none');
      assert.equal((await ask('粗大ごみの料金と処理券を知りたい')).decision, 'answer');
    } finally {
      failure = undefined;
    }
    const { body } = await call<SemanticSettingsReply>(withModel.server, withModel.viewer, 'GET', '/semantic/settings');
    // Three failures in a row, then a cool-down: the fourth question does not even try the endpoint.
    assert.ok((body.published?.questionFailures ?? 0) >= 3, JSON.stringify(body.published));
    assert.match(body.published?.lastError ?? '', /[ぁ-ん]/);
  });
});
