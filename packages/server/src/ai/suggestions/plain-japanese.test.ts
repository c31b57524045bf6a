import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatCompletionRequest, ChatModel } from '../models/models.ts';
import { markdownLinks } from './markdown-links.ts';
import { screenRewrites, suggestPlainJapanese } from './plain-japanese.ts';
import { DATA_END, DATA_START } from './prompt-data.ts';

const ANSWER = [
  '住民票の写しは、[市民課の窓口](https://city.example.jp/shimin.html)で請求していただけます。',
  '',
  '- 手数料は1通300円でございます。',
  '- 受付時間は平日の8時30分から17時15分までです。',
  '',
  'お問い合わせは{{代表電話番号}}、または[問い合わせフォーム](https://city.example.jp/form)へ。',
].join('\n');

const FAITHFUL = [
  '住民票の写しは、[市民課の窓口](https://city.example.jp/shimin.html)で もらえます。',
  '',
  '- お金は 1通 300円 です。',
  '- 平日の 8時30分から 17時15分まで です。',
  '',
  'しつもんが ある ときは {{代表電話番号}} に 電話して ください。[問い合わせフォーム](https://city.example.jp/form)も あります。',
].join('\n');

describe('markdownLinks', () => {
  test('finds links, images, bare URLs and HTML addresses, each once', () => {
    const markdown = '[申請](https://a.jp/x) と https://a.jp/y\n\n- ![地図](https://a.jp/m.png)\n- [もう一度](https://a.jp/x)\n\n<a href="https://h.jp/z">z</a>';
    assert.deepEqual(markdownLinks(markdown), ['https://a.jp/x', 'https://a.jp/y', 'https://a.jp/m.png', 'https://h.jp/z']);
  });
});

describe('screenRewrites', () => {
  test('a faithful rewrite is suggested without notes', () => {
    assert.deepEqual(screenRewrites([FAITHFUL], ANSWER), { suggestions: [{ text: FAITHFUL, notes: [] }], dropped: [] });
  });

  test('a rewrite inventing 「0円」 or 「無料」 is left out with the reason', () => {
    const invented = FAITHFUL.replace('1通 300円', '0円');
    const free = `${FAITHFUL}\n\n住民票は 無料 です。`;
    const result = screenRewrites([invented, free], ANSWER);
    assert.deepEqual(result.suggestions, []);
    assert.deepEqual(result.dropped, [
      { text: invented, reason: '元の回答にない内容（0円）が含まれています。' },
      { text: free, reason: '元の回答にない内容（無料）が含まれています。' },
    ]);
  });

  test('a rewrite with a link or a placeholder the original lacks is left out', () => {
    const newLink = FAITHFUL.replace('https://city.example.jp/form', 'https://evil.example.com/form');
    const newPlaceholder = `${FAITHFUL}\n{{市長名}}`;
    const result = screenRewrites([newLink, newPlaceholder], ANSWER);
    assert.deepEqual(result.suggestions, []);
    assert.equal(result.dropped[0]?.reason, '元の回答にないリンク（https://evil.example.com/form）が含まれています。');
    assert.equal(result.dropped[1]?.reason, '元の回答にない差し込み（{{市長名}}）が含まれています。');
  });

  test('a rewrite that lost a link, a placeholder or a number is suggested with a note for each', () => {
    const lost = [
      '住民票の写しは、市民課の窓口で もらえます。',
      '- お金は 1通 300円 です。',
      '- 平日の 8時30分から です。',
      '[問い合わせフォーム](https://city.example.jp/form)も あります。',
    ].join('\n');
    const [suggestion] = screenRewrites([lost], ANSWER).suggestions;
    assert.deepEqual(suggestion?.notes, [
      '元の回答のリンク（https://city.example.jp/shimin.html）がありません。採用する前に確かめてください。',
      '元の回答の差し込み（{{代表電話番号}}）がありません。採用する前に確かめてください。',
      '元の回答の数（17時、15分）がありません。採用する前に確かめてください。',
    ]);
  });

  test('a rewrite that turned a negative sentence positive is suggested with a note', () => {
    const [suggestion] = screenRewrites(['ゆうびんで もうしこみが できます。'], '郵送では申し込みできません。').suggestions;
    assert.deepEqual(suggestion?.notes, ['元の回答の「〜ません」「〜できない」などの文（1つ）が、案では0つです。意味が逆になっていないか、採用する前に確かめてください。']);
    const [kept] = screenRewrites(['ゆうびんでは もうしこみが できません。'], '郵送では申し込みできません。').suggestions;
    assert.deepEqual(kept?.notes, []);
  });

  test('repeats of the original or of each other, empty variants and a third variant are left out', () => {
    const second = FAITHFUL.replace('もらえます。', 'もらう ことが できます。');
    const third = FAITHFUL.replace('もらえます。', 'とれます。');
    const result = screenRewrites([ANSWER, '', FAITHFUL, `${FAITHFUL}\n`, second, third], ANSWER);
    assert.deepEqual(
      result.suggestions.map((s) => s.text),
      [FAITHFUL, second],
    );
    assert.deepEqual(
      result.dropped.map((d) => d.reason),
      ['元の回答と同じです。', 'ほかの案と同じです。', '一度に出す案は 2 つまでです。'],
    );
  });
});

describe('suggestPlainJapanese', () => {
  test('sends the Markdown answer as data and screens the variants', async () => {
    const requests: ChatCompletionRequest[] = [];
    const model: ChatModel = {
      model: 'scripted',
      complete(request) {
        requests.push(request);
        return Promise.resolve({ text: JSON.stringify({ variants: [FAITHFUL, FAITHFUL.replace('1通 300円', '0円')] }), model: 'scripted', inputTokens: 1, outputTokens: 1 });
      },
    };
    const result = await suggestPlainJapanese(model, { question: '住民票の写しがほしい', alternates: [], answer: ANSWER });
    assert.deepEqual(
      result.suggestions.map((s) => s.text),
      [FAITHFUL],
    );
    assert.equal(result.dropped.length, 1);
    assert.equal(requests[0]?.purpose, 'suggestion');
    const user = requests[0]?.messages.find((m) => m.role === 'user')?.content ?? '';
    const data = JSON.parse(user.slice(user.indexOf(DATA_START) + DATA_START.length, user.indexOf(DATA_END))) as Record<string, unknown>;
    assert.deepEqual(data, { question: '住民票の写しがほしい', answer: ANSWER });
  });
});
