/**
 * POST /api/admin/suggestions on a real server, with the configured chat model pointing at the fake
 * OpenAI-compatible server on 127.0.0.1 (real HTTP, real request and response formats), and without any model.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startFakeOpenAi, type FakeChatRequest, type FakeFailure } from '../../ai/models/fake-openai-server.ts';
import { createModelProviders } from '../../ai/models/providers.ts';
import { usageRows } from '../../ai/models/usage-test-support.ts';
import { DATA_END, DATA_START } from '../../ai/suggestions/prompt-data.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { call, serverWithStaff } from '../qas/api-test-support.ts';
import type { AdminErrorReply } from '../qas/schema.ts';
import type { SuggestionAvailabilityReply, SuggestionReply, SuggestionRequest } from './schema.ts';

/** What the fake model answers next. */
let reply: (body: FakeChatRequest) => string | FakeFailure = () => '{"alternates": []}';

// At the top level, not in before(): Node 20 runs a file's root before() hooks without waiting for one another,
// and the server below (serverWithStaff's own hook) reads `fake` as it starts.
const fake = await startFakeOpenAi({ apiKey: 'sk-test', chat: (body) => reply(body) });
after(() => fake.close());

const withModel = serverWithStaff(
  { editor: 'editor', viewer: 'viewer' },
  { models: (store, site) => createModelProviders({ chat: { url: fake.url, model: 'gpt-test', key: 'sk-test' }, embeddings: null, timeoutMs: 10_000, retries: 0 }, store, site) },
);
const withoutModel = serverWithStaff({ editor: 'editor' });

/** An unsaved form: the question and alternates are not those of any stored QA. */
const FORM: SuggestionRequest = {
  kind: 'alternates',
  question: '住民票の写しがほしい（未保存の編集）',
  alternates: ['ゴミの出し方'],
  answer: '住民票の写しは[市民課](https://city.example.jp/shimin.html)で請求できます。手数料は1通300円です。',
};

/** The JSON between the data delimiters of the last request the fake received. */
function lastPromptData(): Record<string, unknown> {
  const body = fake.requests.at(-1)?.body as FakeChatRequest;
  const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const start = user.indexOf(DATA_START);
  const end = user.indexOf(DATA_END);
  assert.ok(start >= 0 && end > start, 'the prompt holds a data block');
  return JSON.parse(user.slice(start + DATA_START.length, end)) as Record<string, unknown>;
}

describe('POST /api/admin/suggestions with a chat model', () => {
  test('alternates: the form content goes to the model as data, and repeats come back as dropped', async () => {
    reply = () => JSON.stringify({ alternates: ['住民票 ほしい', '住民票の写しがほしい（未保存の編集）', 'ごみの 出し方', 'じゅうみんひょう ほしい', '住民票　ほしい。', 'あ'.repeat(120)] });
    const { status, body } = await call<SuggestionReply>(withModel.server, withModel.editor, 'POST', '/suggestions', FORM);
    assert.equal(status, 200);
    assert.deepEqual(body.suggestions, [
      { text: '住民票 ほしい', notes: [] },
      { text: 'じゅうみんひょう ほしい', notes: [] },
    ]);
    assert.deepEqual(
      body.dropped.map((d) => d.reason),
      ['質問と同じです。', '登録済みの言い換えと同じです。', 'ほかの候補と同じです。', '100 文字を超えています。'],
    );

    const request = fake.requests.at(-1);
    assert.equal(request?.path, '/v1/chat/completions');
    const sent = request?.body as FakeChatRequest;
    assert.equal(sent.model, 'gpt-test');
    assert.deepEqual(sent.response_format, { type: 'json_object' });
    assert.match(sent.messages?.[0]?.content ?? '', /ひらがなだけ/, 'the rules are the system message');
    assert.deepEqual(lastPromptData(), { question: FORM.question, alternates: FORM.alternates, answer: '住民票の写しは 市民課 で請求できます。手数料は1通300円です。' });
    const [usage] = await usageRows(withModel.server.store, TEST_SITE, (rows) => rows[0]?.purpose === 'suggestion');
    assert.equal(usage?.purpose, 'suggestion', 'the call is logged for cost under its purpose');
  });

  test('やさしい日本語: a rewrite inventing 「0円」 is dropped, one that lost a link is suggested with a note', async () => {
    const invented = 'じゅうみんひょうの うつしは [しみんか](https://city.example.jp/shimin.html)で もらえます。お金は 0円 です。';
    const lostLink = 'じゅうみんひょうの うつしは しみんかで もらえます。お金は 1通 300円 です。';
    reply = () => JSON.stringify({ variants: [invented, lostLink] });
    const { status, body } = await call<SuggestionReply>(withModel.server, withModel.editor, 'POST', '/suggestions', { ...FORM, kind: 'plain-japanese' });
    assert.equal(status, 200);
    assert.deepEqual(body.suggestions, [{ text: lostLink, notes: ['元の回答のリンク（https://city.example.jp/shimin.html）がありません。採用する前に確かめてください。'] }]);
    assert.deepEqual(body.dropped, [{ text: invented, reason: '元の回答にない内容（0円）が含まれています。' }]);
    assert.deepEqual(lastPromptData(), { question: FORM.question, answer: FORM.answer });
  });

  test('a request is audited by kind and counts, never with its text', async () => {
    reply = () => JSON.stringify({ alternates: ['住民票 いる'] });
    await call(withModel.server, withModel.editor, 'POST', '/suggestions', FORM);
    const { entries } = await withModel.server.store.listAudit(TEST_SITE, { action: 'suggestions.request', limit: 1 });
    assert.equal(entries[0]?.actor, withModel.editor.loginId);
    assert.deepEqual(entries[0]?.detail, { kind: 'alternates', outcome: 'ok', suggested: 1, dropped: 0 });
    const everything = JSON.stringify(entries);
    for (const text of [FORM.question, '住民票 いる', '市民課']) assert.ok(!everything.includes(text), `${text} is not audited`);
  });

  test('a model failure is 502 MODEL_FAILED with the model error in Japanese, and audited', async () => {
    reply = () => ({ status: 500 });
    const { status, body } = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/suggestions', FORM);
    assert.equal(status, 502);
    assert.equal(body.error.code, 'MODEL_FAILED');
    assert.equal(body.error.message, 'AIモデルから提案を受け取れませんでした。理由: モデルのサーバーでエラーが起きました（HTTP 500）。しばらくしてから、もう一度お試しください。');
    const { entries } = await withModel.server.store.listAudit(TEST_SITE, { action: 'suggestions.request', limit: 1 });
    assert.deepEqual(entries[0]?.detail, { kind: 'alternates', outcome: 'model-error', error: 'http' });
  });

  test('a reply that is not the JSON asked for is 502 too', async () => {
    reply = () => 'もちろんです。言い換えは次のとおりです。';
    const { status, body } = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/suggestions', FORM);
    assert.equal(status, 502);
    assert.match(body.error.message, /返答が JSON ではありませんでした/);
  });

  test('an empty question or answer is a validation error for that field; oversized fields are refused by the schema', async () => {
    const sent = fake.requests.length;
    const noQuestion = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/suggestions', { ...FORM, question: '  ' });
    assert.equal(noQuestion.status, 400);
    assert.equal(noQuestion.body.error.issues?.[0]?.field, 'question');
    const noAnswer = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/suggestions', { ...FORM, kind: 'plain-japanese', answer: '' });
    assert.equal(noAnswer.body.error.issues?.[0]?.field, 'answer');
    const tooLong = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/suggestions', { ...FORM, question: 'あ'.repeat(2_001) });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error.code, 'INVALID_REQUEST');
    const unknownKind = await call<AdminErrorReply>(withModel.server, withModel.editor, 'POST', '/suggestions', { ...FORM, kind: 'translation' });
    assert.equal(unknownKind.status, 400);
    assert.equal(fake.requests.length, sent, 'the model was not called');
  });

  test('viewers may neither ask nor check availability (403); editors see it available', async () => {
    assert.equal((await call(withModel.server, withModel.viewer, 'POST', '/suggestions', FORM)).status, 403);
    assert.equal((await call(withModel.server, withModel.viewer, 'GET', '/suggestions/availability')).status, 403);
    const { body } = await call<SuggestionAvailabilityReply>(withModel.server, withModel.editor, 'GET', '/suggestions/availability');
    assert.deepEqual(body, { available: true, reason: null });
  });
});

describe('POST /api/admin/suggestions without a chat model', () => {
  test('is 503 MODEL_NOT_CONFIGURED, and availability says why', async () => {
    const { status, body } = await call<AdminErrorReply>(withoutModel.server, withoutModel.editor, 'POST', '/suggestions', FORM);
    assert.equal(status, 503);
    assert.equal(body.error.code, 'MODEL_NOT_CONFIGURED');
    assert.equal(body.error.message, 'AIモデルが設定されていないため、提案を作れません。設定はシステム管理者にご相談ください。');
    const availability = await call<SuggestionAvailabilityReply>(withoutModel.server, withoutModel.editor, 'GET', '/suggestions/availability');
    assert.deepEqual(availability.body, { available: false, reason: 'AIモデルが設定されていないため、提案を作れません。設定はシステム管理者にご相談ください。' });
  });
});
