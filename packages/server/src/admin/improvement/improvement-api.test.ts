/**
 * The improvement loop over a real port: citizens' failed questions (asked through the chat API) appear in
 * groups; adding them as alternates changes the working-set QA through the editor's path (new version,
 * audit, test chat) and not what citizens see; stale versions conflict; drafts and dismissals take questions
 * off the list; roles and validation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatReply } from '../../chat/schema.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { addDays, japanDay } from '../../time/japan-time.ts';
import { call, serverWithStaff } from '../qas/api-test-support.ts';
import type { AdminErrorReply, QaConflictReply, QaDetailReply, QaView } from '../qas/schema.ts';
import type { TestChatReply } from '../test-chat/schema.ts';
import type { AddAlternatesReply, FailedQuestionGroupView, ImprovementGroupsReply, ReviewQuestionsReply } from './schema.ts';

const api = serverWithStaff({ editor: 'editor', viewer: 'viewer' });

async function citizenAsks(message: string): Promise<ChatReply> {
  const response = await fetch(`${api.server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  assert.equal(response.status, 200, message);
  return (await response.json()) as ChatReply;
}

async function citizenRates(messageId: string, resolved: boolean): Promise<void> {
  const response = await fetch(`${api.server.url}/api/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId, resolved }) });
  assert.equal(response.status, 200);
}

async function groups(query = ''): Promise<ImprovementGroupsReply> {
  const { status, body } = await call<ImprovementGroupsReply>(api.server, api.viewer, 'GET', `/improvement/groups${query}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

function groupWith(reply: ImprovementGroupsReply, question: string): FailedQuestionGroupView | undefined {
  return reply.groups.find((g) => g.questions.some((q) => q.question === question));
}

async function currentQa(id: string): Promise<QaView> {
  return (await call<QaDetailReply>(api.server, api.editor, 'GET', `/qas/${id}`)).body.qa;
}

const LOST_CARD = 'マイナ失くした';
/**
 * Another paraphrase the engine does not answer outright. (マイナカード紛失, used before Engine 2, is now answered
 * with 1083: both its words are the QA's own, strongly covered, well ahead of the runner-up, so it no longer fails.)
 */
const LOST_CARD_COLLOQUIAL = 'マイナカードなくしちゃった';

describe('improvement loop', () => {
  test('failed questions asked through the chat appear in groups, biggest first, with reasons and a suggestion', async () => {
    // Engine 2 offers candidates for マイナ失くした (1083 covers it through 失くし → 紛失), no longer none.
    for (let i = 0; i < 3; i++) assert.equal((await citizenAsks(LOST_CARD)).decision, 'candidates');
    assert.equal((await citizenAsks('マイナなくした')).decision, 'candidates');
    for (let i = 0; i < 2; i++) assert.equal((await citizenAsks(LOST_CARD_COLLOQUIAL)).decision, 'candidates');
    // Engine 2's everyday thesaurus reads 鳩 as 鳩のふん・鳥獣, so candidates (the pack still has no QA about pigeons).
    for (let i = 0; i < 2; i++) assert.equal((await citizenAsks('ベランダに鳩が来る')).decision, 'candidates');
    const answered = await citizenAsks('ゴミ袋はどこで買えますか');
    assert.equal(answered.decision, 'answer');
    const badAnswer = await citizenAsks('自転車を盗まれた');
    assert.equal(badAnswer.decision, 'answer');
    await citizenRates(badAnswer.messageId, false);
    await api.server.app.chat.flushLog();

    const reply = await groups();
    const today = japanDay(new Date());
    assert.deepEqual([reply.from, reply.to], [addDays(today, -29), today], 'the last 30 days by default');
    assert.equal(reply.truncated, false);
    assert.equal(reply.analysed, 5);
    const [biggest] = reply.groups;
    assert.deepEqual(
      biggest?.questions.map(({ question, count, none, candidates }) => ({ question, count, none, candidates })),
      [
        { question: LOST_CARD, count: 3, none: 0, candidates: 3 },
        { question: LOST_CARD_COLLOQUIAL, count: 2, none: 0, candidates: 2 },
        { question: 'マイナなくした', count: 1, none: 0, candidates: 1 },
      ],
    );
    assert.equal(biggest?.count, 6);
    assert.deepEqual(biggest?.suggestion, { qaId: '1083', question: 'マイナンバーカードをなくした・盗まれた' });
    assert.equal(groupWith(reply, 'ベランダに鳩が来る')?.count, 2);
    assert.equal(groupWith(reply, '自転車を盗まれた')?.questions[0]?.notResolved, 1, 'an answer rated いいえ is a failure');
    assert.equal(groupWith(reply, 'ゴミ袋はどこで買えますか'), undefined, 'answered questions are not listed');
    assert.deepEqual((await groups('?from=2020-01-01&to=2020-01-31')).groups, [], 'nothing asked in that period');
  });

  test('a 閲覧者 reads the groups but cannot act on them', async () => {
    const qa = await currentQa('1083');
    const add = await call<AdminErrorReply>(api.server, api.viewer, 'POST', '/improvement/alternates', { qaId: '1083', questions: [LOST_CARD], expectedVersion: qa.version });
    assert.deepEqual([add.status, add.body.error.code], [403, 'FORBIDDEN']);
    const dismiss = await call<AdminErrorReply>(api.server, api.viewer, 'POST', '/improvement/reviews', { questions: [LOST_CARD], action: 'dismiss' });
    assert.deepEqual([dismiss.status, dismiss.body.error.code], [403, 'FORBIDDEN']);
    assert.ok(groupWith(await groups(), LOST_CARD));
  });

  test('adding alternates saves a new version of the working QA, audited, refused as a whole when the QA would break the rules', async () => {
    const before = await currentQa('1083');
    const tooMany = Array.from({ length: 100 }, (_, i) => `マイナカードの質問 ${i + 1}`);
    const refused = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/improvement/alternates', { qaId: '1083', questions: tooMany, expectedVersion: before.version });
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'VALIDATION_FAILED']);
    assert.equal((await currentQa('1083')).version, before.version, 'nothing saved');

    const { status, body } = await call<AddAlternatesReply>(api.server, api.editor, 'POST', '/improvement/alternates', {
      qaId: '1083',
      questions: [LOST_CARD, LOST_CARD_COLLOQUIAL, LOST_CARD, ` ${before.alternates[0]} `],
      expectedVersion: before.version,
    });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.added, [LOST_CARD, LOST_CARD_COLLOQUIAL]);
    assert.deepEqual(body.alreadyPresent, [before.alternates[0]]);
    assert.equal(body.qa.version, before.version + 1);
    assert.deepEqual(body.qa.alternates, [...before.alternates, LOST_CARD, LOST_CARD_COLLOQUIAL]);
    const stored = await api.server.store.getQa(TEST_SITE, '1083');
    assert.equal(stored?.version, before.version + 1);
    assert.equal(stored?.updatedBy, api.editor.loginId);

    const { entries } = await api.server.store.listAudit(TEST_SITE, { actor: api.editor.loginId, limit: 10 });
    const update = entries.find((e) => e.action === 'qa.update' && e.target === '1083');
    assert.deepEqual(update?.detail, { version: before.version + 1, from: 'improvement', alternatesAdded: 2 });
    const review = entries.find((e) => e.action === 'improvement.review' && e.target === '1083');
    assert.deepEqual(review?.detail, { action: 'alternate', questions: 3 });

    const reply = await groups();
    assert.equal(groupWith(reply, LOST_CARD), undefined, 'the questions added have left the list');
    assert.equal(groupWith(reply, LOST_CARD_COLLOQUIAL), undefined);
    assert.equal(groupWith(reply, 'マイナなくした')?.count, 1, 'the one not chosen stays');

    const tried = await call<TestChatReply>(api.server, api.viewer, 'POST', '/test-chat', { message: LOST_CARD, scope: 'working' });
    assert.deepEqual([tried.body.decision, tried.body.results[0]?.id], ['answer', '1083'], 'the test chat answers it from the working set');
    assert.equal((await citizenAsks(LOST_CARD)).decision, 'candidates', 'citizens see it only after publishing');
    const published = (await api.server.store.listPublishedQas(TEST_SITE)).find((qa) => qa.id === '1083');
    assert.ok(!published?.alternates.includes(LOST_CARD));
  });

  test('a stale version is a conflict with the QA as stored; questions it already has save nothing', async () => {
    const current = await currentQa('1083');
    const stale = await call<QaConflictReply>(api.server, api.editor, 'POST', '/improvement/alternates', { qaId: '1083', questions: ['マイナなくした'], expectedVersion: current.version - 1 });
    assert.deepEqual([stale.status, stale.body.error.code], [409, 'CONFLICT']);
    assert.equal(stale.body.error.current?.version, current.version);
    assert.ok(!stale.body.error.current?.alternates.includes('マイナなくした'));
    assert.ok(groupWith(await groups(), 'マイナなくした'), 'still listed after the conflict');

    const retried = await call<AddAlternatesReply>(api.server, api.editor, 'POST', '/improvement/alternates', { qaId: '1083', questions: ['マイナなくした'], expectedVersion: current.version });
    assert.deepEqual([retried.status, retried.body.added, retried.body.qa.version], [200, ['マイナなくした'], current.version + 1]);

    const again = await call<AddAlternatesReply>(api.server, api.editor, 'POST', '/improvement/alternates', { qaId: '1083', questions: ['ﾏｲﾅ失くした'], expectedVersion: current.version + 1 });
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.added, again.body.alreadyPresent, again.body.qa.version], [[], ['ﾏｲﾅ失くした'], current.version + 1], 'width folded: already there, nothing saved');

    const missing = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/improvement/alternates', { qaId: '99999', questions: [LOST_CARD], expectedVersion: 1 });
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'QA_NOT_FOUND']);
  });

  test('drafting a new QA from questions, or dismissing them, takes them off the list (audited)', async () => {
    const draft = await call<QaView>(api.server, api.editor, 'POST', '/qas', {
      id: '9700',
      question: 'ベランダに鳩が来る',
      answer: '鳩のふん害の対策は、環境課にご相談ください。',
      status: 'draft',
    });
    assert.equal(draft.status, 201);
    const drafted = await call<ReviewQuestionsReply>(api.server, api.editor, 'POST', '/improvement/reviews', { questions: ['ベランダに鳩が来る', 'ベランダに鳩が来る'], action: 'draft', qaId: '9700' });
    assert.deepEqual([drafted.status, drafted.body], [200, { reviewed: 1 }]);
    const dismissed = await call<ReviewQuestionsReply>(api.server, api.editor, 'POST', '/improvement/reviews', { questions: ['自転車を盗まれた'], action: 'dismiss' });
    assert.deepEqual([dismissed.status, dismissed.body], [200, { reviewed: 1 }]);

    assert.deepEqual((await groups()).groups, [], 'every failed question handled');
    const { entries } = await api.server.store.listAudit(TEST_SITE, { action: 'improvement.review', limit: 10 });
    assert.deepEqual(
      entries.slice(0, 2).map((e) => [e.target, e.detail]),
      [
        ['', { action: 'dismiss', questions: 1 }],
        ['9700', { action: 'draft', questions: 1 }],
      ],
    );

    // The same question failing again after a review stays handled (the store's contract).
    assert.equal((await citizenAsks('ベランダに鳩が来る')).decision, 'candidates');
    await api.server.app.chat.flushLog();
    assert.equal(groupWith(await groups(), 'ベランダに鳩が来る'), undefined);
  });

  test('refuses what it cannot act on, with messages that say why', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/improvement/reviews', { questions: ['x'], action: 'draft' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/improvement/reviews', { questions: ['x'], action: 'dismiss', qaId: '1083' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/improvement/reviews', { questions: ['x'], action: 'draft', qaId: '99999' }, 404, 'QA_NOT_FOUND'],
      ['POST', '/improvement/reviews', { questions: ['  '], action: 'dismiss' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/improvement/reviews', { questions: [], action: 'dismiss' }, 400, 'INVALID_REQUEST'],
      ['POST', '/improvement/reviews', { questions: ['x'], action: 'alternate' }, 400, 'INVALID_REQUEST'],
      ['POST', '/improvement/alternates', { qaId: '1083', questions: ['x'] }, 400, 'INVALID_REQUEST'],
      ['POST', '/improvement/alternates', { qaId: '1083', questions: ['x'.repeat(1001)], expectedVersion: 1 }, 400, 'INVALID_REQUEST'],
      ['GET', '/improvement/groups?from=2026-02-30', undefined, 400, 'INVALID_REQUEST'],
      ['GET', '/improvement/groups?from=2026-11-30&to=2026-11-01', undefined, 400, 'INVALID_REQUEST'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const reply = await call<AdminErrorReply>(api.server, api.editor, method, path, body);
      assert.deepEqual([reply.status, reply.body.error?.code], [status, code], `${method} ${path} ${JSON.stringify(body)}`);
      assert.match(reply.body.error.message, /[ぁ-んァ-ヶ一-龠]/, 'a Japanese message');
    }
  });
});
