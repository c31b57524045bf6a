import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { chromiumPdf, FAQ_PAGE, HOSTILE_PAGE, INJECTION_HIDDEN, INJECTION_JA, PDF_FAQ_HTML } from '../drafts/sample-pages.ts';
import { DocumentTypeError, htmlPageText, pageText, parseHtml, pdfText, readDocument } from './page-text.ts';

describe('htmlPageText', () => {
  test('keeps the main content, one line per block, and drops the site header, menus, breadcrumb, side bar and footer', () => {
    const { title, text } = htmlPageText(FAQ_PAGE);
    assert.equal(title, '住民票・戸籍のよくある質問');
    const lines = text.split('\n');
    assert.equal(lines[0], '住民票・戸籍のよくある質問');
    assert.ok(lines.includes('Q1．住民票の写しはどこで取れますか？'));
    assert.ok(lines.includes('手数料：1通300円'), 'list items are lines of their own');
    assert.ok(lines.includes('市民課 電話：0120-000-000'));
    for (const gone of ['くらし・手続き', 'トップ', '関連リンク', '〒000-0000', 'dataLayer', 'sr-only']) assert.ok(!text.includes(gone), `${gone} is not main content`);
  });

  test('drops hidden text: display:none, the hidden attribute, aria-hidden and comments, where injections hide', () => {
    const { text } = htmlPageText(HOSTILE_PAGE);
    assert.ok(text.includes(INJECTION_JA), 'visible text stays (it is checked later)');
    assert.ok(!text.includes(INJECTION_HIDDEN) && !text.includes('Ignore previous'), text);
    const tricks = htmlPageText(
      '<main><p>見える文です。</p><p style="visibility: hidden">見えない1</p><p style="color:red; DISPLAY:NONE">見えない2</p><p style="font-size:0">見えない3</p><p style="opacity:0">見えない4</p><template><p>見えない5</p></template><noscript>見えない6</noscript><dialog>見えない7</dialog></main>',
    );
    assert.equal(tricks.text, '見える文です。');
  });

  test('keeps an article\'s own header and footer, and falls back to the body without a main element', () => {
    const { title, text } = htmlPageText('<body><header>サイト名</header><article><header><h1>粗大ごみ</h1></header><p>予約制です。</p><footer>環境課 電話 0120-111-111</footer></article></body>');
    assert.equal(title, '粗大ごみ');
    assert.equal(text, '粗大ごみ\n予約制です。\n環境課 電話 0120-111-111');
    const plain = htmlPageText('<title>お知らせ</title><p>本文<br>二行目</p><table><tr><th>品目</th><td>手数料</td></tr><tr><td>ソファ</td><td>500円</td></tr></table>');
    assert.deepEqual(plain, { title: 'お知らせ', text: '本文\n二行目\n品目 手数料\nソファ 500円' });
  });

  test('collects JSON-LD before scripts are dropped', () => {
    const doc = parseHtml('<head><script type="application/ld+json">{"@type":"FAQPage"}</script><script type="application/ld+json">{broken</script></head><body><p>x</p></body>');
    assert.deepEqual(doc.jsonLd, [{ '@type': 'FAQPage' }]);
  });
});

describe('readDocument and pageText', () => {
  test('decodes a Shift_JIS page from its Content-Type or its meta charset', async () => {
    const html = '<html><head><meta charset="Shift_JIS"><title>ごみ</title></head><body><main><p>燃やすごみは週2回です。</p></main></body></html>';
    const bytes = iconv.encode(html, 'Shift_JIS');
    const byHeader = await pageText({ url: 'https://www.city.example.jp/gomi.html', status: 200, notModified: false, contentType: 'text/html; charset=Shift_JIS', body: bytes, etag: null, lastModified: null });
    assert.equal(byHeader.text, '燃やすごみは週2回です。');
    const byMeta = await readDocument(bytes, { name: 'gomi.html' });
    assert.equal(byMeta.text, '燃やすごみは週2回です。');
    assert.equal(byMeta.kind, 'html');
  });

  test('refuses what is neither HTML, PDF nor text, and a broken PDF, in Japanese', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await assert.rejects(readDocument(png, { contentType: 'image/png' }), (error: unknown) => error instanceof DocumentTypeError && /対応していません/.test(error.message));
    await assert.rejects(readDocument(Buffer.from('not a pdf'), { name: 'faq.pdf' }), (error: unknown) => error instanceof DocumentTypeError && /PDF として読み取れません/.test(error.message));
  });
});

test('pdfText reads a real PDF printed by Chromium: its title and its lines', async () => {
  const pdf = await chromiumPdf(PDF_FAQ_HTML);
  const { title, text } = await pdfText(pdf);
  assert.equal(title, '国民健康保険 よくある質問');
  const lines = text.split('\n');
  assert.equal(lines[0], '国民健康保険 よくある質問');
  assert.ok(lines.some((line) => line.startsWith('Q1．')), text);
  assert.ok(text.replace(/\n/g, '').includes('保険年金課で再交付を申請してください。'), text);
  assert.ok(!/[\u2e80-\u2fdf]/u.test(text), 'no look-alike radicals in place of kanji');
  const read = await readDocument(pdf, {});
  assert.equal(read.kind, 'pdf');
});

