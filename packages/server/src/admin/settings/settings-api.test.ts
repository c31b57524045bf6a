/**
 * The settings API over a real port: validation with Japanese messages, revisions and conflicts, and the
 * effect on what citizens see.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatReply, MenuReply } from '../../chat/schema.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { call, serverWithStaff } from '../qas/api-test-support.ts';
import type { AdminErrorReply, PreviewReply } from '../qas/schema.ts';
import type { CharacterReply, ChatMenuReply, CityFactsReply, LogRetentionReply, SettingRevisionsReply } from './schema.ts';

const api = serverWithStaff({ admin: 'admin', otherAdmin: 'admin', editor: 'editor', viewer: 'viewer' });

async function citizen<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${api.server.url}/api/v1${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

describe('city facts', () => {
  test('are read with their revision by anyone signed in, and changed only by administrators', async () => {
    const { status, body } = await call<CityFactsReply>(api.server, api.editor, 'GET', '/settings/city-facts');
    assert.equal(status, 200);
    assert.equal(body.value['市名'], 'まどぐち市');
    assert.equal(body.revision, 1);
    assert.equal(body.updatedBy, 'starter-pack');
    const refused = await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/settings/city-facts', { revision: 1, value: body.value });
    assert.equal(refused.status, 403);
  });

  test('refuses names that cannot be placeholders', async () => {
    const { status, body } = await call<AdminErrorReply>(api.server, api.admin, 'PUT', '/settings/city-facts', { revision: 1, value: { '{{市名}}': 'x', ' 余白': 'y', 市名: 'z' } });
    assert.equal(status, 400);
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.error.issues?.map((i) => i.field), ['value.{{市名}}', 'value. 余白']);
  });

  test('a change shows in answers and previews at once; an old revision gets 409', async () => {
    const current = (await call<CityFactsReply>(api.server, api.admin, 'GET', '/settings/city-facts')).body;
    const saved = await call<CityFactsReply>(api.server, api.admin, 'PUT', '/settings/city-facts', { revision: current.revision, value: { ...current.value, 市名: 'みどり市' } });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.revision, 2);

    const answer = await citizen<ChatReply>('/chat', { qaId: '1001' });
    assert.match(answer.answer?.html ?? '', /みどり市のホームページ/);
    const preview = await call<PreviewReply>(api.server, api.editor, 'POST', '/preview', { answer: '{{市名}}へようこそ' });
    assert.equal(preview.body.html.trim(), '<p>みどり市へようこそ</p>');

    const stale = await call<AdminErrorReply & { error: { current?: CityFactsReply } }>(api.server, api.otherAdmin, 'PUT', '/settings/city-facts', { revision: 1, value: current.value });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'CONFLICT');
    assert.equal(stale.body.error.current?.value['市名'], 'みどり市');
    assert.equal(stale.body.error.current?.revision, 2);

    const history = await call<SettingRevisionsReply>(api.server, api.editor, 'GET', '/settings/city-facts/revisions');
    assert.deepEqual(history.body.items.map((r) => [r.revision, r.actor]), [
      [2, api.admin.loginId],
      [1, 'starter-pack'],
    ]);
    const audit = await api.server.store.listAudit(TEST_SITE, { action: 'settings.update' });
    assert.equal(audit.entries[0]?.target, 'cityFacts');
  });
});

describe('the character', () => {
  test('defaults before anything is saved', async () => {
    const { body } = await call<CharacterReply>(api.server, api.editor, 'GET', '/settings/character');
    assert.equal(body.revision, 0);
    assert.deepEqual(body.value, {});
    assert.equal(body.resolved.name, 'まどか');
    assert.deepEqual(body.problems, []);
  });

  test('refuses invalid fields with their Japanese messages', async () => {
    const { status, body } = await call<AdminErrorReply>(api.server, api.admin, 'PUT', '/settings/character', {
      revision: 0,
      value: { name: '', themeColor: 'あかいろ', position: 'top', avatarUrl: 'javascript:alert(1)', greetings: { en: 'x'.repeat(401) } },
    });
    assert.equal(status, 400);
    assert.deepEqual(body.error.issues?.map((i) => i.field).sort(), ['avatarUrl', 'greetings.en', 'name', 'position', 'themeColor']);
    assert.ok(body.error.issues?.every((i) => /[ぁ-んァ-ヶ]/.test(i.message)));
  });

  test('saves, and returns a corrected colour as a warning; the chat menu shows it', async () => {
    const { status, body } = await call<CharacterReply>(api.server, api.admin, 'PUT', '/settings/character', {
      revision: 0,
      value: { name: 'みどりん', themeColor: '#ffff00', greeting: 'こんにちは、{{市名}}です。' },
    });
    assert.equal(status, 200);
    assert.equal(body.revision, 1);
    assert.equal(body.value.themeColor, '#ffff00', 'the city\'s choice is kept');
    assert.notEqual(body.resolved.themeColor, '#ffff00');
    assert.deepEqual(body.problems.map((p) => [p.field, p.kind]), [['themeColor', 'corrected']]);
    const menu = await citizen<MenuReply>('/menu');
    assert.equal(menu.character.name, 'みどりん');
    assert.equal(menu.character.greeting, 'こんにちは、みどり市です。');
  });
});

describe('the chat menu', () => {
  test('features only QAs that exist', async () => {
    const missing = await call<AdminErrorReply>(api.server, api.admin, 'PUT', '/settings/chat-menu', { revision: 0, value: { featuredQaIds: ['1002', 'ない'] } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error.issues?.map((i) => [i.row, i.field]), [[2, 'value.featuredQaIds.1']]);
    const saved = await call<ChatMenuReply>(api.server, api.admin, 'PUT', '/settings/chat-menu', { revision: 0, value: { featuredQaIds: ['1002', '1001'] } });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.value.featuredQaIds, ['1002', '1001']);
    assert.deepEqual((await call<ChatMenuReply>(api.server, api.editor, 'GET', '/settings/chat-menu')).body.revision, 1);
  });

  test('an unknown setting has no history route', async () => {
    assert.equal((await call<AdminErrorReply>(api.server, api.editor, 'GET', '/settings/engine/revisions')).status, 400);
  });
});

describe('the log retention', () => {
  test('is three years until changed, never under a year, and every change is audited', async () => {
    const initial = await call<LogRetentionReply>(api.server, api.viewer, 'GET', '/settings/log-retention');
    assert.deepEqual([initial.status, initial.body.value, initial.body.revision], [200, { days: 1095 }, 0]);
    const short = await call<AdminErrorReply>(api.server, api.admin, 'PUT', '/settings/log-retention', { revision: 0, value: { days: 90 } });
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /365/);
    assert.equal((await call<AdminErrorReply>(api.server, api.editor, 'PUT', '/settings/log-retention', { revision: 0, value: { days: 730 } })).status, 403);
    const saved = await call<LogRetentionReply>(api.server, api.admin, 'PUT', '/settings/log-retention', { revision: 0, value: { days: 730 } });
    assert.deepEqual([saved.status, saved.body.value, saved.body.revision], [200, { days: 730 }, 1]);
    const audit = await api.server.store.listAudit(TEST_SITE, { action: 'settings.update', limit: 10 });
    assert.ok(audit.entries.some((e) => e.target === 'logRetention'), JSON.stringify(audit.entries));
  });
});
