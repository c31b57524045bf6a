/**
 * Citizens chatting through the real `POST /api/v1/chat` for the statistics, log and report tests: an answer
 * rephrased right after, a question with no answer, candidates and a candidate picked, feedback yes and no,
 * and a question holding a phone number and an e-mail address. Each reply's decision is checked, so the
 * figures the tests expect follow from what the chat really did.
 */
import assert from 'node:assert/strict';
import type { ChatReply, ChatRequest, FeedbackRequest } from '../../chat/schema.ts';
import type { TestServer } from '../../http/test-server.ts';
import type { ChatTurn } from '../../store/store.ts';
import { japanDay } from '../../time/japan-time.ts';

export const PAGE = 'https://www.city.example.jp/kurashi/juminhyo.html';
export const PERSONAL_QUESTION = '山田です。090-1234-5678 か taro@example.jp に住民票のことで連絡がほしい';
export const MASKED_QUESTION = '山田です。［電話番号］ か ［メール］ に住民票のことで連絡がほしい';
export const COMMENT = '料金が知りたい。電話は03-1234-5678です';
export const MASKED_COMMENT = '料金が知りたい。電話は［電話番号］です';
export const NONSENSE = 'ｑｑｑｚｚｚ';

export interface Scenario {
  /** Today in Japan when the chat ran: the statistics range of the tests. */
  day: string;
  /** The turns' replies in the order asked. */
  answered: ChatReply;
  rephrase: ChatReply;
  candidates: ChatReply;
  picked: ChatReply;
  rated: ChatReply;
  personal: ChatReply;
}

async function post<T>(server: TestServer, path: string, body: ChatRequest | FeedbackRequest | Record<string, unknown>): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as T;
}

/**
 * Six turns in four sessions and three widget events, then the log flushed.
 *
 * | session | channel, lang       | turn                                                   |
 * |---------|---------------------|--------------------------------------------------------|
 * | A       | widget ja, PAGE     | typed → answer; typed nonsense at once → none (rephrase) |
 * | B       | page ja             | typed → candidates; candidate clicked → answer, はい   |
 * | C       | api en              | typed → answer, いいえ with a comment holding a phone  |
 * | D       | widget ja           | typed with a phone number and an e-mail → none         |
 */
export async function chatScenario(server: TestServer): Promise<Scenario> {
  const day = japanDay(new Date());
  const chat = (body: ChatRequest) => post<ChatReply>(server, '/chat', body);

  const answered = await chat({ message: '住民票の写しを取りたい', sessionId: 'session-a-0000000001', channel: 'widget', page: `${PAGE}?name=taro` });
  const rephrase = await chat({ message: NONSENSE, sessionId: 'session-a-0000000001', channel: 'widget', page: PAGE });
  const candidates = await chat({ message: '証明書', sessionId: 'session-b-0000000001', channel: 'page' });
  const first = candidates.candidates[0];
  assert.ok(first, 'the candidates reply lists candidates');
  const picked = await chat({ qaId: first.qaId, message: first.question, via: 'candidate', sessionId: 'session-b-0000000001', channel: 'page' });
  const rated = await chat({ message: '粗大ごみの料金と処理券', sessionId: 'session-c-0000000001', lang: 'en' });
  const personal = await chat({ message: PERSONAL_QUESTION, sessionId: 'session-d-0000000001', channel: 'widget' });
  assert.deepEqual(
    [answered, rephrase, candidates, picked, rated, personal].map((r) => r.decision),
    ['answer', 'none', 'candidates', 'answer', 'answer', 'none'],
  );

  await post(server, '/feedback', { messageId: picked.messageId, resolved: true });
  await post(server, '/feedback', { messageId: rated.messageId, resolved: false, comment: COMMENT });
  await post(server, '/events', { event: 'load', channel: 'widget' });
  await post(server, '/events', { event: 'load', channel: 'widget' });
  await post(server, '/events', { event: 'open', channel: 'widget' });
  await server.app.chat.flushLog();
  return { day, answered, rephrase, candidates, picked, rated, personal };
}

let historyCounter = 0;

/**
 * A turn logged on a past day, for ranges the chat cannot reach (the chat's clock is today's): insert it with
 * `server.store.recordChatTurns`. Typed and answered unless told otherwise; noon in Japan.
 *
 * @example `await server.store.recordChatTurns(TEST_SITE, [historyTurn('2025-10-06', { qaId: '1001' })]);`
 */
export function historyTurn(day: string, turn: Partial<ChatTurn> = {}): ChatTurn {
  const n = ++historyCounter;
  return {
    id: `history-turn-${n}`,
    sessionId: `history-session-${n}`,
    at: new Date(`${day}T12:00:00+09:00`).toISOString(),
    day,
    hour: 12,
    channel: 'widget',
    page: null,
    lang: 'ja',
    via: 'typed',
    question: `過去の質問 ${n}`,
    decision: 'answer',
    qaId: '1001',
    category: '届出・証明',
    shown: [{ qaId: turn.qaId ?? '1001', score: 10 }],
    latencyMs: 2,
    ...turn,
  };
}
