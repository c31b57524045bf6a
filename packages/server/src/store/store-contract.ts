/**
 * The behaviour every Store must show, as a node:test suite. The SQLite test runs it today; the PostgreSQL
 * backend will run the same suite, so both behave identically.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Qa } from '../qa/model.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import type { GeneratedAnswer, ModelUsage, ModelUsageTotal, NewQaDraft, SourceCheck } from './authoring-records.ts';
import {
  AccountAlreadyExistsError,
  AccountNotFoundError,
  AccountVersionConflictError,
  DraftAlreadyResolvedError,
  DraftNotFoundError,
  QaAlreadyExistsError,
  QaInvalidError,
  QaNotFoundError,
  RelatedQaMissingError,
  StoreError,
  StoreInputError,
  VersionConflictError,
} from './errors.ts';
import type { ChatCounts, ChatTurn, Store } from './store.ts';

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
        assert.deepEqual([created.version, created.disabled], [1, false]);
        await assert.rejects(store.createAccount(A, account), AccountAlreadyExistsError);
        const changed = await store.updateAccount(A, 'suzuki', { role: 'viewer', passwordHash: 'hash-2' }, 1);
        assert.deepEqual([changed.role, changed.passwordHash, changed.version], ['viewer', 'hash-2', 2]);
        await assert.rejects(store.updateAccount(A, 'suzuki', { disabled: true }, 1), AccountVersionConflictError);
        await assert.rejects(store.updateAccount(A, 'nobody', { disabled: true }, null), AccountNotFoundError);
        assert.deepEqual((await store.listAccounts(A)).map((a) => a.loginId), ['suzuki']);
        assert.deepEqual(await store.listAccounts(B), []);
        assert.equal(await store.getAccount(B, 'suzuki'), undefined);
      });

      it('keeps two-factor secrets, accepts each time step once, uses each recovery code once', async () => {
        await store.createAccount(A, account);
        assert.deepEqual(await store.getTotp(A, 'suzuki'), { secret: null, pendingSecret: null, lastStep: null, recoveryCodesLeft: 0 });
        await store.setPendingTotp(A, 'suzuki', 'pending-1');
        assert.equal((await store.getTotp(A, 'suzuki'))?.pendingSecret, 'pending-1');
        await store.enableTotp(A, 'suzuki', 'secret-1', 59_333_312, ['h1', 'h2']);
        assert.deepEqual(await store.getTotp(A, 'suzuki'), { secret: 'secret-1', pendingSecret: null, lastStep: 59_333_312, recoveryCodesLeft: 2 });
        assert.equal((await store.getAccount(A, 'suzuki'))?.totpEnabled, true);
        assert.equal(await store.acceptTotpStep(A, 'suzuki', 59_333_312), false, 'the confirming code\'s step is used');
        assert.equal(await store.acceptTotpStep(A, 'suzuki', 59_333_313), true);
        assert.equal(await store.acceptTotpStep(A, 'suzuki', 59_333_313), false, 'a replay');
        assert.equal(await store.useRecoveryCode(A, 'suzuki', 'h1'), true);
        assert.equal(await store.useRecoveryCode(A, 'suzuki', 'h1'), false);
        assert.equal(await store.useRecoveryCode(B, 'suzuki', 'h2'), false, 'per site');
        await store.disableTotp(A, 'suzuki');
        assert.deepEqual(await store.getTotp(A, 'suzuki'), { secret: null, pendingSecret: null, lastStep: null, recoveryCodesLeft: 0 });
        assert.equal((await store.getAccount(A, 'suzuki'))?.totpEnabled, false);
        assert.equal(await store.getTotp(A, 'nobody'), undefined);
      });

      it('counts failed sign-ins per key, whether or not the login id exists; forgets stale counts and clears on request', async () => {
        const pair = { loginId: 'nobody', address: '203.0.113.5' };
        const id = { loginId: 'nobody', address: '' };
        const address = { loginId: '', address: '203.0.113.5' };
        const at = (minute: number): string => `2026-11-30T00:${String(minute).padStart(2, '0')}:00.000Z`;
        await store.recordSignInFailure(A, [pair, id, address], at(0), at(0));
        const second = await store.recordSignInFailure(A, [pair, id, address], at(1), at(0));
        assert.deepEqual(second.map((c) => c.failures), [2, 2, 2]);
        assert.deepEqual(await store.getSignInFailures(A, [pair]), [{ ...pair, failures: 2, lastFailureAt: at(1) }]);
        assert.deepEqual(await store.getSignInFailures(B, [pair, id, address]), [], 'per site');
        assert.deepEqual((await store.listSignInFailures(A)).map((c) => c.address).sort(), ['', '203.0.113.5'], 'only counts that name a login id');

        const other = { loginId: 'suzuki', address: '198.51.100.7' };
        assert.deepEqual((await store.recordSignInFailure(A, [other], at(5), at(2))).map((c) => c.failures), [1]);
        assert.deepEqual(await store.getSignInFailures(A, [pair, id, address]), [], 'counts idle since before forgetBefore are gone');

        await store.recordSignInFailure(A, [pair, id, address], at(6), at(0));
        await store.clearSignInFailures(A, address);
        assert.equal((await store.getSignInFailures(A, [pair, id, address])).length, 2);
        await store.clearSignInFailures(A, { loginId: 'nobody' });
        assert.deepEqual(await store.getSignInFailures(A, [pair, id, address]), []);
        assert.equal((await store.getSignInFailures(A, [other])).length, 1);
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
      let seq = 0;
      /** A typed question answered with QA 1 at 10:00 Japan time on 2026-11-30, unless overridden. */
      const turn = (overrides: Partial<ChatTurn> = {}): ChatTurn => ({
        id: `t${++seq}`,
        sessionId: 'session-0123456789',
        at: '2026-11-30T01:00:00.000Z',
        day: '2026-11-30',
        hour: 10,
        channel: 'widget',
        page: 'https://www.city.example.jp/kurashi/',
        lang: 'ja',
        via: 'typed',
        question: '住民票がほしい',
        decision: 'answer',
        qaId: '1',
        category: '戸籍・住民票',
        shown: [{ qaId: '1', score: 12.5 }],
        latencyMs: 1.5,
        ...overrides,
      });
      const days = { from: '2026-11-01', to: '2026-11-30' };
      const zero: Omit<ChatCounts, 'value'> = {
        turns: 0, typed: 0, answered: 0, candidates: 0, none: 0, picked: 0, rephrased: 0, resolved: 0, notResolved: 0, sessions: 0, latencyMsSum: 0,
      };
      const totals = async (siteId = A) => (await store.chatCounts(siteId, 'day', days)).find((row) => row.value === '2026-11-30');

      it('logs turns with what followed them, and reads them back newest first', async () => {
        const answered = turn({ at: '2026-11-30T01:00:00.000Z' });
        const rephrase = turn({ at: '2026-11-30T01:01:00.000Z', question: '住民票の写し', decision: 'candidates', qaId: null, category: '戸籍・住民票', shown: [{ qaId: '1', score: 3 }, { qaId: '2', score: 2 }] });
        const pick = turn({ at: '2026-11-30T01:01:30.000Z', via: 'candidate', question: '住民票の写しの請求', qaId: '2', shown: [{ qaId: '2', score: null }] });
        await store.recordChatTurns(A, [answered, rephrase]);
        await store.recordChatTurns(A, [pick]);
        const { total, turns } = await store.listChatTurns(A, { days, limit: 10 });
        assert.equal(total, 3);
        assert.deepEqual(turns.map((t) => t.id), [pick.id, rephrase.id, answered.id]);
        assert.deepEqual(turns[2], { ...answered, firstInSession: true, rephrased: true, pickedQaId: null, resolved: null, comment: null, feedbackAt: null });
        assert.equal(turns[1]?.pickedQaId, '2');
        assert.equal(turns[1]?.firstInSession, false);
        assert.deepEqual(await totals(), {
          ...zero, value: '2026-11-30', turns: 3, typed: 2, answered: 1, candidates: 1, picked: 1, rephrased: 1, sessions: 1, latencyMsSum: 4.5,
        });
      });

      it('does not count a later question as a rephrase: outside the window, after 「はい」, or in another session', async () => {
        const answered = turn({ at: '2026-11-30T01:00:00.000Z' });
        await store.recordChatTurns(A, [answered, turn({ at: '2026-11-30T01:02:01.000Z' })]);
        const resolvedFirst = turn({ sessionId: 'session-abcdefghijkl', at: '2026-11-30T02:00:00.000Z' });
        await store.recordChatTurns(A, [resolvedFirst]);
        await store.recordFeedback(A, { messageId: resolvedFirst.id, resolved: true, comment: null, at: '2026-11-30T02:00:10.000Z' });
        await store.recordChatTurns(A, [turn({ sessionId: 'session-abcdefghijkl', at: '2026-11-30T02:00:20.000Z' })]);
        await store.recordChatTurns(A, [turn({ sessionId: 'session-zzzzzzzzzzzz', at: '2026-11-30T02:00:30.000Z' })]);
        const row = await totals();
        assert.equal(row?.rephrased, 0);
        assert.equal(row?.sessions, 3);
      });

      it('records feedback for a known turn only; a later answer replaces the earlier, in the turn and in the counts', async () => {
        const answered = turn();
        await store.recordChatTurns(A, [answered]);
        const at = '2026-11-30T01:05:00.000Z';
        assert.equal(await store.recordFeedback(A, { messageId: answered.id, resolved: true, comment: null, at }), true);
        assert.equal((await totals())?.resolved, 1);
        assert.equal(await store.recordFeedback(A, { messageId: answered.id, resolved: false, comment: '手数料が知りたかった', at }), true);
        assert.deepEqual([(await totals())?.resolved, (await totals())?.notResolved], [0, 1]);
        const [logged] = (await store.listChatTurns(A, { days, limit: 1 })).turns;
        assert.deepEqual([logged?.resolved, logged?.comment, logged?.feedbackAt], [false, '手数料が知りたかった', at]);
        assert.equal(await store.recordFeedback(A, { messageId: 'unknown', resolved: true, comment: null, at }), false);
        // Another site cannot leave feedback on A's turn.
        assert.equal(await store.recordFeedback(B, { messageId: answered.id, resolved: true, comment: null, at }), false);
      });

      it('counts by every dimension over a range of days', async () => {
        await store.recordChatTurns(A, [
          turn({ at: '2026-11-29T23:30:00.000Z', day: '2026-11-30', hour: 8, lang: 'en', channel: 'page', page: null }),
          turn({ sessionId: 'session-bbbbbbbbbbbb', at: '2026-11-30T01:00:00.000Z', decision: 'none', qaId: null, category: null, shown: [] }),
          turn({ sessionId: 'session-cccccccccccc', at: '2026-10-31T14:00:00.000Z', day: '2026-10-31', hour: 23, qaId: '2' }),
          turn({ sessionId: 'session-dddddddddddd', at: '2026-11-01T00:00:00.000Z', day: '2026-11-01', hour: 9, qaId: '2', category: 'ごみ' }),
        ]);
        const values = async (dimension: Parameters<Store['chatCounts']>[1]) =>
          (await store.chatCounts(A, dimension, days)).map((row) => [row.value, row.turns]);
        assert.deepEqual(await values('day'), [['2026-11-01', 1], ['2026-11-30', 2]]);
        assert.deepEqual(await values('hour'), [['08', 1], ['09', 1], ['10', 1]]);
        assert.deepEqual(await values('qa'), [['1', 1], ['2', 1]]);
        assert.deepEqual(await values('category'), [['', 1], ['ごみ', 1], ['戸籍・住民票', 1]]);
        assert.deepEqual(await values('lang'), [['ja', 2], ['en', 1]]);
        assert.deepEqual(await values('channel'), [['widget', 2], ['page', 1]]);
        assert.deepEqual(await values('page'), [['https://www.city.example.jp/kurashi/', 2], ['', 1]]);
        assert.deepEqual(await store.chatCounts(B, 'day', days), []);
      });

      it('counts widget loads and opens per day, event and channel', async () => {
        await store.recordAccess(A, { day: '2026-11-30', event: 'load', channel: 'widget' });
        await store.recordAccess(A, { day: '2026-11-30', event: 'load', channel: 'widget' });
        await store.recordAccess(A, { day: '2026-11-30', event: 'open', channel: 'page' });
        await store.recordAccess(A, { day: '2026-12-01', event: 'open', channel: 'widget' });
        assert.deepEqual(await store.accessCounts(A, days), [
          { day: '2026-11-30', event: 'load', channel: 'widget', count: 2 },
          { day: '2026-11-30', event: 'open', channel: 'page', count: 1 },
        ]);
        assert.deepEqual(await store.accessCounts(B, days), []);
      });

      it('filters turns by result, channel, language, QA, text and failure, with paging', async () => {
        const none = turn({ question: 'マイナカードなくした 電話は［電話番号］', decision: 'none', qaId: null, category: null, shown: [] });
        const english = turn({ sessionId: 'session-eeeeeeeeeeee', lang: 'en', channel: 'api', question: 'resident card' });
        const unpicked = turn({ sessionId: 'session-ffffffffffff', decision: 'candidates', qaId: null, shown: [{ qaId: '2', score: 2 }] });
        const clicked = turn({ sessionId: 'session-gggggggggggg', via: 'menu', decision: 'answer', qaId: '3' });
        await store.recordChatTurns(A, [none, english, unpicked, clicked]);
        const ids = async (query: Partial<Parameters<Store['listChatTurns']>[1]>) =>
          (await store.listChatTurns(A, { days, limit: 10, ...query })).turns.map((t) => t.id).sort();
        assert.deepEqual(await ids({ decision: 'none' }), [none.id]);
        assert.deepEqual(await ids({ lang: 'en' }), [english.id]);
        assert.deepEqual(await ids({ channel: 'api' }), [english.id]);
        assert.deepEqual(await ids({ qaId: '3' }), [clicked.id]);
        assert.deepEqual(await ids({ text: 'マイナカード' }), [none.id]);
        assert.deepEqual(await ids({ failed: true }), [none.id, unpicked.id].sort());
        const page = await store.listChatTurns(A, { days, limit: 2, offset: 3 });
        assert.deepEqual([page.total, page.turns.length], [4, 1]);
        assert.deepEqual((await store.listChatTurns(A, { days: { from: '2026-12-01', to: '2026-12-31' }, limit: 10 })).total, 0);
      });

      it('reads a period oldest first in batches, with the list\'s filters', async () => {
        const turns = Array.from({ length: 7 }, (_, i) => turn({ sessionId: `session-batch-${String(i).padStart(6, '0')}`, at: `2026-11-30T01:00:0${i}.000Z`, lang: i === 4 ? 'en' : 'ja' }));
        await store.recordChatTurns(A, [...turns, turn({ at: '2026-12-01T01:00:00.000Z', day: '2026-12-01' })]);
        const batches: string[][] = [];
        for await (const batch of store.eachChatTurn(A, { days }, 3)) batches.push(batch.map((t) => t.id));
        assert.deepEqual(batches, [turns.slice(0, 3), turns.slice(3, 6), turns.slice(6)].map((b) => b.map((t) => t.id)));
        const english: string[] = [];
        for await (const batch of store.eachChatTurn(A, { days, lang: 'en' }, 3)) english.push(...batch.map((t) => t.id));
        assert.deepEqual(english, [turns[4]!.id]);
      });

      it('groups failed questions by text, most frequent first, leaving out reviewed ones', async () => {
        await store.recordChatTurns(A, [
          turn({ sessionId: 'session-000000000001', question: 'マイナカードなくした', decision: 'none', qaId: null, shown: [] }),
          turn({ sessionId: 'session-000000000002', question: 'マイナカードなくした', decision: 'candidates', qaId: null, at: '2026-11-30T03:00:00.000Z' }),
          turn({ sessionId: 'session-000000000003', question: '犬が逃げた', decision: 'none', qaId: null, shown: [] }),
          turn({ sessionId: 'session-000000000004', question: '住民票がほしい' }),
        ]);
        assert.deepEqual(await store.listFailedQuestions(A, days, 10), [
          { question: 'マイナカードなくした', count: 2, lastAt: '2026-11-30T03:00:00.000Z', none: 1, candidates: 1, rephrased: 0, notResolved: 0 },
          { question: '犬が逃げた', count: 1, lastAt: '2026-11-30T01:00:00.000Z', none: 1, candidates: 0, rephrased: 0, notResolved: 0 },
        ]);
        await store.reviewQuestions(A, ['マイナカードなくした'], { action: 'alternate', qaId: '1', actor: 'suzuki', at: '2026-11-30T04:00:00.000Z' });
        assert.deepEqual((await store.listFailedQuestions(A, days, 10)).map((q) => q.question), ['犬が逃げた']);
        assert.equal((await store.listFailedQuestions(B, days, 10)).length, 0);
      });

      it('purges turns, counts, widget counts and reviews before a day, and keeps the rest', async () => {
        const old = turn({ at: '2023-11-29T14:59:59.000Z', day: '2023-11-29', hour: 23, question: '古い質問', decision: 'none', qaId: null, shown: [] });
        const kept = turn({ sessionId: 'session-keptkeptkept', at: '2023-11-29T15:00:00.000Z', day: '2023-11-30', hour: 0 });
        await store.recordChatTurns(A, [old, kept]);
        await store.recordChatTurns(B, [turn({ id: 'b-old', at: old.at, day: old.day })]);
        await store.recordAccess(A, { day: '2023-11-29', event: 'load', channel: 'widget' });
        await store.recordAccess(A, { day: '2023-11-30', event: 'load', channel: 'widget' });
        await store.reviewQuestions(A, ['古い質問'], { action: 'dismiss', qaId: null, actor: 'suzuki', at: '2023-11-29T15:00:00.000Z' });
        assert.equal(await store.purgeChatLog(A, '2023-11-30'), 1);
        const all = { from: '2023-01-01', to: '2026-12-31' };
        assert.deepEqual((await store.listChatTurns(A, { days: all, limit: 10 })).turns.map((t) => t.id), [kept.id]);
        assert.deepEqual((await store.chatCounts(A, 'day', all)).map((row) => row.value), ['2023-11-30']);
        assert.deepEqual((await store.accessCounts(A, all)).map((row) => row.day), ['2023-11-30']);
        assert.equal((await store.listChatTurns(B, { days: all, limit: 10 })).total, 1, 'another site keeps its log');
      });

      it('counts answered QAs from a day on, most first, ties in id order', async () => {
        for (const [qaId, at, day] of [
          ['2', '2026-11-30T00:00:00.000Z', '2026-11-30'],
          ['2', '2026-11-30T00:01:00.000Z', '2026-11-30'],
          ['1', '2026-11-30T00:02:00.000Z', '2026-11-30'],
          ['3', '2026-11-30T00:03:00.000Z', '2026-11-30'],
          [null, '2026-11-30T00:04:00.000Z', '2026-11-30'],
          ['3', '2026-10-01T00:00:00.000Z', '2026-10-01'],
        ] as const) {
          await store.recordChatTurns(A, [turn({ sessionId: `session-most-${at.slice(11, 19)}`, qaId, decision: qaId === null ? 'none' : 'answer', at, day })]);
        }
        assert.deepEqual(await store.mostAnsweredQas(A, '2026-11-01', 10), [
          { qaId: '2', count: 2 },
          { qaId: '1', count: 1 },
          { qaId: '3', count: 1 },
        ]);
        assert.deepEqual(await store.mostAnsweredQas(A, '2026-11-01', 1), [{ qaId: '2', count: 2 }]);
        assert.deepEqual(await store.mostAnsweredQas(B, '2000-01-01', 10), []);
      });

      it('refuses a turn id already logged, and keeps none of that call\'s turns', async () => {
        const first = turn();
        await store.recordChatTurns(A, [first]);
        const fresh = turn({ sessionId: 'session-fresh0000000' });
        await assert.rejects(store.recordChatTurns(A, [fresh, { ...first, at: '2026-11-30T01:30:00.000Z' }]));
        assert.deepEqual((await store.listChatTurns(A, { days, limit: 10 })).turns.map((t) => t.id), [first.id]);
        assert.equal((await totals())?.turns, 1);
      });

      it('marks reviewed questions again with the latest review', async () => {
        await store.recordChatTurns(A, [turn({ question: '犬が逃げた', decision: 'none', qaId: null, shown: [] })]);
        await store.reviewQuestions(A, ['犬が逃げた', '犬が逃げた'], { action: 'dismiss', qaId: null, actor: 'suzuki', at: '2026-11-30T04:00:00.000Z' });
        await store.reviewQuestions(A, ['犬が逃げた'], { action: 'draft', qaId: '9', actor: 'sato', at: '2026-11-30T05:00:00.000Z' });
        assert.deepEqual(await store.listFailedQuestions(A, days, 10), []);
      });
    });

    describe('authoring records (issue 7)', () => {
      const usage = (overrides: Partial<ModelUsage> = {}): ModelUsage => ({
        at: '2026-11-30T01:00:00.000Z',
        day: '2026-11-30',
        kind: 'chat',
        model: 'gpt-4o-mini',
        purpose: 'answer',
        outcome: 'ok',
        attempts: 1,
        inputTokens: 800,
        outputTokens: 90,
        latencyMs: 1400,
        error: null,
        ...overrides,
      });
      const draft = (id: string, overrides: Partial<NewQaDraft> = {}): NewQaDraft => ({
        id,
        createdAt: '2026-11-30T01:00:00.000Z',
        createdBy: 'suzuki',
        method: 'rules',
        sourceUrl: 'https://www.city.example.jp/faq/gomi.html',
        sourceName: 'ごみの出し方 よくある質問',
        question: `粗大ごみはどう出せばよいですか？ ${id}`,
        alternates: ['粗大ごみの出し方', '大きいごみ'],
        answer: '申し込みが必要です。',
        category1: 'ごみ',
        department: '環境課',
        notes: ['「手数料」の文は出典にないため外しました。'],
        ...overrides,
      });
      const check = (url: string, overrides: Partial<SourceCheck> = {}): SourceCheck => ({
        url,
        checkedAt: '2026-11-30T01:00:00.000Z',
        state: 'ok',
        httpStatus: 200,
        contentHash: 'hash-1',
        etag: '"abc"',
        lastModified: null,
        changedAt: null,
        error: null,
        ...overrides,
      });
      const answer = (id: string, overrides: Partial<GeneratedAnswer> = {}): GeneratedAnswer => ({
        id,
        at: '2026-11-30T01:00:00.000Z',
        day: '2026-11-30',
        sessionId: 'session-0123456789',
        turnId: 't1',
        question: '住民票の手数料は？',
        model: 'gpt-4o-mini',
        outcome: 'shown',
        text: '住民票の写しは市民課で取れます。[1]',
        sourceQaIds: ['1001', '1002'],
        citedQaIds: ['1001'],
        droppedSentences: ['手数料は無料です。'],
        ...overrides,
      });
      const rejectedWith = (code: string, check?: (e: StoreError) => void) => (e: unknown) => {
        assert.ok(e instanceof StoreError);
        assert.equal(e.code, code);
        check?.(e);
        return true;
      };

      it('logs model calls and lists the latest first', async () => {
        const first = usage();
        const second = usage({ at: '2026-11-30T02:00:00.000Z', kind: 'embeddings', model: 'text-embedding-3-small', purpose: 'embedding', outputTokens: 0 });
        const failed = usage({ at: '2026-11-30T03:00:00.000Z', outcome: 'timeout', attempts: 3, inputTokens: 0, outputTokens: 0, latencyMs: 30000, error: 'timeout after 30 s' });
        for (const u of [first, second, failed]) await store.recordModelUsage(A, u);
        assert.deepEqual(await store.listModelUsage(A, 10), [failed, second, first]);
        assert.deepEqual(await store.listModelUsage(A, 2), [failed, second]);
      });

      it('totals usage per day, endpoint, model and purpose over a range of days, in that order', async () => {
        await store.recordModelUsage(A, usage({ latencyMs: 1000 }));
        await store.recordModelUsage(A, usage({ at: '2026-11-30T02:00:00.000Z', outcome: 'error', error: 'HTTP 500', inputTokens: 0, outputTokens: 0, latencyMs: 200 }));
        await store.recordModelUsage(A, usage({ purpose: 'draft', inputTokens: 3000, outputTokens: 600, latencyMs: 5000 }));
        await store.recordModelUsage(A, usage({ kind: 'embeddings', model: 'text-embedding-3-small', purpose: 'embedding', inputTokens: 50, outputTokens: 0, latencyMs: 80 }));
        await store.recordModelUsage(A, usage({ model: 'a-local-model', latencyMs: 300 }));
        await store.recordModelUsage(A, usage({ at: '2026-11-28T01:00:00.000Z', day: '2026-11-28' }));
        await store.recordModelUsage(A, usage({ at: '2026-10-31T01:00:00.000Z', day: '2026-10-31' }));
        const row = (day: string, kind: ModelUsageTotal['kind'], model: string, purpose: ModelUsageTotal['purpose'], sums: Omit<ModelUsageTotal, 'day' | 'kind' | 'model' | 'purpose'>) => ({ day, kind, model, purpose, ...sums });
        assert.deepEqual(await store.modelUsageTotals(A, { from: '2026-11-01', to: '2026-11-30' }), [
          row('2026-11-28', 'chat', 'gpt-4o-mini', 'answer', { calls: 1, failures: 0, inputTokens: 800, outputTokens: 90, latencyMsSum: 1400 }),
          row('2026-11-30', 'chat', 'a-local-model', 'answer', { calls: 1, failures: 0, inputTokens: 800, outputTokens: 90, latencyMsSum: 300 }),
          row('2026-11-30', 'chat', 'gpt-4o-mini', 'answer', { calls: 2, failures: 1, inputTokens: 800, outputTokens: 90, latencyMsSum: 1200 }),
          row('2026-11-30', 'chat', 'gpt-4o-mini', 'draft', { calls: 1, failures: 0, inputTokens: 3000, outputTokens: 600, latencyMsSum: 5000 }),
          row('2026-11-30', 'embeddings', 'text-embedding-3-small', 'embedding', { calls: 1, failures: 0, inputTokens: 50, outputTokens: 0, latencyMsSum: 80 }),
        ]);
        assert.deepEqual(await store.modelUsageTotals(A, { from: '2026-12-01', to: '2026-12-31' }), []);
      });

      it('adds drafts as pending and lists them newest first, then by id, filtered and paged, with the total', async () => {
        const added = await store.addQaDrafts(A, [draft('d2'), draft('d1', { method: 'model', sourceUrl: null, sourceName: 'gomi.pdf', alternates: [], notes: [] })]);
        assert.deepEqual(added.map((d) => [d.id, d.siteId, d.status, d.resolvedBy, d.resolvedAt, d.qaId]), [
          ['d2', A, 'pending', null, null, null],
          ['d1', A, 'pending', null, null, null],
        ]);
        await store.addQaDrafts(A, [draft('d0', { createdAt: '2026-11-30T02:00:00.000Z' })]);
        assert.deepEqual(await store.getQaDraft(A, 'd1'), added[1]);
        assert.deepEqual(await store.getQaDraft(A, 'd2'), { ...draft('d2'), siteId: A, status: 'pending', resolvedBy: null, resolvedAt: null, qaId: null });
        assert.equal(await store.getQaDraft(A, 'nothing'), undefined);
        const all = await store.listQaDrafts(A, { limit: 10, offset: 0 });
        assert.deepEqual([all.total, all.drafts.map((d) => d.id)], [3, ['d0', 'd1', 'd2']]);
        const page = await store.listQaDrafts(A, { limit: 1, offset: 1 });
        assert.deepEqual([page.total, page.drafts.map((d) => d.id)], [3, ['d1']]);
        await store.resolveQaDraft(A, 'd1', { status: 'rejected', actor: 'sato', at: '2026-11-30T03:00:00.000Z', qaId: null });
        const pending = await store.listQaDrafts(A, { status: 'pending', limit: 10, offset: 0 });
        assert.deepEqual([pending.total, pending.drafts.map((d) => d.id)], [2, ['d0', 'd2']]);
        const rejected = await store.listQaDrafts(A, { status: 'rejected', limit: 10, offset: 0 });
        assert.deepEqual(rejected.drafts.map((d) => [d.id, d.resolvedBy]), [['d1', 'sato']]);
      });

      it('adds drafts all or none: an id already stored or given twice stores nothing', async () => {
        await store.addQaDrafts(A, [draft('d1')]);
        await assert.rejects(store.addQaDrafts(A, [draft('d2'), draft('d1')]), StoreInputError);
        await assert.rejects(store.addQaDrafts(A, [draft('d3'), draft('d3')]), StoreInputError);
        assert.deepEqual((await store.listQaDrafts(A, { limit: 10, offset: 0 })).drafts.map((d) => d.id), ['d1']);
        await store.addQaDrafts(B, [draft('d1')]);
        assert.equal((await store.listQaDrafts(B, { limit: 10, offset: 0 })).total, 1, 'another site may use the same id');
      });

      it('stores a NUL in draft text (text taken from a PDF) as U+FFFD, alike on every backend', async () => {
        await store.addQaDrafts(A, [draft('d1', { question: '住民票\0とは', alternates: ['a\0'], answer: '本文\0', notes: ['注\0'] })]);
        const stored = await store.getQaDraft(A, 'd1');
        assert.deepEqual([stored?.question, stored?.alternates, stored?.answer, stored?.notes], ['住民票\uFFFDとは', ['a\uFFFD'], '本文\uFFFD', ['注\uFFFD']]);
      });

      it('settles a pending draft once: a second settlement fails with the draft as stored, a missing one as not found', async () => {
        await store.addQaDrafts(A, [draft('d1')]);
        const accepted = await store.resolveQaDraft(A, 'd1', { status: 'accepted', actor: 'suzuki', at: '2026-11-30T03:00:00.000Z', qaId: '1201' });
        assert.deepEqual(accepted, { ...draft('d1'), siteId: A, status: 'accepted', resolvedBy: 'suzuki', resolvedAt: '2026-11-30T03:00:00.000Z', qaId: '1201' });
        assert.deepEqual(await store.getQaDraft(A, 'd1'), accepted);
        await assert.rejects(
          store.resolveQaDraft(A, 'd1', { status: 'rejected', actor: 'sato', at: '2026-11-30T04:00:00.000Z', qaId: null }),
          rejectedWith('DRAFT_ALREADY_RESOLVED', (e) => {
            assert.ok(e instanceof DraftAlreadyResolvedError);
            assert.deepEqual(e.current, accepted);
          }),
        );
        assert.deepEqual(await store.getQaDraft(A, 'd1'), accepted);
        await assert.rejects(
          store.resolveQaDraft(A, 'missing', { status: 'rejected', actor: 'sato', at: '2026-11-30T04:00:00.000Z', qaId: null }),
          rejectedWith('DRAFT_NOT_FOUND', (e) => assert.ok(e instanceof DraftNotFoundError)),
        );
        await assert.rejects(
          store.resolveQaDraft(B, 'd1', { status: 'rejected', actor: 'sato', at: '2026-11-30T04:00:00.000Z', qaId: null }),
          DraftNotFoundError,
        );
      });

      it('lets exactly one of two concurrent settlements of a draft win', async () => {
        await store.addQaDrafts(A, [draft('d1')]);
        const results = await Promise.allSettled([
          store.resolveQaDraft(A, 'd1', { status: 'accepted', actor: 'a', at: '2026-11-30T03:00:00.000Z', qaId: '1' }),
          store.resolveQaDraft(A, 'd1', { status: 'rejected', actor: 'b', at: '2026-11-30T03:00:00.000Z', qaId: null }),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const rejected = results.find((r) => r.status === 'rejected');
        assert.ok(rejected?.status === 'rejected' && rejected.reason instanceof DraftAlreadyResolvedError);
      });

      it('keeps the latest check of each source page, one per URL, in URL order', async () => {
        const b = 'https://www.city.example.jp/b.html';
        const a = 'https://www.city.example.jp/a.html';
        await store.saveSourceChecks(A, [check(b), check(a)]);
        const changed = check(b, { checkedAt: '2026-12-01T01:00:00.000Z', contentHash: 'hash-2', etag: null, lastModified: 'Tue, 01 Dec 2026 00:00:00 GMT', changedAt: '2026-12-01T01:00:00.000Z' });
        const gone = check(a, { checkedAt: '2026-12-01T01:00:00.000Z', state: 'missing', httpStatus: 404, contentHash: null, etag: null, error: 'HTTP 404' });
        await store.saveSourceChecks(A, [check(b, { state: 'error', httpStatus: null, error: 'timeout' }), changed, gone]);
        assert.deepEqual(await store.listSourceChecks(A), [gone, changed]);
        await store.saveSourceChecks(A, []);
        assert.equal((await store.listSourceChecks(A)).length, 2);
      });

      it('keeps the latest review mark of each QA, in QA id order', async () => {
        await store.markQaReviewed(A, { qaId: '10', actor: 'suzuki', at: '2026-11-30T01:00:00.000Z' });
        await store.markQaReviewed(A, { qaId: '9', actor: 'suzuki', at: '2026-11-30T01:00:00.000Z' });
        await store.markQaReviewed(A, { qaId: '10', actor: 'sato', at: '2026-12-01T01:00:00.000Z' });
        await store.markQaReviewed(A, { qaId: '10', actor: 'tanaka', at: '2026-11-01T01:00:00.000Z' });
        assert.deepEqual(await store.listQaReviewMarks(A), [
          { qaId: '9', actor: 'suzuki', at: '2026-11-30T01:00:00.000Z' },
          { qaId: '10', actor: 'sato', at: '2026-12-01T01:00:00.000Z' },
        ]);
        await assert.rejects(store.markQaReviewed(A, { qaId: '1', actor: ' ', at: '2026-11-30T01:00:00.000Z' }), StoreInputError);
      });

      it('caches embeddings per model exactly, leaves missing keys out, and never overwrites a key', async () => {
        const v1 = new Float32Array([0.1, -2.5e-8, 3.4028234663852886e38, -0, 1 / 3, Number.MIN_VALUE]);
        const v2 = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i) / (i + 1));
        assert.deepEqual(await store.readEmbeddings('m1', ['k1']), new Map());
        await store.writeEmbeddings('m1', new Map([['k1', v1], ['k2', v2]]));
        await store.writeEmbeddings('m1', new Map([['k1', new Float32Array([9, 9])]]));
        await store.writeEmbeddings('m2', new Map([['k1', new Float32Array([7])]]));
        const read = await store.readEmbeddings('m1', ['k1', 'k2', 'k3']);
        assert.deepEqual([...read.keys()].sort(), ['k1', 'k2']);
        assert.ok(read.get('k1') instanceof Float32Array);
        assert.deepEqual(Buffer.from(read.get('k1')!.buffer, read.get('k1')!.byteOffset, 24), Buffer.from(v1.buffer));
        assert.deepEqual(read.get('k2'), v2);
        assert.deepEqual(await store.readEmbeddings('m2', ['k1', 'k2']), new Map([['k1', new Float32Array([7])]]));
        await store.writeEmbeddings('m1', new Map());
        assert.deepEqual(await store.readEmbeddings('m1', []), new Map());
      });

      it('logs AI answers newest first, filtered by outcome and review, and records a verdict', async () => {
        const shown = answer('g1');
        const refused = answer('g2', { at: '2026-11-30T02:00:00.000Z', outcome: 'sensitive', text: '', citedQaIds: [], droppedSentences: [], turnId: null });
        const later = answer('g3', { at: '2026-11-30T03:00:00.000Z' });
        for (const a of [shown, refused, later]) await store.recordGeneratedAnswer(A, a);
        const unreviewed = { verdict: null, reviewedBy: null, reviewedAt: null };
        assert.deepEqual(await store.listGeneratedAnswers(A, { limit: 10, offset: 0 }), {
          total: 3,
          answers: [later, refused, shown].map((a) => ({ ...a, ...unreviewed })),
        });
        const page = await store.listGeneratedAnswers(A, { limit: 1, offset: 1 });
        assert.deepEqual([page.total, page.answers.map((a) => a.id)], [3, ['g2']]);
        const onlyShown = await store.listGeneratedAnswers(A, { outcome: 'shown', limit: 10, offset: 0 });
        assert.deepEqual([onlyShown.total, onlyShown.answers.map((a) => a.id)], [2, ['g3', 'g1']]);

        assert.equal(await store.reviewGeneratedAnswer(A, 'g3', { verdict: 'bad', actor: 'suzuki', at: '2026-11-30T05:00:00.000Z' }), true);
        assert.equal(await store.reviewGeneratedAnswer(A, 'nothing', { verdict: 'good', actor: 'suzuki', at: '2026-11-30T05:00:00.000Z' }), false);
        assert.equal(await store.reviewGeneratedAnswer(B, 'g1', { verdict: 'good', actor: 'suzuki', at: '2026-11-30T05:00:00.000Z' }), false);
        const left = await store.listGeneratedAnswers(A, { unreviewed: true, limit: 10, offset: 0 });
        assert.deepEqual([left.total, left.answers.map((a) => a.id)], [2, ['g2', 'g1']]);
        const shownLeft = await store.listGeneratedAnswers(A, { outcome: 'shown', unreviewed: true, limit: 10, offset: 0 });
        assert.deepEqual(shownLeft.answers.map((a) => a.id), ['g1']);
        const reviewed = (await store.listGeneratedAnswers(A, { limit: 1, offset: 0 })).answers[0];
        assert.deepEqual(reviewed, { ...later, verdict: 'bad', reviewedBy: 'suzuki', reviewedAt: '2026-11-30T05:00:00.000Z' });
        await store.reviewGeneratedAnswer(A, 'g3', { verdict: 'good', actor: 'sato', at: '2026-11-30T06:00:00.000Z' });
        assert.equal((await store.listGeneratedAnswers(A, { limit: 1, offset: 0 })).answers[0]?.verdict, 'good');
      });

      it('purges model usage and AI answers of days before the chat log\'s, and keeps the rest', async () => {
        await store.recordModelUsage(A, usage({ at: '2023-11-29T14:59:59.000Z', day: '2023-11-29' }));
        await store.recordModelUsage(A, usage({ at: '2023-11-29T15:00:00.000Z', day: '2023-11-30' }));
        await store.recordModelUsage(B, usage({ at: '2023-11-29T14:59:59.000Z', day: '2023-11-29' }));
        await store.recordGeneratedAnswer(A, answer('old', { at: '2023-11-29T14:59:59.000Z', day: '2023-11-29' }));
        await store.recordGeneratedAnswer(A, answer('kept', { at: '2023-11-29T15:00:00.000Z', day: '2023-11-30' }));
        await store.recordGeneratedAnswer(B, answer('b-old', { at: '2023-11-29T14:59:59.000Z', day: '2023-11-29' }));
        assert.equal(await store.purgeChatLog(A, '2023-11-30'), 0, 'counts chat turns only');
        assert.deepEqual((await store.listModelUsage(A, 10)).map((u) => u.day), ['2023-11-30']);
        assert.deepEqual((await store.listGeneratedAnswers(A, { limit: 10, offset: 0 })).answers.map((a) => a.id), ['kept']);
        assert.equal((await store.listModelUsage(B, 10)).length, 1, 'another site keeps its usage');
        assert.equal((await store.listGeneratedAnswers(B, { limit: 10, offset: 0 })).total, 1, 'another site keeps its answers');
      });

      it('another site sees none of them', async () => {
        await store.recordModelUsage(A, usage());
        await store.addQaDrafts(A, [draft('d1')]);
        await store.saveSourceChecks(A, [check('https://www.city.example.jp/a.html')]);
        await store.markQaReviewed(A, { qaId: '1', actor: 'suzuki', at: '2026-11-30T01:00:00.000Z' });
        await store.recordGeneratedAnswer(A, answer('g1'));
        assert.deepEqual(await store.listModelUsage(B, 10), []);
        assert.deepEqual(await store.modelUsageTotals(B, { from: '2026-01-01', to: '2026-12-31' }), []);
        assert.deepEqual(await store.listQaDrafts(B, { limit: 10, offset: 0 }), { total: 0, drafts: [] });
        assert.equal(await store.getQaDraft(B, 'd1'), undefined);
        assert.deepEqual(await store.listSourceChecks(B), []);
        assert.deepEqual(await store.listQaReviewMarks(B), []);
        assert.deepEqual(await store.listGeneratedAnswers(B, { limit: 10, offset: 0 }), { total: 0, answers: [] });
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
