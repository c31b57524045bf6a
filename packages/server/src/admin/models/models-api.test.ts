/**
 * The AI model screen's API over a real port (SQLite, or PostgreSQL with MADOGUCHI_TEST_STORE=postgres):
 * statuses with and without configured models, 30 days of usage with estimated costs, the connection check
 * against the fake OpenAI server, roles and the audit log.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startFakeOpenAi, type FakeFailure } from '../../ai/models/fake-openai-server.ts';
import { createModelProviders } from '../../ai/models/providers.ts';
import { usageRows } from '../../ai/models/usage-test-support.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import type { ModelUsage } from '../../store/authoring-records.ts';
import { addDays, japanDay } from '../../time/japan-time.ts';
import { call, serverWithStaff } from '../qas/api-test-support.ts';
import type { AdminErrorReply } from '../qas/schema.ts';
import type { ModelsCheckReply, ModelsStatusReply } from './schema.ts';

const script: (string | FakeFailure)[] = [];
// At the top level, not in before(): Node 20 runs a file's root before() hooks without waiting for one another,
// and the server below (serverWithStaff's own hook) reads `fake` as it starts.
const fake = await startFakeOpenAi({ apiKey: 'sk-api-test', chat: () => script.shift() ?? 'はい。' });
after(() => fake.close());

const configured = serverWithStaff(
  { admin: 'admin', editor: 'editor', viewer: 'viewer' },
  {
    models: (store, siteId) =>
      createModelProviders(
        {
          chat: { url: `${fake.url}?api-version=2024-10-21`, model: 'gpt-test', key: 'sk-api-test', price: { input: 100, output: 400 } },
          embeddings: { url: fake.url, model: 'emb-test', key: 'sk-api-test' },
          timeoutMs: 5000,
          retries: 2,
        },
        store,
        siteId,
      ),
  },
);
const bare = serverWithStaff({ admin: 'admin', viewer: 'viewer' });

function usage(day: string, fields: Partial<ModelUsage> = {}): ModelUsage {
  return {
    at: `${day}T03:00:00.000Z`,
    day,
    kind: 'chat',
    model: 'gpt-test',
    purpose: 'draft',
    outcome: 'ok',
    attempts: 1,
    inputTokens: 1000,
    outputTokens: 500,
    latencyMs: 1200,
    error: null,
    ...fields,
  };
}

describe('with both models configured', () => {
  test('the status shows each endpoint without the query, and usage of the last 30 days with estimated costs', async () => {
    const today = japanDay(new Date());
    const { store } = configured.server;
    for (const row of [
      usage(today),
      usage(today, { outcome: 'timeout', inputTokens: 0, outputTokens: 0, latencyMs: 30_000, error: 'timeout', attempts: 3 }),
      usage(addDays(today, -29), { purpose: 'answer', inputTokens: 3000, outputTokens: 100 }),
      usage(addDays(today, -30), { inputTokens: 999_999 }),
      usage(today, { model: 'gpt-old', inputTokens: 50 }),
    ]) {
      await store.recordModelUsage(TEST_SITE, row);
    }
    const { status, body } = await call<ModelsStatusReply>(configured.server, configured.viewer, 'GET', '/models/status');
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.statuses[0], {
      kind: 'chat',
      configured: true,
      model: 'gpt-test',
      endpoint: fake.url,
      lastOkAt: null,
      lastError: null,
      lastErrorAt: null,
      price: { input: 100, output: 400 },
    });
    // The semantic plug-in embeds the QAs in the background from the start: its calls are in the log too.
    assert.deepEqual(body.statuses[1] && [body.statuses[1].kind, body.statuses[1].configured, body.statuses[1].model, body.statuses[1].endpoint, body.statuses[1].price], [
      'embeddings',
      true,
      'emb-test',
      fake.url,
      null,
    ]);
    assert.deepEqual([body.usage.from, body.usage.to], [addDays(today, -29), today]);
    const chat = body.usage.totals.filter((t) => t.kind === 'chat');
    assert.deepEqual(
      chat.map((t) => [t.model, t.purpose, t.calls, t.failures, t.inputTokens, t.outputTokens, t.averageLatencyMs, t.estimatedCostYen]),
      [
        ['gpt-old', 'draft', 1, 0, 50, 500, 1200, null],
        ['gpt-test', 'answer', 1, 0, 3000, 100, 1200, 0.34],
        ['gpt-test', 'draft', 2, 1, 1000, 500, 15_600, 0.3],
      ],
    );
    assert.ok(body.usage.totals.every((t) => t.kind === 'chat' || t.estimatedCostYen === null), 'no price for the embeddings model');
    assert.equal(body.usage.estimatedCostYen, 0.64);
    assert.deepEqual(body.usage.days.filter((d) => d.kind === 'chat').map((d) => d.day), [addDays(today, -29), today, today]);
    const times = body.recent.map((r) => r.at);
    assert.ok(times.length > 0 && times.length <= 20);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });

  test('only administrators may run the check; it asks each endpoint, updates the status and is audited', async () => {
    for (const who of [configured.viewer, configured.editor]) {
      const refused = await call<AdminErrorReply>(configured.server, who, 'POST', '/models/check');
      assert.deepEqual([refused.status, refused.body.error.code], [403, 'FORBIDDEN']);
    }
    const asked = () => fake.requests.filter((r) => r.path.includes('/chat/completions') || JSON.stringify(r.body).includes('接続の確認')).length;
    const before = asked();
    const { status, body } = await call<ModelsCheckReply>(configured.server, configured.admin, 'POST', '/models/check');
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.results.map((r) => [r.kind, r.configured, r.ok]), [['chat', true, true], ['embeddings', true, true]]);
    assert.equal(asked(), before + 2, 'one request to each endpoint');
    assert.ok(body.statuses.every((s) => s.lastOkAt !== null && s.lastError === null));
    const { entries } = await configured.server.store.listAudit(TEST_SITE, { action: 'models.check', limit: 5 });
    assert.deepEqual(entries.map((e) => [e.actor, e.detail]), [[configured.admin.loginId, { chat: 'ok', embeddings: 'ok' }]]);

    await usageRows(configured.server.store, TEST_SITE, (rows) => rows.filter((r) => r.purpose === 'check').length >= 2);
    const after = await call<ModelsStatusReply>(configured.server, configured.viewer, 'GET', '/models/status');
    assert.deepEqual(after.body.recent.filter((r) => r.purpose === 'check').map((r) => [r.kind, r.outcome]).sort(), [['chat', 'ok'], ['embeddings', 'ok']]);
  });

  test('a failing endpoint: the check says why in Japanese and the status keeps it', async () => {
    script.push({ status: 503 });
    const { body } = await call<ModelsCheckReply>(configured.server, configured.admin, 'POST', '/models/check');
    assert.deepEqual(body.results[0], { kind: 'chat', configured: true, ok: false, message: 'モデルのサーバーでエラーが起きました（HTTP 503）。しばらくしてから、もう一度お試しください。' });
    await usageRows(configured.server.store, TEST_SITE, (rows) => rows.some((r) => r.purpose === 'check' && r.error === 'HTTP 503'));
    const status = await call<ModelsStatusReply>(configured.server, configured.viewer, 'GET', '/models/status');
    const [chat] = status.body.statuses;
    assert.equal(chat?.lastError, 'モデルのサーバーでエラーが起きました（HTTP 503）。しばらくしてから、もう一度お試しください。');
    assert.ok(chat?.lastErrorAt && chat.lastOkAt, 'the earlier success is kept beside the failure');
    assert.equal(status.body.recent.find((r) => r.purpose === 'check' && r.kind === 'chat')?.error, 'HTTP 503');
    const { entries } = await configured.server.store.listAudit(TEST_SITE, { action: 'models.check', limit: 1 });
    assert.deepEqual(entries[0]?.detail, { chat: 'failed', embeddings: 'ok' });
  });
});

describe('with no model configured', () => {
  test('the status says not configured, with no usage', async () => {
    const { status, body } = await call<ModelsStatusReply>(bare.server, bare.viewer, 'GET', '/models/status');
    assert.equal(status, 200);
    assert.deepEqual(
      body.statuses.map((s) => [s.kind, s.configured, s.model, s.endpoint]),
      [['chat', false, null, null], ['embeddings', false, null, null]],
    );
    assert.deepEqual([body.usage.totals, body.usage.days, body.usage.estimatedCostYen, body.recent], [[], [], null, []]);
  });

  test('the check sends nothing and says so; still audited', async () => {
    const { status, body } = await call<ModelsCheckReply>(bare.server, bare.admin, 'POST', '/models/check');
    assert.equal(status, 200);
    assert.deepEqual(body.results.map((r) => [r.configured, r.ok, r.message]), [[false, false, '設定されていません。'], [false, false, '設定されていません。']]);
    const { entries } = await bare.server.store.listAudit(TEST_SITE, { action: 'models.check', limit: 1 });
    assert.deepEqual(entries[0]?.detail, { chat: 'not-configured', embeddings: 'not-configured' });
  });

  test('without a session: 401', async () => {
    const response = await fetch(`${bare.server.url}/api/admin/models/status`);
    assert.equal(response.status, 401);
  });
});
