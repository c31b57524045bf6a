/**
 * The citizen chat API over a real port: a starter-pack site in a real SQLite file, requests by fetch.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { API_ERROR_CODES } from '../http/api-error.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../http/test-server.ts';
import type { LoggedTurn } from '../store/store.ts';
import { addDays, japanDay } from '../time/japan-time.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import type { ChatReply, MenuReply, CategoryReply, ErrorReply } from './schema.ts';

const LONG_LINE = 'あ'.repeat(10_000);
const HOSTILE = qaContent('9001', {
  category1: 'テスト',
  category2: '',
  question: '<script>alert(1)</script>危険な質問の例',
  alternates: ['危険な質問'],
  answer: [
    '<script>alert("answer")</script>',
    '<img src="x" onerror="alert(1)">',
    '[押してください](javascript:alert(1))',
    '<a href="javascript:alert(2)" onclick="alert(3)">リンク</a>',
    '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>',
    LONG_LINE,
  ].join('\n\n'),
  department: '',
  contact: '',
});
const TRANSLATED = qaContent('9002', {
  category1: 'テスト',
  category2: '',
  question: '外国語の案内を知りたい',
  answer: '日本語の回答です。[案内](/guide/index.html)と[申請書](/files/form.pdf)',
  translations: { en: { question: 'Guidance in other languages', alternates: [], answer: 'This is the **English** answer.' } },
});
const DRAFT = qaContent('9003', { category1: 'テスト', question: '下書きの質問', status: 'draft' });

let server: TestServer;
before(async () => {
  server = await startTestServer({ qas: [HOSTILE, TRANSLATED, DRAFT] });
});
after(() => server.close());

async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

/** The turns logged so far (written in the background: flushed first), oldest first. */
async function loggedTurns(): Promise<LoggedTurn[]> {
  await server.app.chat.flushLog();
  const today = japanDay(new Date());
  const { turns } = await server.store.listChatTurns(TEST_SITE, { days: { from: addDays(today, -1), to: addDays(today, 1) }, limit: 1000 });
  return turns.reverse();
}

describe('POST /api/v1/chat', () => {
  test('answers a registered question with sanitised HTML, the department contact and related QAs', async () => {
    const { status, body } = await post<ChatReply>('/api/v1/chat', { message: '住民票の写しを取りたい', sessionId: 'session-abcdefghijkl' });
    assert.equal(status, 200);
    assert.equal(body.decision, 'answer');
    assert.equal(body.answer?.qaId, '1001');
    assert.equal(body.answer?.lang, 'ja');
    assert.equal(body.sessionId, 'session-abcdefghijkl');
    assert.match(body.messageId, /^[A-Za-z0-9_-]{22}$/);
    // Placeholders are filled from the city facts, and links open in a new tab.
    assert.match(body.answer?.html ?? '', /本庁舎1階の市民課窓口/);
    assert.match(body.answer?.html ?? '', /<a href="https:\/\/www\.example\.jp\/soshiki\/shimin\/" target="_blank" rel="noopener noreferrer">/);
    assert.equal(body.contact?.department, '市民課');
    assert.match(body.contact?.html ?? '', /<a href="tel:0000001001">000-000-1001<\/a>/);
    assert.deepEqual(body.related.slice(0, 3).map((r) => r.qaId), ['1002', '1009', '1057']);
    assert.deepEqual(body.candidates, []);
  });

  test('offers 「もしかして」 candidates for a vague question, and answers the one picked', async () => {
    const { body } = await post<ChatReply>('/api/v1/chat', { message: '証明書' });
    assert.equal(body.decision, 'candidates');
    assert.equal(body.answer, null);
    assert.ok(body.candidates.length >= 2 && body.candidates.length <= 5);
    assert.match(body.sessionId, /^[A-Za-z0-9_-]{22}$/, 'a session id is made when the widget has none yet');
    const picked = body.candidates[1]!;
    const answer = await post<ChatReply>('/api/v1/chat', { qaId: picked.qaId, message: picked.question, via: 'candidate', sessionId: body.sessionId });
    assert.equal(answer.body.decision, 'answer');
    assert.equal(answer.body.answer?.qaId, picked.qaId);
    assert.equal(answer.body.answer?.question, picked.question);
  });

  test('says honestly when it cannot answer, with the city\'s general contact', async () => {
    const { body } = await post<ChatReply>('/api/v1/chat', { message: 'ｑｑｑｚｚｚ' });
    assert.equal(body.decision, 'none');
    assert.equal(body.answer, null);
    assert.equal(body.contact?.department, 'まどぐち市役所');
    assert.match(body.contact?.html ?? '', /tel:0000000000/);
    assert.match(body.contact?.html ?? '', /平日 午前8時30分から午後5時15分まで/);
  });

  test('shows a translation where one exists, otherwise the Japanese answer marked untranslated', async () => {
    const english = await post<ChatReply>('/api/v1/chat', { qaId: '9002', lang: 'en' });
    assert.equal(english.body.answer?.lang, 'en');
    assert.equal(english.body.answer?.untranslated, false);
    assert.equal(english.body.answer?.question, 'Guidance in other languages');
    assert.match(english.body.answer?.html ?? '', /<strong>English<\/strong>/);
    assert.match(english.body.contact?.html ?? '', /Hours：/);

    const korean = await post<ChatReply>('/api/v1/chat', { qaId: '9002', lang: 'ko' });
    assert.equal(korean.body.answer?.lang, 'ja');
    assert.equal(korean.body.answer?.untranslated, true);
    // Relative links point into the city's site; PDFs are marked for the widget's icon.
    assert.match(korean.body.answer?.html ?? '', /href="https:\/\/www\.example\.jp\/guide\/index\.html"/);
    assert.match(korean.body.answer?.html ?? '', /href="https:\/\/www\.example\.jp\/files\/form\.pdf" target="_blank" rel="noopener noreferrer" data-file="pdf"/);
  });

  test('never passes script, event handlers, javascript: links or foreign frames through', async () => {
    const { body } = await post<ChatReply>('/api/v1/chat', { qaId: '9001' });
    const html = body.answer?.html ?? '';
    assert.doesNotMatch(html, /<script|onerror|onclick|javascript:|<iframe|<style|alert\("answer"\)/i);
    assert.ok(html.includes(LONG_LINE), 'a 10,000-character line is kept as text');
    assert.match(html, /<a>押してください<\/a>/);
    // The question travels as JSON text; the widget shows it with textContent.
    assert.equal(body.answer?.question, '<script>alert(1)</script>危険な質問の例');
  });

  test('refuses unpublished or unknown QAs', async () => {
    for (const qaId of ['9003', 'nope']) {
      const { status, body } = await post<ErrorReply>('/api/v1/chat', { qaId });
      assert.equal(status, 404);
      assert.equal(body.error.code, 'QA_NOT_FOUND');
    }
  });

  test('rejects bad requests with a clear Japanese error', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{}, 'EMPTY_MESSAGE', /ご質問を入力してください/],
      [{ message: '   ' }, 'EMPTY_MESSAGE', /ご質問/],
      [{ message: 'あ'.repeat(501) }, 'INVALID_REQUEST', /500文字以内/],
      [{ message: '住民票', sessionId: 'short' }, 'INVALID_REQUEST', /入力内容/],
      [{ message: '住民票', lang: 'fr' }, 'INVALID_REQUEST', /入力内容/],
      [{ message: 42 }, 'INVALID_REQUEST', /入力内容/],
    ];
    for (const [body, code, message] of cases) {
      const response = await post<ErrorReply>('/api/v1/chat', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, code);
      assert.match(response.body.error.message, message);
    }
    const broken = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":' });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as ErrorReply).error.code, 'INVALID_REQUEST');
  });

  test('logs questions without personal data', async () => {
    await post<ChatReply>('/api/v1/chat', { message: '山田です。090-1234-5678 か taro@example.jp に住民票のことで連絡がほしい' });
    const row = (await loggedTurns()).find((r) => r.question.startsWith('山田です'));
    assert.equal(row?.question, '山田です。［電話番号］ か ［メール］ に住民票のことで連絡がほしい');
  });
});

describe('POST /api/v1/feedback', () => {
  test('records resolved or not, with a comment that is stored without personal data', async () => {
    const { body: answer } = await post<ChatReply>('/api/v1/chat', { message: '粗大ごみの料金と処理券', sessionId: 'feedback-session-0001' });
    assert.equal((await post('/api/v1/feedback', { messageId: answer.messageId, resolved: true })).status, 200);
    const changed = await post<{ recorded: boolean }>('/api/v1/feedback', { messageId: answer.messageId, resolved: false, comment: '料金を知りたい。電話は03-1234-5678です' });
    assert.deepEqual(changed.body, { recorded: true });
    const rows = (await loggedTurns()).filter((r) => r.question === '粗大ごみの料金と処理券');
    assert.equal(rows.at(-1)?.comment, '料金を知りたい。電話は［電話番号］です');
  });

  test('answers 404 for an unknown message and 400 for a malformed one', async () => {
    const unknown = await post<ErrorReply>('/api/v1/feedback', { messageId: 'does-not-exist', resolved: true });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'MESSAGE_NOT_FOUND');
    const malformed = await post<ErrorReply>('/api/v1/feedback', { messageId: 'x', resolved: 'yes' });
    assert.equal(malformed.status, 400);
  });
});

describe('GET /api/v1/menu and /api/v1/categories', () => {
  test('gives the character, every category with its count, popular questions and the general contact', async () => {
    const { status, body } = await get<MenuReply>('/api/v1/menu');
    assert.equal(status, 200);
    assert.equal(body.character.name, 'まどか');
    assert.match(body.character.greeting ?? '', /まどぐち市のAIチャットボット/);
    assert.match(body.character.themeColor, /^#[0-9a-f]{6}$/);
    assert.equal(body.character.avatarUrl, '/assets/avatar.svg');
    assert.ok(body.categories.some((c) => c.name === '届出・証明'));
    assert.equal(body.categories.reduce((sum, c) => sum + c.count, 0), (await get<{ qas: number }>('/healthz')).body.qas);
    assert.equal(body.popular.length, 6);
    assert.equal(body.contact.department, 'まどぐち市役所');
  });

  test('leaves the greeting to the widget in a language the city wrote none for', async () => {
    const { body } = await get<MenuReply>('/api/v1/menu?lang=vi');
    assert.equal(body.character.greeting, null);
    assert.match(body.contact.html, /Điện thoại/);
  });

  test('lists a category\'s questions grouped by 中分類, and 404 for an unknown category', async () => {
    const { status, body } = await get<CategoryReply>(`/api/v1/categories/${encodeURIComponent('届出・証明')}`);
    assert.equal(status, 200);
    const group = body.groups.find((g) => g.name === '住民票');
    assert.equal(group?.questions[0]?.qaId, '1001');
    const missing = await get<ErrorReply>(`/api/v1/categories/${encodeURIComponent('存在しない分類')}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'CATEGORY_NOT_FOUND');
  });
});

describe('the HTTP surface', () => {
  test('lets any site\'s page call the chat API (CORS), without cookies', async () => {
    const preflight = await fetch(`${server.url}/api/v1/chat`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.city.example.lg.jp', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    const { headers } = await post('/api/v1/chat', { message: '住民票' });
    assert.equal(headers.get('set-cookie'), null);
  });

  test('answers unknown routes with the one error shape', async () => {
    const { status, body } = await get<ErrorReply>('/api/v1/nothing-here');
    assert.equal(status, 404);
    assert.equal(body.error.code, 'NOT_FOUND');
  });

  test('describes every route in /api/openapi.json', async () => {
    const { body } = await get<{ openapi: string; paths: Record<string, unknown> }>('/api/openapi.json');
    assert.match(body.openapi, /^3\./);
    const paths = Object.keys(body.paths);
    for (const path of ['/api/v1/chat', '/api/v1/feedback', '/api/v1/menu', '/api/v1/categories/{category}', '/healthz', '/widget.js', '/chat']) {
      assert.ok(paths.includes(path), `${path} is documented`);
    }
  });

  test('documents every API error code in docs/API.md', async () => {
    const doc = await readFile(new URL('../../../../docs/API.md', import.meta.url), 'utf8');
    for (const code of Object.keys(API_ERROR_CODES)) assert.ok(doc.includes(`\`${code}\``), `${code} is in docs/API.md`);
  });
});

describe('rate limit', () => {
  test('stops one address after the per-minute limit with 429 and Retry-After', async () => {
    const limited = await startTestServer({ rateLimits: { chat: 2 } });
    try {
      const ask = () => fetch(`${limited.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"住民票"}' });
      assert.equal((await ask()).status, 200);
      assert.equal((await ask()).status, 200);
      const third = await ask();
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      const body = (await third.json()) as ErrorReply;
      assert.equal(body.error.code, 'RATE_LIMITED');
      assert.match(body.error.message, /秒ほどおいてから/);
    } finally {
      await limited.close();
    }
  });
});

/** Today in Japan, give or take a day: a turn logged around midnight still falls inside. */
function aroundToday(): { from: string; to: string } {
  const today = japanDay(new Date());
  return { from: addDays(today, -1), to: addDays(today, 1) };
}

async function loggedTurn(question: string): Promise<LoggedTurn | undefined> {
  return (await loggedTurns()).find((turn) => turn.question === question);
}

describe('where a question came from, in the log', () => {
  test('logs the channel and the page as origin and path, without its query or fragment', async () => {
    const question = '粗大ごみの申込み方法（ウィジェットから）';
    const { status } = await post<ChatReply>('/api/v1/chat', {
      message: question,
      channel: 'widget',
      page: 'https://www.city.example.lg.jp/kurashi/gomi/index.html?name=山田太郎&tel=09012345678#form',
    });
    assert.equal(status, 200);
    const turn = await loggedTurn(question);
    assert.equal(turn?.channel, 'widget');
    assert.equal(turn?.page, 'https://www.city.example.lg.jp/kurashi/gomi/index.html');
  });

  test('counts a question without a channel as the API, with no page; a page that is not a web address is dropped', async () => {
    await post<ChatReply>('/api/v1/chat', { message: '住民票の写し（API から）' });
    const api = await loggedTurn('住民票の写し（API から）');
    assert.equal(api?.channel, 'api');
    assert.equal(api?.page, null);

    await post<ChatReply>('/api/v1/chat', { message: '住民票の写し（全画面から）', channel: 'page', page: 'javascript:alert(1)' });
    const page = await loggedTurn('住民票の写し（全画面から）');
    assert.equal(page?.channel, 'page');
    assert.equal(page?.page, null);
  });

  test('logs a question with its personal data masked and its subject kept', async () => {
    await post<ChatReply>('/api/v1/chat', {
      message: '〒123-4567 本町2丁目3番4号 さくらマンション101号室の者です。マイナンバー1234 5678 9012 の通知カードをなくしました',
      channel: 'widget',
    });
    const logged = (await loggedTurns()).filter((turn) => turn.question.includes('通知カードをなくしました'));
    assert.deepEqual(
      logged.map((turn) => turn.question),
      ['［郵便番号］ 本町2丁目［番地］ さくらマンション［部屋番号］の者です。マイナンバー［番号］ の通知カードをなくしました'],
    );
  });

  test('refuses an unknown channel and an overlong page', async () => {
    for (const body of [
      { message: '住民票', channel: 'email' },
      { message: '住民票', page: `https://www.city.example.lg.jp/${'a'.repeat(2000)}` },
      { message: '住民票', page: 42 },
    ]) {
      const response = await post<ErrorReply>('/api/v1/chat', body);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(response.body.error.code, 'INVALID_REQUEST');
    }
  });
});

describe('POST /api/v1/events', () => {
  async function accessCount(event: string, channel: string): Promise<number> {
    const counts = await server.store.accessCounts(TEST_SITE, aroundToday());
    return counts.filter((count) => count.event === event && count.channel === channel).reduce((sum, count) => sum + count.count, 0);
  }

  test('counts widget loads and panel openings per channel (the widget when none is given)', async () => {
    const before = { load: await accessCount('load', 'widget'), open: await accessCount('open', 'widget'), page: await accessCount('load', 'page') };
    for (const body of [{ event: 'load', channel: 'widget' }, { event: 'load', channel: 'widget' }, { event: 'open' }, { event: 'load', channel: 'page' }]) {
      const response = await post<{ recorded: boolean }>('/api/v1/events', body);
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { recorded: true });
      assert.equal(response.headers.get('set-cookie'), null);
    }
    assert.equal(await accessCount('load', 'widget'), before.load + 2);
    assert.equal(await accessCount('open', 'widget'), before.open + 1);
    assert.equal(await accessCount('load', 'page'), before.page + 1);
  });

  test('refuses unknown events and channels, and counts nothing for them', async () => {
    const before = await server.store.accessCounts(TEST_SITE, aroundToday());
    for (const body of [{}, { event: 'click' }, { event: 'load', channel: 'email' }, { event: 1 }, { channel: 'widget' }]) {
      const response = await post<ErrorReply>('/api/v1/events', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'INVALID_REQUEST');
      assert.match(response.body.error.message, /入力内容/);
    }
    assert.deepEqual(await server.store.accessCounts(TEST_SITE, aroundToday()), before);
  });

  test('is open to any city page (CORS) and described in the OpenAPI document', async () => {
    const preflight = await fetch(`${server.url}/api/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.city.example.lg.jp', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    const { body } = await get<{ paths: Record<string, unknown> }>('/api/openapi.json');
    assert.ok('/api/v1/events' in body.paths);
  });

  test('stops one address after the per-minute limit', async () => {
    const limited = await startTestServer({ rateLimits: { events: 2 } });
    try {
      const send = () => fetch(`${limited.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"load"}' });
      assert.equal((await send()).status, 200);
      assert.equal((await send()).status, 200);
      const third = await send();
      assert.equal(third.status, 429);
      assert.equal(((await third.json()) as ErrorReply).error.code, 'RATE_LIMITED');
      const counts = await limited.store.accessCounts(TEST_SITE, aroundToday());
      assert.deepEqual(counts.map((count) => [count.event, count.channel, count.count]), [['load', 'widget', 2]]);
    } finally {
      await limited.close();
    }
  });
});
