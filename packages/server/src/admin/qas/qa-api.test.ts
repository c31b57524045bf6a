/**
 * The admin QA API over a real port: a starter-pack site plus a few test QAs, staff signed in through the
 * real session API, requests by fetch.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestSession } from '../../auth/test-support.ts';
import type { ChatReply } from '../../chat/schema.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { qaContent } from '../../qa/test-fixtures.ts';
import type { TestChatReply } from '../test-chat/schema.ts';
import { call, formOf, serverWithStaff } from './api-test-support.ts';
import type {
  AdminErrorReply,
  BulkReply,
  CategoryListReply,
  EditingReply,
  PreviewReply,
  QaConflictReply,
  QaDetailReply,
  QaListReply,
  QaView,
  RevisionListReply,
  RevisionReply,
} from './schema.ts';

const TEST_QAS = [
  qaContent('9001', { category1: 'テスト分類', category2: 'あ', question: 'かめのえさの与え方', answer: 'かめには野菜を与えます。', department: '環境課' }),
  qaContent('9002', { category1: 'テスト分類', category2: 'い', question: 'うさぎの飼い方', answer: 'うさぎは静かな場所で。', department: '環境課' }),
  qaContent('9003', { category1: 'テスト分類', category2: 'い', question: 'ＡＢＣ講座の申込み', answer: '講座は春に開きます。', department: '生涯学習課', status: 'draft' }),
  qaContent('9004', { category1: 'テスト分類', category2: 'う', question: 'ねこの登録', answer: 'ねこの登録はいりません。', relatedIds: ['9001'] }),
];

const api = serverWithStaff({ editor: ['editor', 'suzuki'], colleague: ['editor', 'sato'], viewer: 'viewer' }, { qas: TEST_QAS });

async function qa(id: string, session: TestSession = api.editor): Promise<QaDetailReply> {
  const { status, body } = await call<QaDetailReply>(api.server, session, 'GET', `/qas/${id}`);
  assert.equal(status, 200, `GET /qas/${id}`);
  return body;
}

async function auditActions(): Promise<string[]> {
  return (await api.server.store.listAudit(TEST_SITE, { limit: 1000 })).entries.map((e) => `${e.action} ${e.target}`);
}

describe('creating, editing and deleting', () => {
  test('creates a QA as a draft by default, and refuses a taken id', async () => {
    const created = await call<QaView>(api.server, api.editor, 'POST', '/qas', { id: '9100', question: ' 新しい質問 ', answer: '新しい回答', alternates: ['言い換え', '言い換え', ''] });
    assert.equal(created.status, 201);
    assert.equal(created.body.version, 1);
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.question, '新しい質問', 'normalised like an import');
    assert.deepEqual(created.body.alternates, ['言い換え']);
    assert.equal(created.body.updatedBy, 'suzuki');
    assert.equal((await qa('9100')).published, 'unpublished');
    assert.ok((await auditActions()).includes('qa.create 9100'));

    const again = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas', { id: '9100', question: 'Q', answer: 'A' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'QA_ALREADY_EXISTS');
  });

  test('lists every problem of a QA with its field and a Japanese message', async () => {
    const { status, body } = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas', {
      id: '91 01',
      question: '',
      answer: '回答',
      sourceUrls: ['javascript:alert(1)'],
      validFrom: '2026-13-01',
    });
    assert.equal(status, 400);
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.error.issues?.map((i) => i.field), ['id', 'question', 'sourceUrls', 'validFrom']);
    assert.equal(body.error.issues?.[1]?.column, '質問');
    assert.match(body.error.issues?.[1]?.message ?? '', /質問が空です/);
  });

  test('two editors: the second save gets 409 with the first one\'s version, and nothing is lost', async () => {
    const [mine, theirs] = await Promise.all([qa('9001', api.editor), qa('9001', api.colleague)]);
    const first = await call<QaView>(api.server, api.editor, 'PUT', '/qas/9001', { ...formOf(mine.qa), answer: 'かめには小松菜を与えます。' });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);

    const second = await call<QaConflictReply>(api.server, api.colleague, 'PUT', '/qas/9001', { ...formOf(theirs.qa), keywords: ['かめ'] });
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'CONFLICT');
    assert.match(second.body.error.message, /suzuki さんが更新/);
    assert.equal(second.body.error.current?.version, 2);
    assert.equal(second.body.error.current?.answer, 'かめには小松菜を与えます。', 'the first editor\'s text, to show side by side');

    // The colleague merges onto the current version; both changes are kept.
    const merged = await call<QaView>(api.server, api.colleague, 'PUT', '/qas/9001', { ...formOf(second.body.error.current!), keywords: ['かめ'] });
    assert.equal(merged.status, 200);
    assert.equal(merged.body.version, 3);
    assert.equal(merged.body.answer, 'かめには小松菜を与えます。');
    assert.deepEqual(merged.body.keywords, ['かめ']);
    assert.equal((await qa('9001')).published, 'changed');
  });

  test('refuses changing the id through PUT, and 404s an unknown QA', async () => {
    const current = await qa('9002');
    const renamed = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/qas/9002', { ...formOf(current.qa), id: '9999' });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.body.error.issues?.[0]?.field, 'id');
    const unknown = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/qas/nope', { ...formOf(current.qa), id: undefined });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'QA_NOT_FOUND');
  });

  test('refuses a 関連QA that does not exist', async () => {
    const current = await qa('9002');
    const { status, body } = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/qas/9002', { ...formOf(current.qa), relatedIds: ['9001', 'ないQA'] });
    assert.equal(status, 400);
    assert.equal(body.error.code, 'QA_RELATED_MISSING');
    assert.deepEqual(body.error.missing, [{ qaId: '9002', relatedId: 'ないQA' }]);
  });

  test('deletes at the version read; history stays and the QA can be brought back', async () => {
    const created = await call<QaView>(api.server, api.editor, 'POST', '/qas', { id: '9101', question: '消す質問', answer: '消す回答' });
    const stale = await call<QaConflictReply>(api.server, api.editor, 'DELETE', '/qas/9101?version=7');
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.current?.version, 1);

    const deleted = await call<string>(api.server, api.editor, 'DELETE', `/qas/9101?version=${created.body.version}`);
    assert.equal(deleted.status, 204);
    assert.equal((await call<AdminErrorReply>(api.server, api.editor, 'GET', '/qas/9101')).status, 404);

    const history = await call<RevisionListReply>(api.server, api.viewer, 'GET', '/qas/9101/revisions');
    assert.equal(history.status, 200);
    assert.equal(history.body.currentVersion, null);
    assert.deepEqual(history.body.items.map((r) => [r.version, r.action]), [[2, 'delete'], [1, 'create']]);

    const restored = await call<QaView>(api.server, api.editor, 'POST', '/qas/9101/revisions/1/restore', { expectedVersion: null });
    assert.equal(restored.status, 200);
    assert.equal(restored.body.version, 3);
    assert.equal(restored.body.question, '消す質問');
    const actions = await auditActions();
    assert.ok(actions.includes('qa.delete 9101') && actions.includes('qa.restore 9101'));
  });
});

describe('history', () => {
  test('shows every revision and restores an old one as a new version', async () => {
    const v1 = (await qa('9002')).qa;
    const v2 = await call<QaView>(api.server, api.editor, 'PUT', '/qas/9002', { ...formOf(v1), answer: 'うさぎは広いケージで。' });
    assert.equal(v2.status, 200);

    const list = await call<RevisionListReply>(api.server, api.viewer, 'GET', '/qas/9002/revisions');
    assert.deepEqual(list.body.items.map((r) => [r.version, r.action, r.actor]), [
      [v2.body.version, 'update', 'suzuki'],
      [v1.version, 'import', 'test'],
    ]);
    const old = await call<RevisionReply>(api.server, api.viewer, 'GET', `/qas/9002/revisions/${v1.version}`);
    assert.equal(old.body.content.answer, 'うさぎは静かな場所で。');
    assert.equal((await call<AdminErrorReply>(api.server, api.viewer, 'GET', '/qas/9002/revisions/99')).body.error.code, 'REVISION_NOT_FOUND');

    const stale = await call<QaConflictReply>(api.server, api.editor, 'POST', `/qas/9002/revisions/${v1.version}/restore`, { expectedVersion: v1.version });
    assert.equal(stale.status, 409, 'restoring also names the version read');
    const restored = await call<QaView>(api.server, api.colleague, 'POST', `/qas/9002/revisions/${v1.version}/restore`, { expectedVersion: v2.body.version });
    assert.equal(restored.status, 200);
    assert.equal(restored.body.version, v2.body.version + 1);
    assert.equal(restored.body.answer, 'うさぎは静かな場所で。');
    assert.equal(restored.body.updatedBy, 'sato');
  });
});

describe('the list', () => {
  test('filters by text (width and case folded), category, status, department and publication state', async () => {
    const list = async (query: string): Promise<string[]> => {
      const { status, body } = await call<QaListReply>(api.server, api.viewer, 'GET', `/qas?${query}`);
      assert.equal(status, 200, query);
      return body.items.map((i) => i.id);
    };
    assert.deepEqual(await list('text=abc%E8%AC%9B%E5%BA%A7'), ['9003'], 'abc講座 finds ＡＢＣ講座');
    assert.deepEqual(await list(`category1=${encodeURIComponent('テスト分類')}&category2=${encodeURIComponent('い')}`), ['9002', '9003']);
    assert.deepEqual(await list(`category1=${encodeURIComponent('テスト分類')}&status=draft`), ['9003']);
    assert.deepEqual(await list(`department=${encodeURIComponent('生涯学習')}&category1=${encodeURIComponent('テスト分類')}`), ['9003']);
    assert.ok((await list(`department=${encodeURIComponent('生涯学習')}&limit=500`)).length > 1, 'a part of the department name is enough');
    assert.deepEqual(await list(`text=${encodeURIComponent('ねこ 登録')}`), ['9004']);
    const newOnes = await list('published=new&limit=500');
    assert.ok(!newOnes.includes('9004') && !newOnes.includes('9003'));
  });

  test('sorts, pages and counts; a bad date is a readable error', async () => {
    const byQuestion = await call<QaListReply>(api.server, api.viewer, 'GET', `/qas?category1=${encodeURIComponent('テスト分類')}&sort=question&order=desc&limit=2`);
    assert.equal(byQuestion.body.total, 4);
    assert.deepEqual(byQuestion.body.items.map((i) => i.question), ['ねこの登録', 'かめのえさの与え方']);
    const secondPage = await call<QaListReply>(api.server, api.viewer, 'GET', `/qas?category1=${encodeURIComponent('テスト分類')}&sort=question&order=desc&limit=2&offset=2`);
    assert.deepEqual(secondPage.body.items.map((i) => i.question), ['うさぎの飼い方', 'ＡＢＣ講座の申込み']);

    const recent = await call<QaListReply>(api.server, api.viewer, 'GET', '/qas?sort=updatedAt&order=desc&limit=1');
    const newest = (await api.server.store.listQas(TEST_SITE)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]!;
    assert.equal(recent.body.items[0]?.updatedAt, newest.updatedAt);
    assert.ok(recent.body.total > 400);

    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const todays = await call<QaListReply>(api.server, api.viewer, 'GET', `/qas?updatedFrom=${today}&updatedTo=${today}&limit=500`);
    assert.equal(todays.body.total, (await api.server.store.countQas(TEST_SITE)), 'everything was stored today');
    const future = await call<QaListReply>(api.server, api.viewer, 'GET', '/qas?updatedFrom=2999-01-01');
    assert.equal(future.body.total, 0);

    const bad = await call<AdminErrorReply>(api.server, api.viewer, 'GET', '/qas?updatedFrom=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues?.[0]?.field, 'updatedFrom');
    assert.equal((await call<AdminErrorReply>(api.server, api.viewer, 'GET', '/qas?limit=501')).status, 400);
  });

  test('offers the categories in use with their counts', async () => {
    const { body } = await call<CategoryListReply>(api.server, api.viewer, 'GET', '/categories');
    const test = body.items.find((c) => c.category1 === 'テスト分類');
    assert.equal(test?.children.find((c) => c.category2 === 'い')?.count, 2);
    assert.ok(body.items.some((c) => c.category1 === '届出・証明' && c.count > 10));
  });
});

describe('bulk changes', () => {
  test('sets the status of many QAs in one go', async () => {
    const { status, body } = await call<BulkReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'set-status', ids: ['9002', '9003', '9004'], status: 'published' });
    assert.equal(status, 200);
    assert.deepEqual(body, { action: 'set-status', changed: 1, unchanged: 2 });
    assert.equal((await qa('9003')).qa.status, 'published');
    assert.ok((await auditActions()).includes('qa.bulk '));
  });

  test('changes nothing at all when one id is unknown', async () => {
    const before = await api.server.store.listQas(TEST_SITE);
    const { status, body } = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'move-category', ids: ['9002', 'ない'], category1: '移動先' });
    assert.equal(status, 404);
    assert.match(body.error.message, /ない/);
    const deleting = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'delete', ids: ['9004', 'ない'] });
    assert.equal(deleting.status, 404);
    assert.deepEqual(await api.server.store.listQas(TEST_SITE), before);
  });

  test('changes nothing when a changed QA lists a 関連QA that no longer exists', async () => {
    const target = await api.server.store.saveQa(TEST_SITE, qaContent('9110', { question: 'つながり先' }), { actor: 'test', expectedVersion: null });
    const linked = await api.server.store.saveQa(TEST_SITE, qaContent('9111', { question: 'つながり元', relatedIds: ['9110'] }), { actor: 'test', expectedVersion: null });
    await api.server.store.deleteQa(TEST_SITE, target.id, { actor: 'test', expectedVersion: target.version });
    const { status, body } = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'set-status', ids: ['9002', '9111'], status: 'draft' });
    assert.equal(status, 400);
    assert.equal(body.error.code, 'QA_RELATED_MISSING');
    assert.equal((await qa('9002')).qa.status, 'published', 'the other QA was not changed either');
    assert.equal((await api.server.store.getQa(TEST_SITE, '9111'))?.version, linked.version);
  });

  test('moves QAs to another category, and deletes several', async () => {
    const moved = await call<BulkReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'move-category', ids: ['9002', '9003'], category1: '移動先', category2: '小' });
    assert.equal(moved.body.changed, 2);
    assert.equal((await qa('9003')).qa.category1, '移動先');
    const missing = await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'set-status', ids: ['9002'] });
    assert.equal(missing.body.error.code, 'VALIDATION_FAILED');

    const deleted = await call<BulkReply>(api.server, api.editor, 'POST', '/qas/bulk', { action: 'delete', ids: ['9002', '9003'] });
    assert.deepEqual(deleted.body, { action: 'delete', changed: 2, unchanged: 0 });
    assert.equal(await api.server.store.getQa(TEST_SITE, '9002'), undefined);
    assert.equal(await api.server.store.getQa(TEST_SITE, '9003'), undefined);
  });
});

describe('editing together', () => {
  test('a heartbeat shows who has which QA open, until they close it', async () => {
    const beat = await call<EditingReply>(api.server, api.editor, 'POST', '/qas/1001/editing');
    assert.equal(beat.status, 200);
    assert.deepEqual(beat.body.editing.map((e) => e.loginId), ['suzuki']);
    await call(api.server, api.colleague, 'POST', '/qas/1001/editing');

    const list = await call<QaListReply>(api.server, api.viewer, 'GET', '/qas?limit=1');
    assert.deepEqual(list.body.editing.filter((e) => e.qaId === '1001').map((e) => [e.loginId, e.displayName]), [['sato', 'sato'], ['suzuki', 'suzuki']]);
    assert.deepEqual((await qa('1001', api.colleague)).editing.map((e) => e.loginId), ['sato', 'suzuki']);

    assert.equal((await call(api.server, api.editor, 'DELETE', '/qas/1001/editing')).status, 204);
    assert.deepEqual((await qa('1001')).editing.map((e) => e.loginId), ['sato']);
    assert.equal((await call<AdminErrorReply>(api.server, api.editor, 'POST', '/qas/nope/editing')).status, 404);
  });
});

describe('preview and test chat', () => {
  test('renders an answer exactly as the citizen chat does', async () => {
    const stored = (await qa('1001')).qa;
    const preview = await call<PreviewReply>(api.server, api.viewer, 'POST', '/preview', { answer: stored.answer });
    const chat = (await (
      await fetch(`${api.server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaId: '1001' }) })
    ).json()) as ChatReply;
    assert.equal(preview.body.html, chat.answer?.html);
    assert.match(preview.body.html, /本庁舎1階の市民課窓口/, 'placeholders are filled with the city facts');

    const hostile = await call<PreviewReply>(api.server, api.viewer, 'POST', '/preview', { answer: '{{市名}}の<script>alert(1)</script>[案内](/a.pdf)' });
    assert.doesNotMatch(hostile.body.html, /<script/);
    assert.match(hostile.body.html, /まどぐち市/);
    assert.match(hostile.body.html, /href="https:\/\/www\.example\.jp\/a\.pdf"[^>]*data-file="pdf"/);
  });

  test('the test chat sees a save at once; citizens do not until publication', async () => {
    const current = (await qa('9004')).qa;
    const saved = await call<QaView>(api.server, api.editor, 'PUT', '/qas/9004', { ...formOf(current), question: 'ペンギンの飼育許可', keywords: ['ペンギン'], status: 'published' });
    assert.equal(saved.status, 200);
    const working = await call<TestChatReply>(api.server, api.viewer, 'POST', '/test-chat', { message: 'ペンギンを飼いたい', scope: 'working' });
    assert.equal(working.status, 200);
    assert.equal(working.body.results[0]?.id, '9004');
    assert.ok(working.body.results[0]!.matches.some((m) => m.text === 'ペンギン'), 'says why it matched');
    assert.equal(working.body.answer?.qaId, '9004');
    assert.match(working.body.answer?.html ?? '', /<p>ねこの登録はいりません。<\/p>/);

    const published = await call<TestChatReply>(api.server, api.viewer, 'POST', '/test-chat', { message: 'ペンギンを飼いたい', scope: 'published' });
    assert.notEqual(published.body.results[0]?.id, '9004');
    const empty = await call<AdminErrorReply>(api.server, api.viewer, 'POST', '/test-chat', { message: '  ', scope: 'working' });
    assert.equal(empty.body.error.code, 'EMPTY_MESSAGE');
  });
});

describe('roles', () => {
  test('a viewer reads but changes nothing', async () => {
    const current = (await qa('1002', api.viewer)).qa;
    const attempts: [string, string, unknown][] = [
      ['POST', '/qas', { id: '9200', question: 'Q', answer: 'A' }],
      ['PUT', '/qas/1002', { ...formOf(current) }],
      ['DELETE', `/qas/1002?version=${current.version}`, undefined],
      ['POST', '/qas/bulk', { action: 'delete', ids: ['1002'] }],
      ['POST', '/qas/1002/editing', undefined],
      ['POST', `/qas/1002/revisions/${current.version}/restore`, { expectedVersion: current.version }],
    ];
    for (const [method, path, body] of attempts) {
      const { status, body: reply } = await call<AdminErrorReply>(api.server, api.viewer, method, path, body);
      assert.equal(status, 403, `${method} ${path}`);
      assert.equal(reply.error.code, 'FORBIDDEN');
    }
    assert.equal((await api.server.store.getQa(TEST_SITE, '1002'))?.version, current.version);
  });
});
