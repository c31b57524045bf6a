import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerEligibility, DEFAULT_AI_ANSWER_SETTINGS, resolveAiAnswerSettings, sensitiveWordIn, type EligibilityInput } from './answer-policy.ts';

const ON = { ...DEFAULT_AI_ANSWER_SETTINGS, enabled: true };
const SOURCES = [
  { category1: '届出・証明', category2: '住民票', question: '住民票の写しを取りたい' },
  { category1: '届出・証明', category2: '印鑑登録', question: '印鑑登録証明書を取りたい' },
];
const input = (change: Partial<EligibilityInput> = {}): EligibilityInput => ({
  settings: ON,
  chatConfigured: true,
  decision: 'candidates',
  lang: 'ja',
  question: '証明書を取りたい',
  sources: SOURCES,
  ...change,
});

test('off by default, also for stored values of the wrong shape', () => {
  assert.equal(resolveAiAnswerSettings(undefined).enabled, false);
  assert.equal(resolveAiAnswerSettings({ enabled: 'true' }).enabled, false);
  assert.equal(resolveAiAnswerSettings(null).enabled, false);
  const resolved = resolveAiAnswerSettings({ enabled: true, sensitiveCategories: [' 税金 ', 3, '', '税金'], maxSources: 99 });
  assert.deepEqual(resolved, { enabled: true, sensitiveCategories: ['税金'], sensitiveWords: DEFAULT_AI_ANSWER_SETTINGS.sensitiveWords, maxSources: 3, dailyLimit: 1000 });
  assert.equal(resolveAiAnswerSettings({ dailyLimit: 0 }).dailyLimit, 1000, 'out of range: the default');
  assert.equal(resolveAiAnswerSettings({ dailyLimit: 50 }).dailyLimit, 50);
  assert.deepEqual(resolveAiAnswerSettings({ sensitiveWords: [] }).sensitiveWords, [], 'a city may clear the words on purpose');
});

test('the default words cover taxes, fees, deadlines, benefits and eligibility', () => {
  for (const question of ['住民税の納付', '粗大ごみの手数料', '申請の締切はいつ', '児童手当の申請', '住宅の補助金', '保険料の減免', '対象者を知りたい', '住民票はいくらですか']) {
    assert.notEqual(sensitiveWordIn(question, DEFAULT_AI_ANSWER_SETTINGS.sensitiveWords), null, question);
  }
  assert.equal(sensitiveWordIn('住民票の写しを取りたい', DEFAULT_AI_ANSWER_SETTINGS.sensitiveWords), null);
  assert.equal(sensitiveWordIn('ＦＥＥ', ['fee']), 'fee', 'width and case do not matter');
});

test('eligible only when on, with a chat model, for candidates, in Japanese', () => {
  assert.deepEqual(answerEligibility(input()), { eligible: true });
  assert.deepEqual(answerEligibility(input({ settings: DEFAULT_AI_ANSWER_SETTINGS })), { eligible: false, reason: 'disabled' });
  assert.deepEqual(answerEligibility(input({ chatConfigured: false })), { eligible: false, reason: 'no-model' });
  assert.deepEqual(answerEligibility(input({ decision: 'answer' })), { eligible: false, reason: 'decision' });
  assert.deepEqual(answerEligibility(input({ decision: 'none' })), { eligible: false, reason: 'decision' });
  assert.deepEqual(answerEligibility(input({ lang: 'en' })), { eligible: false, reason: 'language' });
  assert.deepEqual(answerEligibility(input({ sources: [] })), { eligible: false, reason: 'no-sources' });
});

test('a sensitive category of any source, by 大分類 or 中分類, refuses', () => {
  assert.deepEqual(answerEligibility(input({ settings: { ...ON, sensitiveCategories: ['印鑑登録'] } })), { eligible: false, reason: 'sensitive-category' });
  assert.deepEqual(answerEligibility(input({ settings: { ...ON, sensitiveCategories: ['届出・証明'] } })), { eligible: false, reason: 'sensitive-category' });
  assert.deepEqual(answerEligibility(input({ settings: { ...ON, sensitiveCategories: ['税金'] } })), { eligible: true });
});

test('a sensitive word in the question or in a source question refuses', () => {
  assert.deepEqual(answerEligibility(input({ question: '証明書の手数料を知りたい' })), { eligible: false, reason: 'sensitive-word' });
  const sources = [...SOURCES, { category1: '税金', category2: '', question: '課税証明書を取りたい' }];
  assert.deepEqual(answerEligibility(input({ sources })), { eligible: false, reason: 'sensitive-word' });
  assert.deepEqual(answerEligibility(input({ sources, settings: { ...ON, sensitiveWords: [] } })), { eligible: true });
});
