/**
 * The behaviour every Store must show, as a node:test suite. The SQLite test runs it today; the PostgreSQL
 * backend will run the same suite, so both behave identically.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Qa } from '../qa/model.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import {
  AccountAlreadyExistsError,
  AccountNotFoundError,
  AccountVersionConflictError,
  QaAlreadyExistsError,
  QaInvalidError,
  QaNotFoundError,
  RelatedQaMissingError,
  StoreInputError,
  VersionConflictError,
} from './errors.ts';
import type { ChatLogEntry, Store } from './store.ts';

/** A fresh, empty store and how to dispose of it. */
export interface StoreHandle {
  store: Store;
  dispose(): Promise<void>;
}

/** A complete QaContent with sensible defaults (see qa/test-fixtures.ts). */
export const content = qaContent;

const A = 'city-a';
const B = 'city-b';
const who = { actor: 'suzuki' };

/**
 * Registers the contract tests for a backend.
 *
 * @example `storeContract('sqlite', async () => ({ store: openSqliteStore(dir), dispose: ... }));`
 */
export function storeContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.dispose();
    });

    describe('QA CRUD', () => {
      it('creates a QA at version 1 with bookkeeping and reads it back', async () => {
        const saved = await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        assert.equal(saved.version, 1);
        assert.equal(saved.updatedBy, 'suzuki');
        assert.equal(saved.siteId, A);
        assert.match(saved.updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.deepEqual(await store.getQa(A, '1'), saved);
        assert.equal(await store.countQas(A), 1);
      });

      it('keeps every content field exactly, translations included', async () => {
        const rich = content('7', {
          alternates: ['住民票を取りたい', 'じゅうみんひょう, 写し'],
          keywords: ['住民票', '写し'],
          answer: '## 手続き\n- 窓口: **市民課**\n- [申請書](/files/a.pdf) "引用" 😀',
          sourceUrls: ['https://example.jp/a', '/local/b'],
          status: 'draft',
          validFrom: '2026-04-01',
          validUntil: '2027-03-31',
          translations: { en: { question: 'Residence certificate?', alternates: ['copy'], answer: 'At the counter.' } },
        });
        await store.saveQa(A, rich, { ...who, expectedVersion: null });
        const { siteId, version, updatedBy, updatedAt, ...back } = (await store.getQa(A, '7'))!;
        assert.deepEqual([siteId, version, updatedBy, typeof updatedAt], [A, 1, 'suzuki', 'string']);
        assert.deepEqual(back, rich);
      });

      it('ignores bookkeeping fields passed in with the content', async () => {
        const first = await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        const withBookkeeping: Qa = { ...first, version: 99, updatedBy: 'x', siteId: B };
        const second = await store.saveQa(A, withBookkeeping, { actor: 'sato', expectedVersion: 1 });
        assert.equal(second.version, 2);
        assert.equal(second.updatedBy, 'sato');
        assert.equal(second.siteId, A);
        assert.equal(await store.getQa(B, '1'), undefined);
      });

      it('updates with the right version, bumping it', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        const updated = await store.saveQa(A, content('1', { answer: '新しい回答' }), { actor: 'sato', expectedVersion: 1 });
        assert.equal(updated.version, 2);
        assert.equal(updated.updatedBy, 'sato');
        assert.equal((await store.getQa(A, '1'))?.answer, '新しい回答');
      });

      it('refuses to create an id that exists', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        await assert.rejects(store.saveQa(A, content('1'), { ...who, expectedVersion: null }), (e: unknown) => {
          assert.ok(e instanceof QaAlreadyExistsError);
          assert.equal(e.code, 'QA_ALREADY_EXISTS');
          return true;
        });
      });

      it('refuses to update or delete a QA that does not exist', async () => {
        await assert.rejects(store.saveQa(A, content('1'), { ...who, expectedVersion: 1 }), QaNotFoundError);
        await assert.rejects(store.deleteQa(A, '1', { ...who, expectedVersion: 1 }), QaNotFoundError);
      });

      it('deletes with the right version; the QA is gone', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        await store.deleteQa(A, '1', { ...who, expectedVersion: 1 });
        assert.equal(await store.getQa(A, '1'), undefined);
        assert.equal(await store.countQas(A), 0);
      });

      it('lists in natural id order and filters by status', async () => {
        for (const id of ['10', '2', 'A-10', 'A-9', '1']) {
          await store.saveQa(A, content(id, { status: id.startsWith('A') ? 'draft' : 'published' }), { ...who, expectedVersion: null });
        }
        assert.deepEqual((await store.listQas(A)).map((q) => q.id), ['1', '2', '10', 'A-9', 'A-10']);
        assert.deepEqual((await store.listQas(A, { status: 'draft' })).map((q) => q.id), ['A-9', 'A-10']);
        assert.equal(await store.countQas(A, { status: 'published' }), 3);
      });

      it('rejects an empty id and an empty actor', async () => {
        await assert.rejects(store.saveQa(A, content(' '), { ...who, expectedVersion: null }), QaInvalidError);
        await assert.rejects(store.saveQa(A, content('1'), { actor: '', expectedVersion: null }), StoreInputError);
      });

      it('refuses a newly added related id that does not exist, but tolerates one already stored', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        await store.saveQa(A, content('2', { relatedIds: ['1'] }), { ...who, expectedVersion: null });
        await assert.rejects(
          store.saveQa(A, content('3', { relatedIds: ['1', '404'] }), { ...who, expectedVersion: null }),
          (e: unknown) => e instanceof RelatedQaMissingError && e.code === 'QA_RELATED_MISSING' && e.missing[0]?.relatedId === '404',
        );
        assert.equal(await store.getQa(A, '3'), undefined);
        // A colleague deletes 1; editing 2 must still work.
        await store.deleteQa(A, '1', { ...who, expectedVersion: 1 });
        const edited = await store.saveQa(A, content('2', { relatedIds: ['1'], answer: '変更' }), { ...who, expectedVersion: 1 });
        assert.equal(edited.version, 2);
      });
    });

    describe('optimistic locking', () => {
      it('fails a stale save with the current QA and changes nothing', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        await store.saveQa(A, content('1', { answer: '佐藤の変更' }), { actor: 'sato', expectedVersion: 1 });
        await assert.rejects(
          store.saveQa(A, content('1', { answer: '鈴木の古い変更' }), { actor: 'suzuki', expectedVersion: 1 }),
          (e: unknown) => {
            assert.ok(e instanceof VersionConflictError);
            assert.equal(e.code, 'QA_VERSION_CONFLICT');
            assert.equal(e.current.version, 2);
            assert.equal(e.current.answer, '佐藤の変更');
            assert.equal(e.expectedVersion, 1);
            assert.match(e.message, /sato/);
            return true;
          },
        );
        assert.equal((await store.getQa(A, '1'))?.answer, '佐藤の変更');
        assert.equal((await store.listRevisions(A, '1')).length, 2);
      });

      it('fails a stale delete', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        await store.saveQa(A, content('1', { answer: 'x' }), { ...who, expectedVersion: 1 });
        await assert.rejects(store.deleteQa(A, '1', { ...who, expectedVersion: 1 }), VersionConflictError);
        assert.ok(await store.getQa(A, '1'));
      });

      it('lets exactly one of two concurrent saves of the same version win', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        const results = await Promise.allSettled([
          store.saveQa(A, content('1', { answer: 'a' }), { actor: 'a', expectedVersion: 1 }),
          store.saveQa(A, content('1', { answer: 'b' }), { actor: 'b', expectedVersion: 1 }),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const rejected = results.find((r) => r.status === 'rejected');
        assert.ok(rejected?.status === 'rejected' && rejected.reason instanceof VersionConflictError);
      });

      it('continues versions after delete and re-create, so an old version cannot overwrite the new QA', async () => {
        await store.saveQa(A, content('1'), { ...who, expectedVersion: null });
        await store.deleteQa(A, '1', { ...who, expectedVersion: 1 });
        const again = await store.saveQa(A, content('1', { answer: '再作成' }), { ...who, expectedVersion: null });
        assert.equal(again.version, 3);
        await assert.rejects(store.saveQa(A, content('1'), { ...who, expectedVersion: 1 }), VersionConflictError);
      });
    });

    describe('revisions', () => {
      it('records create, update and delete with actor, time and full content', async () => {
        await store.saveQa(A, content('1'), { actor: 'suzuki', expectedVersion: null });
        await store.saveQa(A, content('1', { answer: 'v2' }), { actor: 'sato', expectedVersion: 1 });
        await store.deleteQa(A, '1', { actor: 'tanaka', expectedVersion: 2 });
        const revs = await store.listRevisions(A, '1');
        assert.deepEqual(
          revs.map((r) => [r.version, r.action, r.actor, r.content.answer]),
          [
            [1, 'create', 'suzuki', '回答 1'],
            [2, 'update', 'sato', 'v2'],
            [3, 'delete', 'tanaka', 'v2'],
          ],
        );
        assert.ok(revs.every((r) => r.siteId === A && r.qaId === '1' && r.at.endsWith('Z')));
        assert.deepEqual(revs[0]?.content, content('1'));
      });

      it('can restore an old revision by saving its content', async () => {
        await store.saveQa(A, content('1', { answer: '元の回答' }), { ...who, expectedVersion: null });
        await store.saveQa(A, content('1', { answer: '誤った変更' }), { ...who, expectedVersion: 1 });
        const [first] = await store.listRevisions(A, '1');
        const restored = await store.saveQa(A, first!.content, { ...who, expectedVersion: 2 });
        assert.equal(restored.answer, '元の回答');
        assert.equal(restored.version, 3);
      });
    });

    describe('import', () => {
      it('merge creates, updates, keeps identical QAs untouched and deletes nothing', async () => {
        await store.saveQa(A, content('1'), { actor: 'suzuki', expectedVersion: null });
        await store.saveQa(A, content('2'), { actor: 'suzuki', expectedVersion: null });
        await store.saveQa(A, content('9'), { actor: 'suzuki', expectedVersion: null });
        const before1 = await store.getQa(A, '1');
        const summary = await store.importQas(A, [content('1'), content('2', { answer: '変更' }), content('3', { relatedIds: ['9'] })], {
          actor: 'importer',
          mode: 'merge',
        });
        assert.deepEqual(summary, { created: 1, updated: 1, unchanged: 1, deleted: 0 });
        assert.deepEqual(await store.getQa(A, '1'), before1);
        const two = await store.getQa(A, '2');
        assert.equal(two?.version, 2);
        assert.equal(two?.updatedBy, 'importer');
        assert.equal((await store.getQa(A, '3'))?.version, 1);
        assert.ok(await store.getQa(A, '9'));
        assert.deepEqual((await store.listRevisions(A, '2')).map((r) => r.action), ['create', 'import']);
        assert.deepEqual((await store.listRevisions(A, '1')).map((r) => r.action), ['create']);
      });

      it('replace deletes the QAs not in the file, with delete revisions', async () => {
        await store.importQas(A, [content('1'), content('2'), content('3')], { ...who, mode: 'merge' });
        const summary = await store.importQas(A, [content('2'), content('4')], { actor: 'importer', mode: 'replace' });
        assert.deepEqual(summary, { created: 1, updated: 0, unchanged: 1, deleted: 2 });
        assert.deepEqual((await store.listQas(A)).map((q) => q.id), ['2', '4']);
        assert.deepEqual((await store.listRevisions(A, '1')).map((r) => [r.action, r.actor]), [
          ['import', 'suzuki'],
          ['delete', 'importer'],
        ]);
      });

      it('a missing related id rolls back the whole import and lists every dangling reference', async () => {
        await store.importQas(A, [content('1'), content('2')], { ...who, mode: 'merge' });
        const before = await store.listQas(A);
        for (const mode of ['merge', 'replace'] as const) {
          await assert.rejects(
            store.importQas(A, [content('1', { answer: '変更' }), content('3'), content('4', { relatedIds: ['404', '3', '405'] })], { ...who, mode }),
            (e: unknown) => {
              assert.ok(e instanceof RelatedQaMissingError);
              assert.deepEqual(e.missing, [
                { qaId: '4', relatedId: '404' },
                { qaId: '4', relatedId: '405' },
              ]);
              return true;
            },
          );
          assert.deepEqual(await store.listQas(A), before);
        }
      });

      it('replace checks related ids against the resulting set, not the old one', async () => {
        await store.importQas(A, [content('1'), content('2')], { ...who, mode: 'merge' });
        await assert.rejects(store.importQas(A, [content('2', { relatedIds: ['1'] })], { ...who, mode: 'replace' }), RelatedQaMissingError);
        assert.equal(await store.countQas(A), 2);
      });

      it('rejects duplicate ids in one import and changes nothing', async () => {
        await assert.rejects(store.importQas(A, [content('1'), content('1')], { ...who, mode: 'merge' }), QaInvalidError);
        assert.equal(await store.countQas(A), 0);
      });
    });

    describe('settings', () => {
      it('stores JSON values, returns undefined for unknown keys, and keeps revisions', async () => {
        assert.equal(await store.getSetting(A, 'mascot'), undefined);
        await store.setSetting(A, 'mascot', { name: 'まどか', colors: ['#fff'] }, 'suzuki');
        await store.setSetting(A, 'mascot', { name: 'まどか2' }, 'sato');
        await store.setSetting(A, 'flag', false, 'sato');
        assert.deepEqual(await store.getSetting<{ name: string }>(A, 'mascot'), { name: 'まどか2' });
        assert.equal(await store.getSetting<boolean>(A, 'flag'), false);
        const revs = await store.listSettingRevisions(A, 'mascot');
        assert.deepEqual(
          revs.map((r) => [r.revision, r.actor, r.value]),
          [
            [1, 'suzuki', { name: 'まどか', colors: ['#fff'] }],
            [2, 'sato', { name: 'まどか2' }],
          ],
        );
      });

      it('refuses values that are not JSON', async () => {
        await assert.rejects(store.setSetting(A, 'x', undefined, 'suzuki'), StoreInputError);
        await assert.rejects(store.setSetting(A, 'x', 10n, 'suzuki'), StoreInputError);
        assert.equal(await store.getSetting(A, 'x'), undefined);
      });
    });

    describe('synonyms', () => {
      it('stores lines verbatim in order, replaces them whole, and keeps revisions', async () => {
        assert.deepEqual(await store.listSynonymEntries(A), []);
        await store.replaceSynonymEntries(A, ['ごみ, ゴミ, 塵', '粗大ごみ -> 大型ごみ, 大きいごみ'], 'suzuki');
        await store.replaceSynonymEntries(A, ['マイナンバーカード, マイナカード'], 'sato');
        assert.deepEqual(await store.listSynonymEntries(A), ['マイナンバーカード, マイナカード']);
        const revs = await store.listSynonymRevisions(A);
        assert.deepEqual(revs.map((r) => [r.revision, r.actor, r.lines.length]), [
          [1, 'suzuki', 2],
          [2, 'sato', 1],
        ]);
      });

      it('refuses a line containing a line break', async () => {
        await assert.rejects(store.replaceSynonymEntries(A, ['a, b\nc'], 'suzuki'), StoreInputError);
      });
    });

    describe('analysis cache', () => {
      it('returns what was written, only for the keys asked, and never overwrites a key', async () => {
        assert.deepEqual(await store.readAnalysisCache(['k1']), new Map());
        await store.writeAnalysisCache(new Map([['k1', '[["住民票","住民票","ジュウミンヒョウ",0,0]]'], ['k2', '[]']]));
        await store.writeAnalysisCache(new Map([['k1', 'different']]));
        assert.deepEqual(await store.readAnalysisCache(['k1', 'k3']), new Map([['k1', '[["住民票","住民票","ジュウミンヒョウ",0,0]]']]));
      });
    });

    describe('publishing', () => {
      it('citizens see nothing new until publish, which copies the 公開 QAs atomically and counts the changes', async () => {
        await store.importQas(A, [content('1'), content('2'), content('3', { status: 'draft' })], { ...who, mode: 'merge' });
        assert.deepEqual(await store.listPublishedQas(A), []);
        assert.equal(await store.lastPublication(A), undefined);
        const first = await store.publish(A, 'suzuki');
        assert.deepEqual([first.added, first.changed, first.removed, first.actor], [2, 0, 0, 'suzuki']);
        assert.deepEqual((await store.listPublishedQas(A)).map((q) => q.id), ['1', '2']);

        const one = (await store.getQa(A, '1'))!;
        await store.saveQa(A, { ...one, answer: '新しい回答' }, { ...who, expectedVersion: one.version });
        await store.deleteQa(A, '2', { ...who, expectedVersion: 1 });
        assert.equal((await store.listPublishedQas(A))[0]?.answer, '回答 1', 'the edit waits for publishing');
        const second = await store.publish(A, 'sato');
        assert.deepEqual([second.added, second.changed, second.removed], [0, 1, 1]);
        assert.deepEqual((await store.listPublishedQas(A)).map((q) => [q.id, q.answer]), [['1', '新しい回答']]);
        assert.deepEqual(await store.lastPublication(A), second);
        assert.deepEqual(await store.listPublishedQas(B), []);
      });
    });

    describe('staff accounts and sessions', () => {
      const account = { loginId: 'suzuki', displayName: '鈴木', role: 'editor' as const, passwordHash: 'hash-1' };

      it('creates, reads, lists and changes accounts with optimistic locking', async () => {
        const created = await store.createAccount(A, account);
        assert.deepEqual([created.version, created.disabled, created.failedSignIns, created.lockedUntil], [1, false, 0, null]);
        await assert.rejects(store.createAccount(A, account), AccountAlreadyExistsError);
        const changed = await store.updateAccount(A, 'suzuki', { role: 'viewer', passwordHash: 'hash-2' }, 1);
        assert.deepEqual([changed.role, changed.passwordHash, changed.version], ['viewer', 'hash-2', 2]);
        await assert.rejects(store.updateAccount(A, 'suzuki', { disabled: true }, 1), AccountVersionConflictError);
        await assert.rejects(store.updateAccount(A, 'nobody', { disabled: true }, null), AccountNotFoundError);
        assert.deepEqual((await store.listAccounts(A)).map((a) => a.loginId), ['suzuki']);
        assert.deepEqual(await store.listAccounts(B), []);
        assert.equal(await store.getAccount(B, 'suzuki'), undefined);
      });

      it('locks an account at the failure limit, and a sign-in or an unlock clears the count', async () => {
        await store.createAccount(A, account);
        for (let i = 1; i <= 4; i++) assert.equal((await store.recordFailedSignIn(A, 'suzuki', 5, '2099-01-01T00:00:00.000Z'))?.lockedUntil, null);
        const locked = await store.recordFailedSignIn(A, 'suzuki', 5, '2099-01-01T00:00:00.000Z');
        assert.deepEqual([locked?.failedSignIns, locked?.lockedUntil], [5, '2099-01-01T00:00:00.000Z']);
        const unlocked = await store.updateAccount(A, 'suzuki', { lockedUntil: null }, null);
        assert.deepEqual([unlocked.failedSignIns, unlocked.lockedUntil], [0, null]);
        await store.recordFailedSignIn(A, 'suzuki', 5, 'x');
        await store.recordSignIn(A, 'suzuki');
        assert.equal((await store.getAccount(A, 'suzuki'))?.failedSignIns, 0);
        assert.equal(await store.recordFailedSignIn(A, 'nobody', 5, 'x'), undefined);
      });

      it('keeps sessions by id, touches and ends them, one or all of an account', async () => {
        await store.createAccount(A, account);
        const session = { id: 'h1', siteId: A, loginId: 'suzuki', csrfToken: 'c', createdAt: 't0', lastSeenAt: 't0', expiresAt: 't9' };
        await store.createSession(session);
        await store.createSession({ ...session, id: 'h2' });
        await store.touchSession('h1', 't1');
        assert.deepEqual(await store.getSession('h1'), { ...session, lastSeenAt: 't1' });
        await store.deleteSession('h1');
        assert.equal(await store.getSession('h1'), undefined);
        await store.deleteSessionsOf(A, 'suzuki');
        assert.equal(await store.getSession('h2'), undefined);
      });
    });

    describe('audit log and presence', () => {
      it('lists audit lines newest first, filtered, with the total', async () => {
        const line = (at: string, actor: string, action: string, target: string) => ({ siteId: A, at, actor, action, target, detail: { note: `${action} ${target}` } });
        await store.appendAudit(line('2026-11-01T00:00:00.000Z', 'suzuki', 'auth.sign-in', ''));
        await store.appendAudit(line('2026-11-02T00:00:00.000Z', 'sato', 'qa.update', '1001'));
        await store.appendAudit(line('2026-11-03T00:00:00.000Z', 'suzuki', 'qa.delete', '1002'));
        await store.appendAudit({ ...line('2026-11-03T00:00:00.000Z', 'x', 'qa.update', '1'), siteId: B });
        const all = await store.listAudit(A, {});
        assert.equal(all.total, 3);
        assert.deepEqual(all.entries.map((e) => e.action), ['qa.delete', 'qa.update', 'auth.sign-in']);
        assert.deepEqual(all.entries[0]?.detail, { note: 'qa.delete 1002' });
        assert.deepEqual((await store.listAudit(A, { actor: 'suzuki' })).entries.map((e) => e.action), ['qa.delete', 'auth.sign-in']);
        assert.deepEqual((await store.listAudit(A, { text: '1001' })).entries.map((e) => e.target), ['1001']);
        assert.equal((await store.listAudit(A, { from: '2026-11-02T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' })).total, 1);
        const page = await store.listAudit(A, { limit: 1, offset: 1 });
        assert.deepEqual([page.total, page.entries[0]?.action], [3, 'qa.update']);
      });

      it('shows who is editing which QA since a time, and forgets on close', async () => {
        await store.createAccount(A, { loginId: 'suzuki', displayName: '鈴木', role: 'editor', passwordHash: 'h' });
        await store.markEditing(A, 'suzuki', '1001', '2026-11-30T05:00:00.000Z');
        await store.markEditing(A, 'sato', '1002', '2026-11-30T04:00:00.000Z');
        assert.deepEqual(await store.listEditing(A, '2026-11-30T04:30:00.000Z'), [{ qaId: '1001', loginId: 'suzuki', displayName: '鈴木', at: '2026-11-30T05:00:00.000Z' }]);
        await store.markEditing(A, 'suzuki', null, '2026-11-30T05:01:00.000Z');
        assert.deepEqual(await store.listEditing(A, '2026-11-30T04:30:00.000Z'), []);
        assert.deepEqual(await store.listEditing(B, '2000-01-01T00:00:00.000Z'), []);
      });
    });

    describe('files', () => {
      it('keeps uploaded bytes exactly, per site, listed newest first', async () => {
        const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
        const file = (id: string, at: string) => ({ siteId: A, id, name: `様式${id}.pdf`, type: 'application/pdf', size: 6, sha256: 'x', uploadedBy: 'suzuki', uploadedAt: at });
        await store.saveFile(file('f1', '2026-11-30T00:00:00.000Z'), bytes);
        await store.saveFile(file('f2', '2026-11-30T00:01:00.000Z'), bytes);
        const got = await store.getFile(A, 'f1');
        assert.deepEqual(got?.file, file('f1', '2026-11-30T00:00:00.000Z'));
        assert.ok(got?.data.equals(bytes));
        assert.deepEqual((await store.listFiles(A)).map((f) => f.id), ['f2', 'f1']);
        assert.equal(await store.getFile(B, 'f1'), undefined);
        await assert.rejects(store.saveFile(file('f1', 'later'), bytes));
      });
    });

    describe('chat log', () => {
      const entry = (id: string, qaId: string | null, at = '2026-11-30T00:00:00.000Z'): ChatLogEntry => ({
        id,
        sessionId: 'session-0123456789',
        at,
        lang: 'ja',
        via: 'typed',
        question: `質問 ${id}`,
        decision: qaId === null ? 'none' : 'answer',
        qaId,
        candidateIds: qaId === null ? [] : ['9', '8'],
        topScore: qaId === null ? null : 1.5,
      });

      it('counts answered QAs since a time, most first, ties in id order', async () => {
        for (const [id, qaId, at] of [
          ['m1', '2', '2026-11-30T00:00:00.000Z'],
          ['m2', '2', '2026-11-30T00:01:00.000Z'],
          ['m3', '1', '2026-11-30T00:02:00.000Z'],
          ['m4', '3', '2026-11-30T00:03:00.000Z'],
          ['m5', null, '2026-11-30T00:04:00.000Z'],
          ['old', '3', '2026-10-01T00:00:00.000Z'],
        ] as const) {
          await store.recordChatMessage(A, entry(id, qaId, at));
        }
        assert.deepEqual(await store.mostAnsweredQas(A, '2026-11-01T00:00:00.000Z', 10), [
          { qaId: '2', count: 2 },
          { qaId: '1', count: 1 },
          { qaId: '3', count: 1 },
        ]);
        assert.deepEqual(await store.mostAnsweredQas(A, '2026-11-01T00:00:00.000Z', 1), [{ qaId: '2', count: 2 }]);
        assert.deepEqual(await store.mostAnsweredQas(B, '2000-01-01T00:00:00.000Z', 10), []);
      });

      it('records feedback for a known message only, and a later answer replaces the earlier', async () => {
        await store.recordChatMessage(A, entry('m1', '1'));
        const at = '2026-11-30T00:05:00.000Z';
        assert.equal(await store.recordFeedback(A, { messageId: 'm1', resolved: true, comment: null, at }), true);
        assert.equal(await store.recordFeedback(A, { messageId: 'm1', resolved: false, comment: '別のことが知りたい', at }), true);
        assert.equal(await store.recordFeedback(A, { messageId: 'unknown', resolved: true, comment: null, at }), false);
        // Another site cannot leave feedback on A's message.
        assert.equal(await store.recordFeedback(B, { messageId: 'm1', resolved: true, comment: null, at }), false);
      });

      it('refuses a second message with the same id', async () => {
        await store.recordChatMessage(A, entry('m1', '1'));
        await assert.rejects(store.recordChatMessage(A, entry('m1', '2')));
      });
    });

    describe('sites are isolated', () => {
      it('site A never sees or changes site B', async () => {
        await store.saveQa(A, content('1', { answer: 'A の回答' }), { ...who, expectedVersion: null });
        await store.saveQa(B, content('1', { answer: 'B の回答' }), { ...who, expectedVersion: null });
        await store.saveQa(B, content('2'), { ...who, expectedVersion: null });
        await store.setSetting(B, 'mascot', 'b', 'suzuki');
        await store.replaceSynonymEntries(B, ['b, B'], 'suzuki');

        assert.deepEqual((await store.listQas(A)).map((q) => [q.id, q.answer]), [['1', 'A の回答']]);
        assert.equal(await store.countQas(A), 1);
        assert.equal(await store.getQa(A, '2'), undefined);
        assert.equal(await store.getSetting(A, 'mascot'), undefined);
        assert.deepEqual(await store.listSynonymEntries(A), []);

        // A related id that exists only in B does not count for A.
        await assert.rejects(store.saveQa(A, content('3', { relatedIds: ['2'] }), { ...who, expectedVersion: null }), RelatedQaMissingError);
        // Replacing A's QAs leaves B alone.
        await store.importQas(A, [content('5')], { ...who, mode: 'replace' });
        assert.deepEqual((await store.listQas(B)).map((q) => q.id), ['1', '2']);
        await store.deleteQa(A, '5', { ...who, expectedVersion: 1 });
        assert.equal((await store.listRevisions(B, '1')).length, 1);
        assert.equal((await store.listRevisions(A, '1')).at(-1)?.action, 'delete');
        await assert.rejects(store.deleteQa(A, '2', { ...who, expectedVersion: 1 }), QaNotFoundError);
      });
    });
  });
}
