import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DraftJobView, DraftView } from '@madoguchi/server/admin-api';
import { acceptRequest, draftForm, fileProblem, jobProgressText, jobResultText, urlLines } from './drafts.ts';

const LIMITS = { maxUrls: 20, maxSitemapPages: 100, defaultSitemapPages: 30, maxFiles: 10, maxFileBytes: 20 * 1024 * 1024 };

const JOB: DraftJobView = {
  id: 'j1',
  status: 'done',
  startedAt: '2026-11-30T01:00:00.000Z',
  finishedAt: '2026-11-30T01:01:00.000Z',
  startedBy: 'suzuki',
  source: 'urls',
  useModel: false,
  pagesTotal: 3,
  pagesDone: 3,
  draftsMade: 5,
  draftsSkipped: 0,
  draftsDiscarded: 0,
  failures: [],
  notes: [],
  error: null,
};

test('addresses one a line: blanks and repeats left out, too many or not http(s) said plainly', () => {
  assert.deepEqual(urlLines(' https://a.jp/1.html \n\nhttps://a.jp/1.html\nhttp://a.jp/2', LIMITS), { urls: ['https://a.jp/1.html', 'http://a.jp/2'], problem: '' });
  assert.equal(urlLines('\n ', LIMITS).problem, 'ページのアドレスを1行に1つ入力してください。');
  assert.equal(urlLines('www.city.example.jp/faq', LIMITS).problem, '「www.city.example.jp/faq」は http:// か https:// で始まるアドレスではありません。');
  assert.match(urlLines(Array.from({ length: 21 }, (_, i) => `https://a.jp/${i}`).join('\n'), LIMITS).problem, /20 件までです（いま 21 件）/);
});

test('files: at least one, at most ten, each at most 20 MB', () => {
  assert.equal(fileProblem([], LIMITS), 'HTML か PDF のファイルを選んでください。');
  assert.equal(fileProblem([{ name: 'faq.pdf', size: 1024 }], LIMITS), '');
  assert.match(fileProblem(Array.from({ length: 11 }, () => ({ name: 'a.html', size: 1 })), LIMITS), /10 個まで/);
  assert.equal(fileProblem([{ name: 'big.pdf', size: 21 * 1024 * 1024 }], LIMITS), '「big.pdf」は大きすぎます（1つ 20 MB まで）。');
});

test('progress and result in words', () => {
  assert.equal(jobProgressText({ ...JOB, status: 'running', pagesDone: 1, draftsMade: 2 }), '3 ページ中 1 ページを読みました。下書き候補は 2 件です。');
  assert.equal(jobProgressText({ ...JOB, status: 'running', source: 'sitemap', pagesTotal: 0 }), 'サイトマップを読んでいます…');
  assert.equal(jobProgressText({ ...JOB, source: 'files' }), '3 ファイル中 3 ファイルを読みました。下書き候補は 5 件です。');
  assert.equal(jobResultText(JOB), '下書き候補を 5 件作りました。');
  assert.equal(
    jobResultText({ ...JOB, draftsSkipped: 2, draftsDiscarded: 1, failures: [{ source: 'https://a.jp/x', reason: 'HTTP 404' }] }),
    '下書き候補を 5 件作りました。同じページの同じ質問がすでに確認待ちにあるため、2 件は作りませんでした。AIモデルの案のうち 1 件は、ページで内容を確かめられなかったため除きました。1 件は読めませんでした（下に理由があります）。',
  );
  assert.equal(jobResultText({ ...JOB, status: 'failed', error: 'サイトマップを開けませんでした。' }), '下書き候補を作れませんでした。サイトマップを開けませんでした。');
});

test('a draft\'s form becomes the accept request: trimmed, alternates one a line', () => {
  const draft = { question: '住民票は？', alternates: ['住民票 取りたい'], answer: '市民課です。', category1: '', department: '' } as DraftView;
  const form = { ...draftForm(draft, '1201'), alternates: '住民票 取りたい\n\n 住民票 ほしい ', qaId: ' 1201 ' };
  assert.deepEqual(acceptRequest(form), { qaId: '1201', question: '住民票は？', alternates: ['住民票 取りたい', '住民票 ほしい'], answer: '市民課です。', category1: '', department: '' });
});
