/**
 * Test support for AI answers: a test server's chat model on the fake OpenAI server, and reading the prompt it
 * received (the question and the numbered sources between their delimiters), so a scripted model can answer
 * from the sources the way a well-behaved one would, or disobey.
 */
import type { FakeChatRequest, FakeOpenAi, RecordedRequest } from '../models/fake-openai-server.ts';
import { NO_MODEL_CONFIG } from '../models/model-config.ts';
import type { ModelProviders } from '../models/models.ts';
import { createModelProviders } from '../models/providers.ts';
import type { Store } from '../../store/store.ts';

/** For startTestServer's `models`: a chat model on the fake server, failing fast (no backoff). */
export function fakeChatModels(fake: () => FakeOpenAi): (store: Store, siteId: string) => ModelProviders {
  return (store, siteId) => createModelProviders({ ...NO_MODEL_CONFIG, chat: { url: fake().url, model: 'fake-chat' } }, store, siteId, { client: { backoffMs: 1 } });
}

function userMessage(body: FakeChatRequest): string {
  return body.messages?.find((message) => message.role === 'user')?.content ?? '';
}

/** The text between `<<<name 開始 token>>>` and `<<<name 終了 token>>>`, when both carry the same token. */
export function promptBlock(body: FakeChatRequest, name: string): string | undefined {
  return [...userMessage(body).matchAll(/<<<(\S+) 開始 (\w+)>>>\n([^]*?)\n<<<\1 終了 \2>>>/gu)].find((m) => m[1] === name)?.[3];
}

/** The first sentence of source `n`'s answer as the prompt gave it, with its citation: what a faithful model writes. */
export function faithfulSentence(body: FakeChatRequest, n: number): string {
  const answer = /\n回答: ([^]*)$/u.exec(promptBlock(body, `資料${n}`) ?? '')?.[1] ?? '';
  const first = /^[^。]*。/u.exec(answer)?.[0] ?? answer;
  return `${first.replace(/。$/u, '')}[${n}]。`;
}

/** The chat-completions requests the fake received. */
export function chatRequests(fake: FakeOpenAi): (RecordedRequest & { body: FakeChatRequest })[] {
  return fake.requests.filter((request) => request.path.endsWith('/chat/completions')) as (RecordedRequest & { body: FakeChatRequest })[];
}
