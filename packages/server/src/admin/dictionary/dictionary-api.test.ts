/**
 * The synonym dictionary over a real port: line-by-line checks, optimistic locking, and synonyms that apply
 * to the test chat and to citizens at once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatReply } from '../../chat/schema.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { call, serverWithStaff } from '../qas/api-test-support.ts';
import type { AdminErrorReply } from '../qas/schema.ts';
import type { TestChatReply } from '../test-chat/schema.ts';
import type { DictionaryReply, DictionaryRevisionsReply } from './schema.ts';

const api = serverWithStaff({ editor: 'editor', colleague: 'editor', viewer: 'viewer' });

/** The QA the citizen is shown first: the answer, or the first candidate (several 住民票 QAs are close). */
async function firstShown(message: string): Promise<string | undefined> {
  const reply = await citizenAsks(message);
  return reply.answer?.qaId ?? reply.candidates[0]?.qaId;
}

async function citizenAsks(message: string): Promise<ChatReply> {
  const response = await fetch(`${api.server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  return (await response.json()) as ChatReply;
}

const QUESTION = 'ゴジラ証明を取りたい';

describe('the dictionary', () => {
  test('starts empty at revision 0', async () => {
    const { status, body } = await call<DictionaryReply>(api.server, api.viewer, 'GET', '/dictionary');
    assert.equal(status, 200);
    assert.deepEqual(body, { lines: [], revision: 0, updatedBy: null, updatedAt: null });
  });

  test('refuses lines that would not load, listing each by line number', async () => {
    const { status, body } = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/dictionary', {
      revision: 0,
      lines: ['# コメント', 'ごみ, ゴミ', 'ひとつだけ', '', 'a -> b -> c', 'あ -> ', '改行\nあり, x'],
    });
    assert.equal(status, 400);
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      body.error.issues?.map((i) => i.row),
      [3, 5, 6, 7],
    );
    assert.match(body.error.issues?.[0]?.message ?? '', /2語以上/);
    assert.match(body.error.message, /3行目/);
    assert.deepEqual((await call<DictionaryReply>(api.server, api.viewer, 'GET', '/dictionary')).body.lines, []);
  });

  test('a saved dictionary applies to the test chat and to citizens at once', async () => {
    assert.notEqual(await firstShown(QUESTION), '1001');
    const saved = await call<DictionaryReply>(api.server, api.editor, 'PUT', '/dictionary', { revision: 0, lines: ['# 試験', `ゴジラ証明 -> 住民票の写し  `] });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.revision, 1);
    assert.deepEqual(saved.body.lines, ['# 試験', 'ゴジラ証明 -> 住民票の写し']);
    assert.equal(saved.body.updatedBy, api.editor.loginId);

    assert.equal(await firstShown(QUESTION), '1001');
    const testChat = await call<TestChatReply>(api.server, api.viewer, 'POST', '/test-chat', { message: QUESTION, scope: 'working' });
    assert.equal(testChat.body.results[0]?.id, '1001');
    assert.ok(testChat.body.results[0]?.matches.some((m) => m.expandedFrom === 'ゴジラ証明'));
    const audit = await api.server.store.listAudit(TEST_SITE, { action: 'dictionary.update' });
    assert.deepEqual(audit.entries[0]?.detail, { revision: 1, lines: 2 });
  });

  test('a save based on an old revision gets 409 with the dictionary as stored now', async () => {
    const stale = await call<AdminErrorReply & { error: { current?: DictionaryReply } }>(api.server, api.colleague, 'PUT', '/dictionary', { revision: 0, lines: ['ごみ, ゴミ'] });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'CONFLICT');
    assert.equal(stale.body.error.current?.revision, 1);
    assert.deepEqual(stale.body.error.current?.lines, ['# 試験', 'ゴジラ証明 -> 住民票の写し']);

    const merged = await call<DictionaryReply>(api.server, api.colleague, 'PUT', '/dictionary', { revision: 1, lines: [...stale.body.error.current!.lines, 'ごみ, ゴミ'] });
    assert.equal(merged.body.revision, 2);
    const history = await call<DictionaryRevisionsReply>(api.server, api.viewer, 'GET', '/dictionary/revisions');
    assert.deepEqual(history.body.items.map((r) => [r.revision, r.actor, r.lines.length]), [
      [2, api.colleague.loginId, 3],
      [1, api.editor.loginId, 2],
    ]);
  });

  test('a viewer may not change it', async () => {
    const { status } = await call<AdminErrorReply>(api.server, api.viewer, 'PUT', '/dictionary', { revision: 2, lines: [] });
    assert.equal(status, 403);
  });
});
