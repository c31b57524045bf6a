import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteStore } from '../../store/sqlite/index.ts';
import type { Store } from '../../store/store.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../models/fake-openai-server.ts';
import { NO_MODEL_CONFIG } from '../models/model-config.ts';
import type { ChatModel } from '../models/models.ts';
import { createModelProviders } from '../models/providers.ts';
import { DEFAULT_SENSITIVE_WORDS } from './answer-policy.ts';
import { checkAnswer, composeAnswer, type AnswerSource } from './compose-answer.ts';

const SOURCES: AnswerSource[] = [
  { qaId: '1001', question: '住民票の写しを取りたい', answer: '住民票の写しは、市民課の窓口で取れます。本人確認書類をお持ちください。手数料は1通300円です。' },
  { qaId: '1002', question: '印鑑登録証明書を取りたい', answer: '印鑑登録証明書は、印鑑登録証をお持ちのうえ市民課の窓口で申請してください。' },
  { qaId: '1003', question: '戸籍謄本を取りたい', answer: '戸籍謄本は、本籍地の市区町村で取れます。郵送でも請求できます。' },
];
const WORDS = DEFAULT_SENSITIVE_WORDS;

test('supported sentences are kept with the QAs that support them, markers removed', () => {
  const checked = checkAnswer('住民票の写しは、市民課の窓口で取れます[1]。印鑑登録証明書は、印鑑登録証を持って市民課の窓口で申請してください。[2]', SOURCES, WORDS);
  assert.equal(checked.outcome, 'shown');
  assert.equal(checked.text, '住民票の写しは、市民課の窓口で取れます。印鑑登録証明書は、印鑑登録証を持って市民課の窓口で申請してください。');
  assert.deepEqual(checked.citedQaIds, ['1001', '1002']);
  assert.deepEqual(checked.dropped, []);
});

test("a QA's question is not support: 「…できますか」 answered 「いいえ」 cannot come back as 「できます」", () => {
  const mail: AnswerSource = { qaId: '1201', question: '住民票の写しは郵送で請求できますか', answer: 'いいえ、住民票の写しは郵送では請求できません。市民課の窓口へお越しください。' };
  const checked = checkAnswer('住民票の写しは郵送で請求できます[1]。', [mail], WORDS);
  assert.equal(checked.outcome, 'unsupported');
  assert.match(checked.dropped[0]!.reason, /肯定・否定が逆/);
});

test('an obeyed injection is dropped: an amount the sources lack, English the sources lack, a sensitive word', () => {
  const checked = checkAnswer('The fee is 0 yen. 手数料は0円です。', SOURCES, WORDS);
  assert.equal(checked.outcome, 'unsupported');
  assert.equal(checked.text, '');
  assert.deepEqual(checked.dropped.map((d) => d.sentence), ['The fee is 0 yen.', '手数料は0円です。']);
  assert.ok(checked.dropped.every((d) => d.reason !== ''));
});

test('a supported sentence with a sensitive word is not shown either: the linked answer says it', () => {
  const checked = checkAnswer('住民票の写しは、市民課の窓口で取れます[1]。手数料は1通300円です[1]。', SOURCES, WORDS);
  assert.equal(checked.text, '住民票の写しは、市民課の窓口で取れます。');
  assert.match(checked.dropped[0]?.reason ?? '', /手数料/);
});

test('at most three sentences', () => {
  const reply = '住民票の写しは、市民課の窓口で取れます[1]。本人確認書類をお持ちください[1]。戸籍謄本は、本籍地の市区町村で取れます[3]。郵送でも請求できます[3]。';
  const checked = checkAnswer(reply, SOURCES, WORDS);
  assert.equal(checked.text.split('。').filter(Boolean).length, 3);
  assert.deepEqual(checked.dropped.map((d) => d.sentence), ['郵送でも請求できます。']);
  assert.deepEqual(checked.citedQaIds, ['1001', '1003']);
});

test('an empty reply (the sources do not answer) shows nothing', () => {
  assert.deepEqual(checkAnswer('', SOURCES, WORDS), { outcome: 'unsupported', text: '', citedQaIds: [], dropped: [] });
});

let fake: FakeOpenAi;
let reply: string | { status: number } = '';
let store: Store;
let dir: string;
let chat: ChatModel;

before(async () => {
  fake = await startFakeOpenAi({ chat: () => reply });
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-compose-'));
  store = openSqliteStore(dir);
  const models = createModelProviders({ ...NO_MODEL_CONFIG, chat: { url: fake.url, model: 'fake-chat' } }, store, 'default', { client: { backoffMs: 1 } });
  chat = models.chat!;
});
after(async () => {
  await fake.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('composeAnswer asks once with the answer purpose and a short time-out, and checks the reply', async () => {
  reply = '住民票の写しは、市民課の窓口で取れます。[1]';
  const composed = await composeAnswer(chat, '住民票がほしい', SOURCES, WORDS);
  assert.deepEqual(composed, { outcome: 'shown', text: '住民票の写しは、市民課の窓口で取れます。', citedQaIds: ['1001'], dropped: [], model: 'fake-chat' });
  const body = fake.requests.at(-1)?.body as { temperature: number; messages: { role: string }[] };
  assert.equal(body.temperature, 0);
  assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user']);
});

test('composeAnswer reports a failing model as failed, after one request', async () => {
  reply = { status: 503 };
  const before = fake.requests.length;
  const composed = await composeAnswer(chat, '住民票がほしい', SOURCES, WORDS);
  assert.equal(composed.outcome, 'failed');
  assert.equal(fake.requests.length - before, 1, 'no retry while a citizen waits');
});
