/**
 * The chat's quick question to GeneratedAnswers when the database misbehaves: the reply never waits long for
 * the setting, and a failing store means no offer rather than an error. (The rest is tested over HTTP in
 * generated-answers-api.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatLanguage } from '../../chat/schema.ts';
import type { SearchService } from '../../search/search-service.ts';
import type { Store } from '../../store/store.ts';
import type { ModelProviders } from '../models/models.ts';
import { NO_MODELS } from '../models/models.ts';
import { GeneratedAnswers } from './generated-answers.ts';

const MODELS: ModelProviders = { ...NO_MODELS, chat: { model: 'never-called', complete: () => Promise.reject(new Error('not in this test')) } };
const SEARCH = { qa: () => ({ category1: '届出・証明', category2: '住民票', question: '住民票の写しを取りたい' }), facts: {} } as unknown as SearchService;

function storeReading(getSetting: () => Promise<unknown>): Store {
  return { getSetting, listSettingRevisions: () => Promise.resolve([{ value: 'a-test-key' }]) } as unknown as Store;
}

const offer = (question: string, lang: ChatLanguage = 'ja', candidateIds = ['1001']) => ({ sessionId: 'session-0001-abcdefgh', messageId: 'message-1', question, lang, decision: 'candidates' as const, candidateIds });

test('a store that fails means no offer, reported, not an error', async () => {
  const errors: unknown[] = [];
  const answers = new GeneratedAnswers(storeReading(() => Promise.reject(new Error('database down'))), SEARCH, 'default', MODELS, { onError: (e) => errors.push(e) });
  assert.equal(await answers.offer(offer('住民票')), null);
  assert.equal(errors.length, 1);
});

test('a store that stops answering: the last setting read is used instead of waiting', async () => {
  let hang = false;
  const store = storeReading(() => (hang ? new Promise(() => undefined) : Promise.resolve({ enabled: true })));
  const answers = new GeneratedAnswers(store, SEARCH, 'default', MODELS);
  assert.equal(typeof (await answers.offer(offer('住民票'))), 'string');
  hang = true;
  assert.equal(typeof (await answers.offer(offer('住民票'))), 'string', 'answered with the setting read before');
  const fresh = new GeneratedAnswers(store, SEARCH, 'default', MODELS);
  assert.equal(await fresh.offer(offer('住民票')), null, 'nothing read yet: no offer');
});

test('no chat model, another language, no candidates or not the engine\'s candidates decision: the setting is not even read', async () => {
  const store = storeReading(() => assert.fail('read the setting'));
  assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', NO_MODELS).offer(offer('住民票')), null);
  assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', MODELS).offer(offer('resident record', 'en')), null);
  assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', MODELS).offer(offer('住民票', 'ja', [])), null);
  for (const decision of ['none', 'answer'] as const) {
    assert.equal(await new GeneratedAnswers(store, SEARCH, 'default', MODELS).offer({ ...offer('住民票'), decision }), null, decision);
  }
});
