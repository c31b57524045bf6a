import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHtml, pdfText } from '../sources/page-text.ts';
import { MAX_DRAFT_ANSWER_CHARS } from './answer-markdown.ts';
import { cleanQuestion, htmlRuleDrafts, readsAsQuestion, startsWithQuestionMark, textRuleDrafts } from './rule-drafts.ts';
import { chromiumPdf, FAQ_PAGE, GUIDE_PAGE, PDF_FAQ_HTML } from './sample-pages.ts';

const BASE = 'https://www.city.madoguchi.example.jp/faq/juminhyo.html';

function drafts(html: string) {
  return htmlRuleDrafts(parseHtml(html, { baseUrl: BASE }));
}

describe('question marks and questions', () => {
  test('Q marks with numbers, brackets and full-width forms are recognised; words that merely start alike are not', () => {
    for (const text of ['Q1．住民票は？', 'Ｑ：住民票は？', '【Q】住民票', '問3 戸籍は', '質問：転入は', 'Q 住民票', 'Q住民票は？', '(Q2) 住民票']) assert.ok(startsWithQuestionMark(text), text);
    for (const text of ['問い合わせ先', '質問があります', 'QRコードで申請', 'Q&Aの一覧', 'Quick']) assert.ok(!startsWithQuestionMark(text), text);
  });

  test('cleanQuestion removes marks and numbering', () => {
    assert.equal(cleanQuestion('Ｑ３．住民票の写しはどこで取れますか？'), '住民票の写しはどこで取れますか？');
    assert.equal(cleanQuestion('【質問】 転入届は いつまでですか'), '転入届は いつまでですか');
    assert.equal(cleanQuestion('（2）代理人でも申請できますか'), '代理人でも申請できますか');
    assert.equal(cleanQuestion('1. 印鑑登録はできますか？'), '印鑑登録はできますか？');
  });

  test('readsAsQuestion: a question mark, a question\'s か, or a Q mark', () => {
    for (const text of ['粗大ごみはどう出せばよいですか', '手数料はいくら？', '予約は必要ですか。', 'Q 住民票']) assert.ok(readsAsQuestion(text), text);
    for (const text of ['粗大ごみの出し方', '申請書・届出書のほか', '手数料について']) assert.ok(!readsAsQuestion(text), text);
  });
});

describe('htmlRuleDrafts', () => {
  test('a CMS よくある質問 page: question headings, Q/A paragraphs, a <dl> and <details>, links made absolute', () => {
    const found = drafts(FAQ_PAGE);
    assert.deepEqual(
      found.map((d) => d.question),
      ['本籍地が遠いときはどうすればよいですか？', '転籍届はいつまでに出せばよいですか？', '住民票の写しはどこで取れますか？', '代理人でも請求できますか？', '戸籍謄本は郵送で請求できますか。'],
    );
    const byQuestion = new Map(found.map((d) => [d.question, d.answer]));
    assert.equal(
      byQuestion.get('住民票の写しはどこで取れますか？'),
      '市民課（市役所本庁舎1階）の窓口で取れます。\n\n- 手数料：1通300円\n- 受付時間：平日8時30分から17時15分\n\n詳しくは[住民票の写しの交付](https://www.city.madoguchi.example.jp/kurashi/juminhyo.html)をご覧ください。',
    );
    assert.equal(byQuestion.get('戸籍謄本は郵送で請求できますか。'), '郵送で請求できます。手数料は1通450円で、定額小為替で納めてください。');
    assert.equal(byQuestion.get('転籍届はいつまでに出せばよいですか？'), '届出の期限はありません。届け出た日から効力が生じます。');
    assert.ok(!found.some((d) => d.question.includes('印鑑登録')), 'the side bar is not content');
    assert.ok(found.every((d) => d.notes.length === 0));
  });

  test('schema.org FAQPage JSON-LD, also inside @graph, with HTML answers', () => {
    const jsonLd = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', name: 'ごみ' },
        {
          '@type': 'FAQPage',
          mainEntity: [
            { '@type': 'Question', name: '粗大ごみの申し込み方法は？', acceptedAnswer: { '@type': 'Answer', text: '<p>受付センターに<strong>電話</strong>で申し込んでください。<a href="/gomi/sodai.html">詳しく</a></p>' } },
            { '@type': 'Question', name: '', acceptedAnswer: { text: '質問のない答え' } },
          ],
        },
      ],
    };
    const found = drafts(`<html><head><script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head><body><p>ごみのページ</p></body></html>`);
    assert.deepEqual(found, [
      { question: '粗大ごみの申し込み方法は？', answer: '受付センターに**電話**で申し込んでください。[詳しく](https://www.city.madoguchi.example.jp/gomi/sodai.html)', notes: [] },
    ]);
  });

  test('a list of Q&A items, and Q and A in one paragraph separated by a line break', () => {
    const found = drafts(`<main>
      <ul class="faq"><li><p>Q．ごみの収集日は？</p><p>A．地区ごとに決まっています。</p></li><li><p>Q．分別の方法は？</p><p>A．ごみ分別アプリで調べられます。</p></li></ul>
      <p>問1 犬の登録はどこでできますか。<br>答 環境課でできます。<br>問2 狂犬病の予防注射はいつですか。<br>答 毎年4月です。</p>
    </main>`);
    assert.deepEqual(
      found.map((d) => [d.question, d.answer]),
      [
        ['ごみの収集日は？', '地区ごとに決まっています。'],
        ['分別の方法は？', 'ごみ分別アプリで調べられます。'],
        ['犬の登録はどこでできますか。', '環境課でできます。'],
        ['狂犬病の予防注射はいつですか。', '毎年4月です。'],
      ],
    );
  });

  test('a question heading takes its sub-headings and stops at the next heading of its level, across wrappers', () => {
    const found = drafts(`<main>
      <section><h2>転入届はどこに出しますか？</h2><div><p>市民課に出してください。</p></div></section>
      <section><h3>必要なもの</h3><ul><li>本人確認書類</li></ul></section>
      <h2>関連情報</h2><p>転出届もご覧ください。</p>
    </main>`);
    assert.deepEqual(found, [{ question: '転入届はどこに出しますか？', answer: '市民課に出してください。\n\n#### 必要なもの\n\n- 本人確認書類', notes: [] }]);
  });

  test('a page without Q&A structure gives no drafts; relative links without a base keep only their words', () => {
    assert.deepEqual(drafts(GUIDE_PAGE), []);
    // An uploaded file has no address to resolve against.
    const [upload] = htmlRuleDrafts(parseHtml('<main><h2>Q．申請書はどこにありますか？</h2><p><a href="/forms/a.pdf">申請書</a>をご利用ください。<a href="javascript:alert(1)">危ない</a></p></main>'));
    assert.equal(upload?.answer, '申請書をご利用ください。危ない');
  });

  test('a very long answer is cut at a paragraph, with a note', () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>${i + 1}番目の段落です。${'説明が続きます。'.repeat(10)}</p>`).join('');
    const [long] = drafts(`<main><h2>長い説明はありますか？</h2>${paragraphs}</main>`);
    assert.ok(long && [...long.answer].length <= MAX_DRAFT_ANSWER_CHARS);
    assert.ok(long.answer.endsWith('説明が続きます。'));
    assert.match(long.notes[0] ?? '', /回答が長いため/);
  });
});

describe('textRuleDrafts', () => {
  test('Q/A lines of a PDF: wrapped lines joined, page numbers left out, bullets as a list', () => {
    const text = ['よくある質問', 'Q1．住民票の写しはどこで', '取れますか？', 'A．市民課の窓口で取れます。手数料は', '1通300円です。', '- 2 -', 'Q2．代理人でも取れますか？', 'A．委任状があれば取れます。', '・本人確認書類', '・委任状', '問い合わせ先：市民課'].join('\n');
    assert.deepEqual(textRuleDrafts(text), [
      { question: '住民票の写しはどこで取れますか？', answer: '市民課の窓口で取れます。手数料は1通300円です。', notes: [] },
      { question: '代理人でも取れますか？', answer: '委任状があれば取れます。\n\n- 本人確認書類\n- 委任状\n\n問い合わせ先：市民課', notes: [] },
    ]);
  });

  test('a real PDF printed by Chromium: its questions and answers come out whole', async () => {
    const { text } = await pdfText(await chromiumPdf(PDF_FAQ_HTML));
    assert.deepEqual(textRuleDrafts(text), [
      { question: '会社を辞めたときの手続きは？', answer: '退職した日の翌日から14日以内に、保険年金課で加入の届出をしてください。', notes: [] },
      { question: '保険証をなくしたときは？', answer: '保険年金課で再交付を申請してください。', notes: [] },
    ]);
  });
});
