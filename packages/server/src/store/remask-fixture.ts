/**
 * For both backends' migration tests (issue 15): citizen text stored before the masking improved, in every
 * table that holds it, and what the store hands back of it afterwards.
 */
import assert from 'node:assert/strict';
import { REMASK_BATCH } from './remask.ts';
import type { Store } from './store.ts';

const SITE = 'default';
const AT = '2026-11-30T01:00:00.000Z';
const DAY = { from: '2026-11-30', to: '2026-11-30' };

/** What the old masking let through; the sentences around it must survive. */
export const UNMASKED = {
  question: '携帯090・1234・5678に折り返しを',
  comment: 'マイナンバー1234.5678.9012を書いてしまいました',
  aiQuestion: '〒123 4567 本町、電話は〇九〇一二三四五六七八です',
  dropped: 'taro @ example.co.jp に送ります。',
  review: '090/1234/5678から電話',
};

/** Writes {@link UNMASKED} as the chat service of the previous version would have. */
export async function storeUnmaskedCitizenText(store: Store): Promise<void> {
  const turn = (id: string, question: string) => ({
    id, sessionId: 'session-0123456789', at: AT, day: '2026-11-30', hour: 10, channel: 'widget' as const, page: null, lang: 'ja',
    via: 'typed' as const, question, decision: 'none' as const, qaId: null, category: null, shown: [], latencyMs: 1,
  });
  await store.recordChatTurns(SITE, [turn('t1', UNMASKED.question), turn('t2', '住民票がほしい')]);
  // More than one batch of the migration's walk through the turns.
  await store.recordChatTurns(SITE, Array.from({ length: REMASK_BATCH }, (_, i) => turn(`u${i}`, `電話は0${i % 9 + 1}0-1111-2222です`)));
  await store.recordFeedback(SITE, { messageId: 't1', resolved: false, comment: UNMASKED.comment, at: AT });
  await store.recordGeneratedAnswer(SITE, {
    id: 'g1', at: AT, day: '2026-11-30', sessionId: 'session-0123456789', turnId: 't1', question: UNMASKED.aiQuestion, model: 'm',
    outcome: 'shown', text: '市民課で取れます。[1]', sourceQaIds: ['1'], citedQaIds: ['1'], droppedSentences: [UNMASKED.dropped, '無料です。'],
  });
  await store.reviewQuestions(SITE, [UNMASKED.review, '［電話番号］から電話'], { action: 'dismiss', qaId: null, actor: 'suzuki', at: AT });
}

/** Asserts that the store now holds the masked text, with the rest of each sentence and the untouched rows as they were. */
export async function assertCitizenTextMasked(store: Store, reviewedQuestions: () => Promise<string[]>): Promise<void> {
  const turns = async (text: string) => await store.listChatTurns(SITE, { days: DAY, text, limit: 10 });
  assert.equal((await turns('1111')).total, 0);
  assert.equal((await turns('電話は［電話番号］です')).total, REMASK_BATCH);
  const [masked] = (await turns('折り返し')).turns;
  assert.equal(masked?.question, '携帯［電話番号］に折り返しを');
  assert.equal(masked?.comment, 'マイナンバー［番号］を書いてしまいました');
  assert.deepEqual((await turns('住民票')).turns.map((t) => t.question), ['住民票がほしい']);
  const { answers } = await store.listGeneratedAnswers(SITE, { limit: 10, offset: 0 });
  assert.equal(answers[0]?.question, '［郵便番号］ 本町、電話は［電話番号］です');
  assert.deepEqual(answers[0]?.droppedSentences, ['［メール］ に送ります。', '無料です。']);
  // Both reviews now have one masked question: one review remains.
  assert.deepEqual(await reviewedQuestions(), ['［電話番号］から電話']);
}
