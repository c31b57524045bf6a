import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../http/test-server.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import { renderAnswerHtml } from './answer-html.ts';
import type { ChatReply } from './schema.ts';

const ANSWER = '![地図](/img/map.png) ![外部](https://tracker.example.com/p.gif) ![市](https://IMG.city.example.lg.jp/a.png)';
const BASE = 'https://www.city.example.lg.jp/';

test('images: any http(s) image by default; with answer image hosts, only those hosts\' (relative ones read against the homepage)', () => {
  const all = renderAnswerHtml(ANSWER, { baseUrl: BASE });
  assert.equal((all.match(/<img /g) ?? []).length, 3);
  const listed = renderAnswerHtml(ANSWER, { baseUrl: BASE, imageHosts: new Set(['www.city.example.lg.jp', 'img.city.example.lg.jp']) });
  assert.match(listed, /<img src="https:\/\/www\.city\.example\.lg\.jp\/img\/map\.png" alt="地図" \/>/);
  assert.match(listed, /<img src="https:\/\/img\.city\.example\.lg\.jp\/a\.png" alt="市" \/>/);
  assert.doesNotMatch(listed, /tracker/);
  assert.equal(renderAnswerHtml(ANSWER, { baseUrl: BASE, imageHosts: new Set() }), all, 'an empty list leaves images as they were');
});

test('the citizen chat applies the server\'s answer image hosts', async () => {
  const server = await startTestServer({
    security: { answerImageHosts: new Set(['img.city.example.lg.jp']) },
    qas: [qaContent('9200', { category1: 'テスト', question: '地図を見たい', answer: ANSWER })],
  });
  try {
    const response = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaId: '9200' }) });
    const html = ((await response.json()) as ChatReply).answer?.html ?? '';
    assert.deepEqual(html.match(/<img src="[^"]*"/g), ['<img src="https://img.city.example.lg.jp/a.png"']);
  } finally {
    await server.close();
  }
});
