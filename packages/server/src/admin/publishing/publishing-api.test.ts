/**
 * Publishing over a real port: pending changes, the 一括テスト on both indexes, and the publication that
 * changes what the citizen chat answers (and nothing before it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatReply } from '../../chat/schema.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { call, formOf, serverWithStaff } from '../qas/api-test-support.ts';
import type { AdminErrorReply, QaDetailReply, QaView } from '../qas/schema.ts';
import type { TestCasesReply } from '../test-cases/schema.ts';
import type { PublishingCheckReply, PublishingReply, PublishSummaryView } from './schema.ts';

const api = serverWithStaff({ editor: 'editor', viewer: 'viewer' });

async function citizenAsks(message: string): Promise<ChatReply> {
  const response = await fetch(`${api.server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  return (await response.json()) as ChatReply;
}

const NEW_QUESTION = 'ドローンを公園で飛ばしたい';

describe('publishing', () => {
  test('nothing is pending right after seeding', async () => {
    const { status, body } = await call<PublishingReply>(api.server, api.viewer, 'GET', '/publishing');
    assert.equal(status, 200);
    assert.deepEqual(body.pending, { added: [], changed: [], removed: [] });
    assert.equal(body.lastPublication?.actor, 'starter-pack');
  });

  test('lists what the next publication adds, changes and removes', async () => {
    const created = await call<QaView>(api.server, api.editor, 'POST', '/qas', {
      id: '9500',
      question: NEW_QUESTION,
      keywords: ['ドローン'],
      answer: '公園でのドローンの飛行は、事前の届出が必要です。',
      status: 'published',
    });
    assert.equal(created.status, 201);
    const residence = (await call<QaDetailReply>(api.server, api.editor, 'GET', '/qas/1001')).body.qa;
    assert.equal((await call(api.server, api.editor, 'PUT', '/qas/1001', { ...formOf(residence), status: 'draft' })).status, 200);
    const changed = (await call<QaDetailReply>(api.server, api.editor, 'GET', '/qas/1002')).body.qa;
    assert.equal((await call(api.server, api.editor, 'PUT', '/qas/1002', { ...formOf(changed), answer: `${changed.answer}\n\n（追記）` })).status, 200);

    const { body } = await call<PublishingReply>(api.server, api.viewer, 'GET', '/publishing');
    assert.deepEqual(body.pending.added, [{ id: '9500', question: NEW_QUESTION }]);
    assert.deepEqual(body.pending.changed.map((q) => q.id), ['1002']);
    assert.deepEqual(body.pending.removed.map((q) => q.id), ['1001']);
    const detail = (await call<QaDetailReply>(api.server, api.viewer, 'GET', '/qas/1002')).body;
    assert.equal(detail.published, 'changed');
    assert.doesNotMatch(detail.publishedQa?.answer ?? '', /追記/, 'the published copy is what citizens see now');
  });

  test('the check runs the saved cases on both indexes and shows which answers change', async () => {
    const saved = await call<TestCasesReply>(api.server, api.editor, 'PUT', '/test-cases', {
      revision: 0,
      cases: [
        { question: NEW_QUESTION, expected: ['9500'], note: '新しい QA' },
        { question: '住民票の写しを取りたい', expected: ['1001'] },
        { question: '国民健康保険に加入したい', expected: ['2001'] },
        { question: 'ｑｑｑｚｚｚ', expected: [] },
      ],
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const { status, body } = await call<PublishingCheckReply>(api.server, api.viewer, 'POST', '/publishing/check');
    assert.equal(status, 200);
    const [drone, residence, , nonsense] = body.cases;
    assert.equal(drone?.production.pass, false);
    assert.equal(drone?.draft.pass, true);
    assert.equal(drone?.draft.topId, '9500');
    assert.equal(drone?.verdict, 'newly-passing');
    assert.equal(drone?.answerChanged, true);
    assert.equal(drone?.note, '新しい QA');

    assert.equal(residence?.production.topId, '1001');
    assert.notEqual(residence?.draft.topId, '1001', 'a draft is not answered after publishing');
    assert.equal(residence?.verdict, 'newly-failing');

    assert.equal(nonsense?.production.decision, 'none');
    assert.equal(nonsense?.verdict, 'still-passing');
    assert.equal(nonsense?.answerChanged, false);

    assert.equal(body.summary.total, 4);
    assert.equal(body.summary.newlyFailing, 1);
    assert.equal(body.summary.newlyPassing, 1);
    assert.ok(body.summary.answerChanged >= 2);
    const answerable = body.cases.filter((c) => c.expected.length > 0);
    assert.equal(body.summary.production.hitAt1, answerable.filter((c) => c.production.rank === 1).length / answerable.length);
    assert.equal(body.summary.draft.hitAt1, answerable.filter((c) => c.draft.rank === 1).length / answerable.length);
    assert.equal(body.summary.draft.passed, body.cases.filter((c) => c.draft.pass).length);
  });

  test('citizens are answered from the new set only after publishing', async () => {
    const beforePublishing = await citizenAsks(NEW_QUESTION);
    assert.notEqual(beforePublishing.answer?.qaId, '9500');
    assert.ok(!beforePublishing.candidates.some((c) => c.qaId === '9500'));
    assert.equal((await citizenAsks('住民票の写しを取りたい')).answer?.qaId, '1001');

    const refused = await call<AdminErrorReply>(api.server, api.viewer, 'POST', '/publishing', {});
    assert.equal(refused.status, 403);

    const published = await call<PublishSummaryView>(api.server, api.editor, 'POST', '/publishing', {});
    assert.equal(published.status, 200);
    assert.deepEqual([published.body.added, published.body.changed, published.body.removed], [1, 1, 1]);

    assert.equal((await citizenAsks(NEW_QUESTION)).answer?.qaId, '9500');
    assert.notEqual((await citizenAsks('住民票の写しを取りたい')).answer?.qaId, '1001');
    const after = await call<PublishingReply>(api.server, api.viewer, 'GET', '/publishing');
    assert.deepEqual(after.body.pending, { added: [], changed: [], removed: [] });
    assert.equal(after.body.lastPublication?.actor, api.editor.loginId);
    const audit = await api.server.store.listAudit(TEST_SITE, { action: 'publish' });
    assert.deepEqual(audit.entries[0]?.detail, { added: 1, changed: 1, removed: 1 });
  });
});
