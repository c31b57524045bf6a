import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatReply } from '@madoguchi/server/chat-api';
import { deserialize, initialState, reduce, serialize, type Action, type ConversationState, type WelcomeEntry } from './conversation.ts';
import { STORED_ENTRIES_MAX } from './limits.ts';

const SESSION = 'session-0123456789ab';

const welcome = (name = 'まどか', categories = ['戸籍・住民票']): WelcomeEntry => ({
  kind: 'welcome',
  greeting: null,
  name,
  categories,
  popular: [{ qaId: 'qa-1', question: '住民票の写しを取りたい', lang: 'ja' }],
});

const answerReply: ChatReply = {
  messageId: 'm-1',
  sessionId: 'server-session-00001',
  decision: 'answer',
  answer: { qaId: 'qa-1', question: '住民票の写しを取りたい', html: '<p>市民課で取れます。</p>', lang: 'ja', untranslated: false },
  candidates: [],
  related: [{ qaId: 'qa-2', question: '印鑑登録をしたい', lang: 'ja' }],
  contact: { department: '市民課', html: '<p>電話 <a href="tel:0000000000">00-0000-0000</a></p>' },
};

const run = (state: ConversationState, ...actions: Action[]): ConversationState => actions.reduce(reduce, state);

test('a greeting replaces the log until something is asked, then is appended', () => {
  let state = run(initialState(SESSION, 'ja'), { type: 'greet', welcome: welcome() });
  assert.deepEqual(state.entries.map((e) => `${e.kind}:${e.lang}`), ['welcome:ja']);
  // Switching language before asking anything: one greeting, in the new language.
  state = run(state, { type: 'language', lang: 'en' }, { type: 'greet', welcome: welcome('Madoka') });
  assert.deepEqual(state.entries.map((e) => `${e.kind}:${e.lang}`), ['welcome:en']);
  // After a question, a language switch keeps the history and greets again below it.
  state = run(
    state,
    { type: 'add', entry: { kind: 'user', text: 'residence certificate' } },
    { type: 'language', lang: 'vi' },
    { type: 'greet', welcome: welcome('Madoka') },
  );
  assert.deepEqual(state.entries.map((e) => `${e.kind}:${e.lang}`), ['welcome:en', 'user:en', 'welcome:vi']);
  assert.deepEqual(state.entries.map((e) => e.id), [2, 3, 4], 'ids keep increasing, never reused');
});

test('feedback is recorded once and adds thanks or the follow-up in the language of that answer', () => {
  let state = run(initialState(SESSION, 'ja'), { type: 'add', entry: { kind: 'reply', reply: answerReply, feedback: null } });
  const replyId = state.entries[0]?.id ?? -1;
  state = run(state, { type: 'language', lang: 'en' }, { type: 'feedback', id: replyId, resolved: false });
  const [reply, followUp] = state.entries;
  assert.equal(reply?.kind === 'reply' && reply.feedback, 'unresolved');
  assert.ok(followUp?.kind === 'followup');
  assert.equal(followUp.lang, 'ja');
  assert.equal(followUp.messageId, 'm-1');
  assert.deepEqual(followUp.contact, answerReply.contact);
  assert.deepEqual(followUp.related, answerReply.related);
  assert.equal(followUp.comment, 'open');
  assert.equal(state.lang, 'en', 'the interface language is unchanged');

  const again = reduce(state, { type: 'feedback', id: replyId, resolved: true });
  assert.equal(again, state, 'a second answer to the same question is ignored');

  state = reduce(state, { type: 'commentSent', id: followUp.id });
  assert.deepEqual(state.entries.map((e) => e.kind), ['reply', 'followup', 'comment-thanks']);
  assert.equal(state.entries[1]?.kind === 'followup' && state.entries[1].comment, 'sent');
  assert.equal(reduce(state, { type: 'commentSent', id: followUp.id }), state);

  const resolved = run(initialState(SESSION, 'ja'), { type: 'add', entry: { kind: 'reply', reply: answerReply, feedback: null } }, { type: 'feedback', id: 1, resolved: true });
  assert.deepEqual(resolved.entries.map((e) => e.kind), ['reply', 'thanks']);
});

test('restart clears the log and takes the new session id; an invalid server session id is ignored', () => {
  let state = run(initialState(SESSION, 'ko'), { type: 'add', entry: { kind: 'user', text: 'x' } }, { type: 'open', open: true });
  state = reduce(state, { type: 'restart', sessionId: 'fresh-session-id-0001' });
  assert.deepEqual(state.entries, []);
  assert.equal(state.sessionId, 'fresh-session-id-0001');
  assert.equal(state.open, true);
  assert.equal(state.lang, 'ko');
  assert.equal(reduce(state, { type: 'session', sessionId: 'bad id!' }).sessionId, 'fresh-session-id-0001');
  assert.equal(reduce(state, { type: 'session', sessionId: 'server-session-00001' }).sessionId, 'server-session-00001');
});

test('the log keeps only the latest entries', () => {
  let state = initialState(SESSION, 'ja');
  for (let i = 0; i < STORED_ENTRIES_MAX + 15; i++) state = reduce(state, { type: 'add', entry: { kind: 'user', text: `q${i}` } });
  assert.equal(state.entries.length, STORED_ENTRIES_MAX);
  assert.equal(state.entries.at(-1)?.kind === 'user' && state.entries.at(-1)?.id, STORED_ENTRIES_MAX + 15);
  const first = state.entries[0];
  assert.equal(first?.kind === 'user' && first.text, 'q15');
});

test('serialisation round-trips everything but errors', () => {
  const state = run(
    initialState(SESSION, 'zh'),
    { type: 'open', open: true },
    {
      type: 'character',
      character: { name: 'まどか', avatarUrl: '/avatar.png', greeting: null, themeColor: '#0b5cad', position: 'left' },
    },
    { type: 'greet', welcome: welcome() },
    { type: 'add', entry: { kind: 'user', text: '住民票' } },
    { type: 'add', entry: { kind: 'reply', reply: answerReply, feedback: null } },
    { type: 'add', entry: { kind: 'error', message: 'errorNetwork' } },
    { type: 'add', entry: { kind: 'category', category: { category: '税', groups: [{ name: '住民税', questions: [{ qaId: 'qa-9', question: '税額は？', lang: 'ja' }] }] } } },
  );
  const restored = deserialize(serialize(state));
  assert.ok(restored);
  assert.deepEqual(restored, { ...state, entries: state.entries.filter((e) => e.kind !== 'error') });
  assert.equal(restored.nextId, state.nextId, 'new entries after a restore get fresh ids');
});

test('damaged or foreign stored data is refused or cleaned, never trusted', () => {
  assert.equal(deserialize(null), null);
  assert.equal(deserialize('not json'), null);
  assert.equal(deserialize('[]'), null);
  assert.equal(deserialize(JSON.stringify({ v: 2, sessionId: SESSION, lang: 'ja', entries: [] })), null, 'another version');
  assert.equal(deserialize(JSON.stringify({ v: 1, sessionId: 'short', lang: 'ja', entries: [] })), null);
  assert.equal(deserialize(JSON.stringify({ v: 1, sessionId: SESSION, lang: 'fr', entries: [] })), null);

  const restored = deserialize(
    JSON.stringify({
      v: 1,
      sessionId: SESSION,
      lang: 'ja',
      open: 'yes',
      nextId: 'x',
      character: { name: 'x', avatarUrl: '/a.png', greeting: null, themeColor: 'red;background:url(//evil)', position: 'right' },
      entries: [
        { id: 7, lang: 'ja', kind: 'user', text: 'ok' },
        { id: 7, lang: 'ja', kind: 'user', text: 'duplicate id' },
        { id: 8, lang: 'ja', kind: 'user', text: 42 },
        { id: 9, lang: 'xx', kind: 'user', text: 'bad lang' },
        { id: 10, lang: 'ja', kind: 'script', text: 'unknown kind' },
        { id: 11, lang: 'ja', kind: 'error', message: 'errorNetwork' },
        { id: 12, lang: 'ja', kind: 'reply', feedback: null, reply: { ...answerReply, decision: 'maybe' } },
        { id: 13, lang: 'ja', kind: 'reply', feedback: 'resolved', reply: answerReply },
      ],
    }),
  );
  assert.ok(restored);
  assert.equal(restored.open, false);
  assert.equal(restored.character, null, 'a colour that is not #rrggbb never reaches CSS');
  assert.deepEqual(restored.entries.map((e) => e.id), [7, 13]);
  assert.equal(restored.nextId, 14);
});

test('an AI answer attaches to its candidates reply; one still being asked for is not stored', () => {
  const candidatesReply: ChatReply = {
    ...answerReply,
    decision: 'candidates',
    answer: null,
    candidates: [{ qaId: 'qa-1', question: '住民票の写しを取りたい', lang: 'ja' }],
    related: [],
    contact: null,
    aiAnswerAvailable: true,
  };
  const ai = { text: '住民票の写しは市民課で取れます。', citations: [{ qaId: 'qa-1', question: '住民票の写しを取りたい', lang: 'ja' as const }], label: 'AIが作成した要約です。' };
  let state = run(initialState(SESSION, 'ja'), { type: 'add', entry: { kind: 'reply', reply: candidatesReply, feedback: null } });
  const id = state.entries[0]?.id ?? -1;
  state = reduce(state, { type: 'generated', id, answer: 'pending' });
  assert.equal(state.entries[0]?.kind === 'reply' && state.entries[0].ai, 'pending');
  const restored = deserialize(serialize(state));
  assert.equal(restored?.entries[0]?.kind === 'reply' && restored.entries[0].ai, undefined, 'a reload does not wait for it');

  const shown = reduce(state, { type: 'generated', id, answer: ai });
  assert.deepEqual(deserialize(serialize(shown))?.entries[0], shown.entries[0], 'a shown one is kept for the next page');
  const none = reduce(state, { type: 'generated', id, answer: null });
  assert.equal(none.entries[0]?.kind === 'reply' && none.entries[0].ai, undefined);
  assert.equal(reduce(state, { type: 'generated', id: 999, answer: ai }), state, 'an entry gone (restart) is left alone');

  const tampered = JSON.parse(serialize(shown)) as { entries: { ai: unknown }[] };
  tampered.entries[0]!.ai = { text: 1, citations: [], label: '' };
  assert.equal(deserialize(JSON.stringify(tampered))?.entries.length, 0, 'a damaged AI answer drops its entry');
});
