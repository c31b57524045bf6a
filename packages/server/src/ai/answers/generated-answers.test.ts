/**
 * The chat's quick question to GeneratedAnswers when the database misbehaves: the reply never waits long for
 * the setting, and a failing store means no offer rather than an error. (The rest is tested over HTTP in
 * generated-answers-api.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchService } from '../../search/search-service.ts';
import type { Store } from '../../store/store.ts';
import type { ModelProviders } from '../models/models.ts';
import { NO_MODELS } from '../models/models.ts';
import { GeneratedAnswers } from './generated-answers.ts';

const MODELS: ModelProviders = { ...NO_MODELS, chat: { model: 'never-called', complete: () => Promise.reject(new Error('not in this test')) } };
const SEARCH = { qa: () => ({ category1: '届出・証明', category2: '住民票', question: '住民票の写しを取りたい' }), facts: {} } as unknown as SearchService;

function storeReading(getSetting: () => Promise<unknown>): Store {
  return { getSetting } as unknown as Store;
}

test('a store that fails means no offer, reported, not an error', async () => {
  const errors: unknown[] = [];
  const answers = new GeneratedAnswers(storeReading(() => Promise.reject(new Error('database down'))), SEARCH, 'default', MODELS, { onError: (e) => errors.push(e) });
  assert.equal(await answers.offers('住民票', 'ja', ['1001']), false);
  assert.equal(errors.length, 1);
});

test('a store that stops answering: the last setting read is used instead of waiting', async () => {
  let hang = false;
  const store = storeReading(() => (hang ? new Promise(() => undefined) : Promise.resolve({ enabled: true })));
  const answers = new GeneratedAnswers(store, SEARCH, 'default', MODELS);
  assert.equal(await answers.offers('住民票', 'ja', ['1001']), true);
  hang = true;
  assert.equal(await answers.offers('住民票', 'ja', ['1001']), true, 'answered with the setting read before');
  const fresh = new GeneratedAnswers(store, SEARCH, 'default', MODELS);
  assert.equal(await fresh.offers('住民票', 'ja', ['1001']), false, 'nothing read yet: no offer');
});

test('no chat model, another language or no candidates: the setting is not even read', async () => {
  const store = storeReading(() => assert.fail('read the setting'));
  assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', NO_MODELS).offers('住民票', 'ja', ['1001']), false);
  assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', MODELS).offers('resident record', 'en', ['1001']), false);
  assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', MODELS).offers('住民票', 'ja', []), false);
});
