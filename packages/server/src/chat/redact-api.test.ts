/**
 * Issue 15: personal data written to get past the masking, asked through the chat API of a real server, and
 * the conversation log exported as `madoguchi logs export` and the console's download write it.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeLogExport } from '../admin/logs/log-export.ts';
import { questionsOfStore } from '../admin/statistics/read-statistics.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../http/test-server.ts';
import { addDays, japanDay } from '../time/japan-time.ts';
import type { ChatReply } from './schema.ts';

/** Each way of writing that had been logged in clear, inside a question. */
const VARIANTS = [
  '090・1234・5678',
  '090.1234.5678',
  '090/1234/5678',
  '090 - 1234 - 5678',
  '090～1234～5678',
  'マイナンバー1234・5678・9012',
  'マイナンバー1234.5678.9012',
  'カード4111・1111・1111・1111',
  '〒123 4567',
  '〇九〇一二三四五六七八',
  '〇九〇の一二三四の五六七八',
  '090\u200b1234\u200b5678',
  '0\u200d9\u200c0\u20601234\ufeff5678',
  '𝟎𝟗𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖',
  '０９０１２３４５６７８',
  'taro @ example.co.jp',
  'taro＠example.co.jp',
  'taro アット example.co.jp',
];
/** What must not be left of them, once the log is read as the patterns read it. */
const LEFT_IN_CLEAR = /1234|5678|9012|1111|4567|taro|example/;
const KANJI = '〇一二三四五六七八九';
const asThePatternsRead = (cell: string) =>
  cell
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[〇一二三四五六七八九]/gu, (digit) => String(KANJI.indexOf(digit)));

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function ask(message: string): Promise<ChatReply> {
  const response = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  assert.equal(response.status, 200);
  return (await response.json()) as ChatReply;
}

test('no variant of a phone, マイナンバー, card, postal code or e-mail is left in the exported log', async () => {
  for (const variant of VARIANTS) await ask(`住民票のことで${variant}に連絡ください`);
  const { messageId } = await ask('粗大ごみの出し方');
  const feedback = await fetch(`${server.url}/api/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messageId, resolved: false, comment: `連絡先は${VARIANTS.join('、')}です` }),
  });
  assert.equal(feedback.status, 200);
  await server.app.chat.flushLog();

  const out = new PassThrough();
  const today = japanDay(new Date());
  const csv = text(out);
  const written = await writeLogExport(server.store, TEST_SITE, { days: { from: addDays(today, -1), to: addDays(today, 1) } }, 'csv', out, await questionsOfStore(server.store, TEST_SITE));
  assert.equal(written, VARIANTS.length + 1);
  const rows = parse((await csv).slice(1)) as string[][];
  const citizenText = rows.slice(1).flatMap((row) => row.filter((cell) => cell.includes('連絡')));
  assert.equal(citizenText.length, VARIANTS.length + 1);
  for (const cell of citizenText) {
    assert.doesNotMatch(asThePatternsRead(cell), LEFT_IN_CLEAR, cell);
    assert.match(cell, /^(住民票のことで(マイナンバー|カード)?［(電話番号|番号|郵便番号|メール)］に連絡ください|連絡先は(［(電話番号|番号|郵便番号|メール)］|マイナンバー|カード|、)+です)$/u, cell);
  }
});
