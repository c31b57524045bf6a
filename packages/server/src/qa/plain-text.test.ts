import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToPlainText } from './plain-text.ts';

test('Markdown answers give their words, without link targets or image addresses', () => {
  const text = markdownToPlainText('詳しくは[こちら](https://example.jp/a)をご覧ください。\n\n- **本人確認書類**\n\n![地図](/files/map.png)');
  assert.match(text, /詳しくは こちら をご覧ください。/);
  assert.match(text, /本人確認書類/);
  assert.match(text, /地図/);
  assert.doesNotMatch(text, /example\.jp|map\.png|\*\*/);
});

test('HTML answers imported from other systems are indexed by their text', () => {
  const text = markdownToPlainText('<p>住民票の写しは<a href="/x">市民課</a>で請求できます。<br>土日は&nbsp;休みです。</p>\n<ul><li>本人確認書類</li></ul>');
  assert.match(text, /住民票の写しは市民課で請求できます。/);
  assert.match(text, /本人確認書類/);
  assert.doesNotMatch(text, /<|href|&nbsp;/);
});
