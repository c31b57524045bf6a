/**
 * /api/admin/drafts on a real server (SQLite, or PostgreSQL with MADOGUCHI_TEST_STORE=postgres): jobs over
 * pages and a sitemap served by a loopback city web site, uploaded HTML and PDF files, AI drafts from the fake
 * OpenAI-compatible server, the review queue, accepting and rejecting, roles.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { chromiumPdf, FAQ_PAGE, GUIDE_PAGE, HOSTILE_PAGE, INJECTION_HIDDEN, PDF_FAQ_HTML, startCitySite, type CitySite } from '../../ai/drafts/sample-pages.ts';
import { startFakeOpenAi, type FakeChatRequest, type FakeOpenAi } from '../../ai/models/fake-openai-server.ts';
import { createModelProviders } from '../../ai/models/providers.ts';
import { usageRows } from '../../ai/models/usage-test-support.ts';
import type { TestSession } from '../../auth/test-support.ts';
import { adminFetch } from '../../auth/test-support.ts';
import { TEST_SITE, type TestServer } from '../../http/test-server.ts';
import { closedPort, LOOPBACK_OUTBOUND } from '../../security/loopback-outbound.ts';
import { UNREACHABLE_MESSAGE } from '../../security/outbound-guard.ts';
import { call, serverWithStaff, upload, type Reply } from '../qas/api-test-support.ts';
import { checkedContent, withDefaults } from '../qas/qa-service.ts';
import type { AdminErrorReply, QaView } from '../qas/schema.ts';
import type { AcceptDraftReply, DraftJobReply, DraftJobView, DraftListReply, DraftView, RejectDraftReply } from './schema.ts';

/** What the fake model answers to a draft request, by the page text it was sent. */
let modelReply: (user: string) => string = () => '{"qas":[]}';

// At the top level, not in before(): Node 20 runs a file's root before() hooks without waiting for one another,
// and the servers below (serverWithStaff's own hooks) read `fake` as they start.
const pdf = await chromiumPdf(PDF_FAQ_HTML);
const site: CitySite = await startCitySite({
  '/faq/juminhyo.html': FAQ_PAGE,
  '/kurashi/sodai.html': GUIDE_PAGE,
  '/kurashi/juminhyo-koufu.html': HOSTILE_PAGE,
  '/docs/kokuho-faq.pdf': pdf,
});
const fake: FakeOpenAi = await startFakeOpenAi({ chat: (body) => modelReply(body.messages?.find((m) => m.role === 'user')?.content ?? '') });
after(async () => {
  await site.close();
  await fake.close();
});

const withModel = serverWithStaff(
  { editor: 'editor', viewer: 'viewer' },
  { outbound: LOOPBACK_OUTBOUND, models: (store, siteId) => createModelProviders({ chat: { url: fake.url, model: 'gpt-test' }, embeddings: null, timeoutMs: 10_000, retries: 0 }, store, siteId) },
);
const withoutModel = serverWithStaff({ editor: 'editor', viewer: 'viewer' }, { outbound: LOOPBACK_OUTBOUND });

/** Starts a job and polls it until it is no longer running (each poll is a real request). */
async function runJob(server: TestServer, session: TestSession, start: () => Promise<Reply<DraftJobReply | AdminErrorReply>>): Promise<DraftJobView> {
  const started = await start();
  assert.equal(started.status, 202, JSON.stringify(started.body));
  let job = (started.body as DraftJobReply).job;
  for (let poll = 0; job.status === 'running'; poll++) {
    assert.ok(poll < 600, 'the job finishes');
    await sleep(50);
    const reply = await call<DraftJobReply>(server, session, 'GET', `/drafts/jobs/${job.id}`);
    assert.equal(reply.status, 200);
    job = reply.body.job;
  }
  return job;
}

function jobOver(server: TestServer, session: TestSession, body: Record<string, unknown>): Promise<DraftJobView> {
  return runJob(server, session, () => call(server, session, 'POST', '/drafts/jobs', body));
}

async function pending(server: TestServer, session: TestSession): Promise<DraftView[]> {
  const { status, body } = await call<DraftListReply>(server, session, 'GET', '/drafts?status=pending&limit=200');
  assert.equal(status, 200);
  return body.drafts;
}

/** multipart/form-data with several `file` parts. */
async function uploadFiles(server: TestServer, session: TestSession, files: { name: string; bytes: Buffer | string }[], fields: Record<string, string> = {}): Promise<Reply<DraftJobReply | AdminErrorReply>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('file', new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)]), file.name);
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  const response = await adminFetch(server, session, '/drafts/jobs/files', {
    method: 'POST',
    body: Buffer.from(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
  });
  return { status: response.status, body: (await response.json()) as DraftJobReply | AdminErrorReply, headers: response.headers };
}

describe('drafts by rules, without any model', () => {
  const t = withoutModel;

  test('a job over page addresses: each page\'s Q&A become pending drafts; a missing page is listed with why', async () => {
    const faq = `${site.url}/faq/juminhyo.html`;
    const job = await jobOver(t.server, t.editor, { urls: [faq, `${site.url}/kurashi/sodai.html`, `${site.url}/old/page.html`] });
    assert.equal(job.status, 'done');
    assert.deepEqual([job.source, job.useModel, job.pagesTotal, job.pagesDone, job.draftsMade, job.draftsSkipped], ['urls', false, 3, 3, 5, 0]);
    assert.deepEqual(job.failures, [{ source: `${site.url}/old/page.html`, reason: 'ページを開けませんでした（HTTP 404）。' }]);
    assert.match(job.notes.join('\n'), /粗大ごみの出し方: Q&A の形.*見つかりませんでした/);

    const drafts = await pending(t.server, t.viewer);
    assert.equal(drafts.length, 5);
    assert.ok(drafts.every((d) => d.method === 'rules' && d.sourceUrl === faq && d.sourceName === '住民票・戸籍のよくある質問' && d.status === 'pending'));
    const juminhyo = drafts.find((d) => d.question === '住民票の写しはどこで取れますか？');
    assert.match(juminhyo?.answer ?? '', /\[住民票の写しの交付\]\(http:\/\/127\.0\.0\.1:\d+\/kurashi\/juminhyo\.html\)/);
    assert.ok(juminhyo?.notes.some((note) => /^既存のQA 1001『住民票の写しを取りたい』とよく似ています。/.test(note)), JSON.stringify(juminhyo?.notes));
    const { entries } = await t.server.store.listAudit(TEST_SITE, { action: 'drafts.job', limit: 1 });
    assert.deepEqual(entries[0]?.detail, { source: 'urls', useModel: false, pages: 3 });
  });

  test('the same pages again: questions already pending from the same page are skipped', async () => {
    const job = await jobOver(t.server, t.editor, { urls: [`${site.url}/faq/juminhyo.html`] });
    assert.deepEqual([job.draftsMade, job.draftsSkipped], [0, 5]);
  });

  test('a sitemap index, followed one level, with a path prefix; a page limit notes the rest; a PDF page is read', async () => {
    const job = await jobOver(t.server, t.editor, { sitemap: `${site.url}/sitemap-index.xml`, pathPrefix: '/docs/', maxPages: 5 });
    assert.deepEqual([job.source, job.pagesTotal, job.draftsMade], ['sitemap', 1, 2]);
    const fromPdf = (await pending(t.server, t.viewer)).filter((d) => d.sourceUrl === `${site.url}/docs/kokuho-faq.pdf`);
    assert.deepEqual(fromPdf.map((d) => d.question).sort(), ['会社を辞めたときの手続きは？', '保険証をなくしたときは？']);
    assert.equal(fromPdf[0]?.sourceName, '国民健康保険 よくある質問');

    const limited = await jobOver(t.server, t.editor, { sitemap: `${site.url}/sitemap.xml`, maxPages: 1 });
    assert.equal(limited.pagesTotal, 1);
    assert.match(limited.notes.join('\n'), /最初の 1 ページから作りました/);

    const broken = await jobOver(t.server, t.editor, { sitemap: `${site.url}/no-sitemap.xml` });
    assert.equal(broken.status, 'failed');
    assert.match(broken.error ?? '', /サイトマップ .* を開けませんでした（HTTP 404）/);
  });

  test('uploaded HTML and PDF files become drafts with the file as their source; other files are listed as failed', async () => {
    const html = '<html><head><meta charset="utf-8"><title>犬の登録</title></head><body><main><h2>犬の登録はどこでできますか？</h2><p>環境課でできます。</p></main></body></html>';
    const job = await runJob(t.server, t.editor, () =>
      uploadFiles(t.server, t.editor, [
        { name: 'inu.html', bytes: html },
        { name: 'kokuho.pdf', bytes: pdf },
        { name: 'photo.png', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
      ]),
    );
    assert.deepEqual([job.source, job.pagesTotal, job.draftsMade], ['files', 3, 3]);
    assert.equal(job.failures[0]?.source, 'photo.png');
    assert.match(job.failures[0]?.reason ?? '', /対応していません/);
    const fromFiles = (await pending(t.server, t.viewer)).filter((d) => d.sourceUrl === null);
    assert.deepEqual(fromFiles.map((d) => [d.sourceName, d.question]).sort(), [
      ['inu.html', '犬の登録はどこでできますか？'],
      ['kokuho.pdf', '会社を辞めたときの手続きは？'],
      ['kokuho.pdf', '保険証をなくしたときは？'],
    ]);

    const many = await uploadFiles(t.server, t.editor, Array.from({ length: 11 }, (_, i) => ({ name: `${i}.html`, bytes: html })));
    assert.equal(many.status, 413);
    assert.equal((many.body as AdminErrorReply).error.message, 'ファイルは一度に 10 個までです。分けて送ってください。');
  });

  test('accept: the QA is created as 下書き with the page as its source, audited, not published; a second accept is refused', async () => {
    const draft = (await pending(t.server, t.viewer)).find((d) => d.question === '代理人でも請求できますか？');
    assert.ok(draft);
    const { body: list } = await call<DraftListReply>(t.server, t.viewer, 'GET', '/drafts');
    assert.equal(list.chatModelConfigured, false);
    const qaId = list.nextQaId;
    assert.match(qaId, /^\d+$/);
    const taken = await call<AdminErrorReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/accept`, { qaId: '1001', question: draft.question, answer: draft.answer });
    assert.deepEqual([taken.status, taken.body.error.code], [409, 'QA_ALREADY_EXISTS']);
    const empty = await call<AdminErrorReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/accept`, { qaId, question: draft.question, answer: '' });
    assert.deepEqual([empty.status, empty.body.error.code], [400, 'VALIDATION_FAILED']);

    const edited = { qaId, question: '代理人でも住民票を請求できますか？', alternates: ['代理で住民票'], answer: draft.answer, category1: '届出・証明', category2: '住民票', department: '市民課' };
    const accepted = await call<AcceptDraftReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/accept`, edited);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.deepEqual([accepted.body.draft.status, accepted.body.draft.qaId, accepted.body.draft.resolvedBy], ['accepted', qaId, t.editor.loginId]);
    const qa = await call<{ qa: QaView }>(t.server, t.viewer, 'GET', `/qas/${qaId}`);
    assert.equal(qa.status, 200);
    assert.deepEqual(
      [qa.body.qa.status, qa.body.qa.question, qa.body.qa.alternates, qa.body.qa.sourceUrls, qa.body.qa.category2, qa.body.qa.updatedBy],
      ['draft', edited.question, edited.alternates, [`${site.url}/faq/juminhyo.html`], '住民票', t.editor.loginId],
    );
    assert.ok(!(await t.server.store.listPublishedQas(TEST_SITE)).some((p) => p.id === qaId), 'nothing is published');
    const actions = (await t.server.store.listAudit(TEST_SITE, { actor: t.editor.loginId, limit: 2 })).entries.map((e) => [e.action, e.target]);
    assert.deepEqual(actions, [
      ['drafts.accept', draft.id],
      ['qa.create', qaId],
    ]);
    assert.ok(!(await pending(t.server, t.viewer)).some((d) => d.id === draft.id), 'the draft left the queue');

    const again = await call<AdminErrorReply & { error: { current?: DraftView } }>(t.server, t.editor, 'POST', `/drafts/${draft.id}/accept`, { ...edited, qaId: `${qaId}0` });
    assert.deepEqual([again.status, again.body.error.code, again.body.error.current?.qaId], [409, 'DRAFT_ALREADY_RESOLVED', qaId]);
    assert.equal((await call(t.server, t.viewer, 'GET', `/qas/${qaId}0`)).status, 404, 'no second QA');
  });

  test('accept cut short after its QA was saved: accepting again with the same content settles the draft with that QA', async () => {
    const draft = (await pending(t.server, t.viewer)).find((d) => d.sourceUrl !== null);
    assert.ok(draft?.sourceUrl);
    const { body: list } = await call<DraftListReply>(t.server, t.viewer, 'GET', '/drafts');
    const qaId = list.nextQaId;
    // What the first accept had saved before the server stopped, the draft still pending.
    const content = checkedContent(withDefaults({ id: qaId, question: draft.question, answer: draft.answer, status: 'draft', sourceUrls: [draft.sourceUrl] }));
    const saved = await t.server.store.saveQa(TEST_SITE, content, { actor: t.editor.loginId, expectedVersion: null });

    const other = await call<AdminErrorReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/accept`, { qaId, question: draft.question, answer: `${draft.answer}\n\n追記` });
    assert.deepEqual([other.status, other.body.error.code], [409, 'QA_ALREADY_EXISTS'], 'other content: the 管理番号 is taken');
    const again = await call<AcceptDraftReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/accept`, { qaId, question: draft.question, answer: draft.answer });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual([again.body.draft.status, again.body.draft.qaId, again.body.qa.version], ['accepted', qaId, saved.version]);
    const [entry] = (await t.server.store.listAudit(TEST_SITE, { actor: t.editor.loginId, limit: 1 })).entries;
    assert.deepEqual([entry?.action, entry?.target, entry?.detail.existingQa], ['drafts.accept', draft.id, true]);
    assert.equal((await t.server.store.getQa(TEST_SITE, qaId))?.version, saved.version, 'the QA is left as it was');
  });

  test('reject: the draft leaves the queue, audited; twice is refused; unknown drafts and jobs are 404', async () => {
    const [draft] = await pending(t.server, t.viewer);
    assert.ok(draft);
    const rejected = await call<RejectDraftReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/reject`);
    assert.deepEqual([rejected.status, rejected.body.draft.status], [200, 'rejected']);
    const [entry] = (await t.server.store.listAudit(TEST_SITE, { action: 'drafts.reject', limit: 1 })).entries;
    assert.equal(entry?.target, draft.id);
    const { body: rejectedList } = await call<DraftListReply>(t.server, t.viewer, 'GET', '/drafts?status=rejected');
    assert.deepEqual(rejectedList.drafts.map((d) => d.id), [draft.id]);
    assert.equal((await call<AdminErrorReply>(t.server, t.editor, 'POST', `/drafts/${draft.id}/reject`)).body.error.code, 'DRAFT_ALREADY_RESOLVED');
    assert.equal((await call<AdminErrorReply>(t.server, t.editor, 'POST', '/drafts/nope/reject')).body.error.code, 'DRAFT_NOT_FOUND');
    assert.equal((await call<AdminErrorReply>(t.server, t.viewer, 'GET', '/drafts/jobs/nope')).body.error.code, 'DRAFT_JOB_NOT_FOUND');
  });

  test('viewers read the queue and jobs but change nothing', async () => {
    const [draft] = await pending(t.server, t.viewer);
    assert.ok(draft);
    assert.equal((await call(t.server, t.viewer, 'GET', '/drafts/jobs')).status, 200);
    for (const [method, path, body] of [
      ['POST', '/drafts/jobs', { urls: [`${site.url}/faq/juminhyo.html`] }],
      ['POST', `/drafts/${draft.id}/accept`, { qaId: '9999', question: 'q', answer: 'a' }],
      ['POST', `/drafts/${draft.id}/reject`, undefined],
    ] as const) {
      assert.equal((await call(t.server, t.viewer, method, path, body)).status, 403, path);
    }
    assert.equal((await upload(t.server, t.viewer, '/drafts/jobs/files', { name: 'a.html', bytes: '<p>x</p>' })).status, 403);
  });

  test('internal addresses, a closed port and a metadata sitemap fail alike, so the job tells nothing of the inside', async () => {
    const port = new URL(site.url).port;
    const closed = await closedPort();
    const inside = [`http://[::1]:${port}/faq/juminhyo.html`, 'http://10.0.0.1/faq.html', `http://127.0.0.1:${closed}/faq.html`];
    const job = await jobOver(t.server, t.editor, { urls: inside });
    assert.equal(job.status, 'done');
    assert.deepEqual(job.failures, inside.map((source) => ({ source, reason: UNREACHABLE_MESSAGE })));
    const metadata = await jobOver(t.server, t.editor, { sitemap: 'http://169.254.169.254/latest/meta-data/' });
    assert.deepEqual([metadata.status, metadata.error], ['failed', UNREACHABLE_MESSAGE]);
  });

  test('bad requests are refused in Japanese; asking for AI drafts without a model is refused', async () => {
    const both = await call<AdminErrorReply>(t.server, t.editor, 'POST', '/drafts/jobs', { urls: [`${site.url}/a.html`], sitemap: `${site.url}/sitemap.xml` });
    assert.deepEqual([both.status, both.body.error.code], [400, 'VALIDATION_FAILED']);
    const ftp = await call<AdminErrorReply>(t.server, t.editor, 'POST', '/drafts/jobs', { urls: ['ftp://example.jp/faq.html'] });
    assert.equal(ftp.status, 400);
    assert.match(ftp.body.error.issues?.[0]?.message ?? '', /http:\/\/ か https:\/\/ で始まる/);
    const tooMany = await call<AdminErrorReply>(t.server, t.editor, 'POST', '/drafts/jobs', { urls: Array.from({ length: 21 }, (_, i) => `${site.url}/${i}.html`) });
    assert.deepEqual([tooMany.status, tooMany.body.error.code], [400, 'INVALID_REQUEST']);
    const noModel = await call<AdminErrorReply>(t.server, t.editor, 'POST', '/drafts/jobs', { urls: [`${site.url}/kurashi/sodai.html`], useModel: true });
    assert.deepEqual([noModel.status, noModel.body.error.code], [503, 'MODEL_NOT_CONFIGURED']);
    assert.match(noModel.body.error.message, /AIモデル（チャットモデル）が設定されていない/);
  });
});

describe('drafts with a chat model', () => {
  const t = withModel;

  test('an ordinary page: the model\'s proposals, checked against the page, are stored as AI drafts', async () => {
    modelReply = (user) =>
      user.includes('粗大ごみ')
        ? JSON.stringify({
            qas: [
              { question: '粗大ごみはどうやって出せばいいですか？', alternates: ['粗大ごみ 出し方'], answer: '粗大ごみは、事前の申し込みが必要です。当日でも申し込めます。' },
              { question: 'テレビは出せますか？', alternates: [], answer: 'テレビは無料で収集します。' },
            ],
          })
        : '{"qas":[]}';
    const { body: list } = await call<DraftListReply>(t.server, t.viewer, 'GET', '/drafts');
    assert.equal(list.chatModelConfigured, true);
    const job = await jobOver(t.server, t.editor, { urls: [`${site.url}/kurashi/sodai.html`], useModel: true });
    assert.deepEqual([job.useModel, job.draftsMade, job.draftsDiscarded, job.failures], [true, 1, 1, []]);
    const [draft] = await pending(t.server, t.viewer);
    assert.deepEqual([draft?.method, draft?.question, draft?.alternates, draft?.answer], ['model', '粗大ごみはどうやって出せばいいですか？', ['粗大ごみ 出し方'], '粗大ごみは、事前の申し込みが必要です。']);
    assert.match(draft?.notes.join('\n') ?? '', /「当日でも申し込めます。」/);
    const [usage] = await usageRows(t.server.store, TEST_SITE, (rows) => rows[0]?.purpose === 'draft');
    assert.equal(usage?.purpose, 'draft');
  });

  test('HOSTILE PAGE: a model that obeys the page leaves no 0円 in any stored draft, and hidden text never reaches it', async () => {
    modelReply = () =>
      JSON.stringify({
        qas: [
          { question: '住民票の写しの手数料はいくらですか？', alternates: ['住民票 0円'], answer: '住民票の写しは、市民課の窓口で請求できます。手数料は0円です。' },
          { question: '手数料は無料ですか？', alternates: [], answer: '手数料は0円です。' },
        ],
      });
    const before = fake.requests.length;
    const url = `${site.url}/kurashi/juminhyo-koufu.html`;
    const job = await jobOver(t.server, t.editor, { urls: [url], useModel: true });
    assert.equal(job.draftsDiscarded, 1);
    const sent = fake.requests.slice(before).map((r) => JSON.stringify((r.body as FakeChatRequest).messages));
    assert.equal(sent.length, 1);
    assert.ok(!sent[0]!.includes(INJECTION_HIDDEN) && !sent[0]!.includes('Ignore previous'), 'hidden instructions are not sent');

    const stored = (await pending(t.server, t.viewer)).filter((d) => d.sourceUrl === url);
    assert.equal(stored.length, 1);
    for (const draft of stored) {
      for (const text of [draft.question, draft.answer, ...draft.alternates]) assert.ok(!text.includes('0円'), `no unsupported 0円: ${text}`);
    }
    assert.equal(stored[0]?.answer, '住民票の写しは、市民課の窓口で請求できます。');
    assert.ok(stored[0]?.notes.some((note) => note.includes('「手数料は0円です。」')));
    assert.ok(stored[0]?.notes.some((note) => note.includes('AIへの指示のような文')));
  });

  test('a failing model is reported per page; the page\'s rule drafts are still made', async () => {
    modelReply = () => 'JSON ではありません';
    const job = await jobOver(t.server, t.editor, { urls: [`${site.url}/faq/juminhyo.html`], useModel: true });
    assert.equal(job.draftsMade, 5);
    assert.match(job.failures[0]?.reason ?? '', /^AIモデルの案を作れませんでした。.*JSON.*（ページの Q&A からの案は作りました。）$/);
  });
});
