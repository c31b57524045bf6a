/**
 * SearchService over a real SQLite store: what citizens can be answered from, and the analysis cache.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { CITY_FACTS_SETTING } from '../qa/placeholders.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/index.ts';
import { content } from '../store/store-contract.ts';
import { SearchService } from './search-service.ts';

const SITE = 'default';
const root = mkdtempSync(join(tmpdir(), 'madoguchi-search-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('SearchService', () => {
  let store: SqliteStore;
  before(async () => {
    store = openSqliteStore(join(root, 'data'));
    await store.importQas(
      SITE,
      [
        content('1', { question: '粗大ごみの出し方', answer: '{{担当課:環境課}}へ申し込んでください。' }),
        content('2', { question: '住民票の写しを取りたい', status: 'draft' }),
        content('3', { question: '期日前投票の場所', validUntil: '2000-01-01' }),
        content('4', { question: '{{市名}}の市役所の場所', answer: '駅前です。' }),
        content('5', { question: '犬の登録をしたい', answer: '保健所で登録します。' }),
      ],
      { actor: 'test', mode: 'merge' },
    );
    await store.setSetting(SITE, CITY_FACTS_SETTING, { 市名: 'まどぐち市', '担当課:環境課': '環境課' }, 'test');
    await store.publish(SITE, 'test');
  });
  after(() => store.close());

  test('indexes published QAs that are in their validity period only', async () => {
    const search = await SearchService.open(store, SITE, { withoutSudachi: true });
    assert.equal(search.size, 3);
    assert.notEqual(search.search('住民票の写し').results[0]?.id, '2');
    assert.notEqual(search.search('期日前投票').results[0]?.id, '3');
  });

  test('citizens see the last publication; the working scope shows edits before they are published', async () => {
    await store.saveQa(SITE, content('6', { question: '図書館の開館時間', answer: '午前9時からです。' }), { actor: 'test', expectedVersion: null });
    const published = await SearchService.open(store, SITE, { withoutSudachi: true });
    const working = await SearchService.open(store, SITE, { withoutSudachi: true, scope: 'working' });
    assert.equal(published.qa('6'), undefined);
    assert.equal(working.search('図書館は何時から').results[0]?.id, '6');
    await store.deleteQa(SITE, '6', { actor: 'test', expectedVersion: 1 });
  });

  test('fills placeholders with the city facts, in what is searched and what is returned', async () => {
    const search = await SearchService.open(store, SITE, { withoutSudachi: true });
    const [first] = search.search('まどぐち市の市役所はどこ').results;
    assert.equal(first?.id, '4');
    assert.equal(first.question, 'まどぐち市の市役所の場所');
  });

  test('applies the synonyms staff added, after a rebuild', async () => {
    const search = await SearchService.open(store, SITE, { withoutSudachi: true });
    assert.notEqual(search.search('ワンちゃんの手続き').results[0]?.id, '5');
    await store.replaceSynonymEntries(SITE, ['ワンちゃん -> 犬'], 'test');
    await search.rebuild();
    assert.equal(search.search('ワンちゃんの手続き').results[0]?.id, '5');
  });

  test('keeps analyses in the store, so the next start does not analyse again', async () => {
    await SearchService.open(store, SITE, { withoutSudachi: true });
    const db = new Database(store.file, { readonly: true });
    const count = (db.prepare('SELECT COUNT(*) AS n FROM analysis_cache').get() as { n: number }).n;
    db.close();
    assert.ok(count >= 6, `analyses stored (${count})`);
  });
});
