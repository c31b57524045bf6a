/**
 * The HTML pages the server renders itself: the full-page chat a city links from its homepage (R3) and a
 * sample city page showing the embedded widget. Both only load /widget.js; the widget does the rest.
 */
import type { CharacterSettings } from '../character/character.ts';
import type { CityFacts } from '../qa/placeholders.ts';

/** Everything interpolated into the pages passes through here. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function chatTitle(character: CharacterSettings, facts: CityFacts): string {
  return `${facts['市名'] ?? ''} AIチャットボット「${character.name}」`.trim();
}

/** Shown when script is off (R1): what the page is and how else to get help. */
function noScriptMessage(facts: CityFacts): string {
  const phone = facts['代表電話番号'];
  const home = facts['市ホームページ'];
  return [
    '<noscript><p>このチャットを使うには、ブラウザーの JavaScript を有効にしてください。',
    phone ? ` お急ぎの方は、${escapeHtml(phone)} へお電話ください。` : '',
    home ? ` <a href="${escapeHtml(home)}">市のホームページ</a>でも各種の手続きをご案内しています。` : '',
    '</p><p lang="en">Please enable JavaScript to use this chat.</p></noscript>',
  ].join('');
}

/**
 * @example chatPage(character, facts) // '<!doctype html><html lang="ja">…<script src="/widget.js" data-mode="page" defer></script>…'
 */
export function chatPage(character: CharacterSettings, facts: CityFacts): string {
  const title = chatTitle(character, facts);
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="${escapeHtml(character.themeColor)}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${escapeHtml(character.avatarUrl)}">
<link rel="stylesheet" href="/assets/chat-page.css">
<script src="/widget.js" data-mode="page" defer></script>
</head>
<body>
<main id="madoguchi-chat" aria-label="${escapeHtml(title)}">
${noScriptMessage(facts)}
</main>
</body>
</html>
`;
}

/**
 * A sample page of a fictional city site with the widget embedded the way a city embeds it.
 *
 * @example demoPage(character, facts)
 */
export function demoPage(character: CharacterSettings, facts: CityFacts): string {
  const city = escapeHtml(facts['市名'] ?? '〇〇市');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${city} 公式ホームページ（見本）</title>
</head>
<body>
<header><h1>${city} 公式ホームページ（見本）</h1></header>
<main>
<p>このページは、市のホームページに ${escapeHtml(character.name)} のチャットを埋め込んだ見本です。右下のボタンから質問できます。</p>
<p>埋め込むには、ページに次の 1 行を加えます。</p>
<pre><code>&lt;script src="（このサーバーのアドレス）/widget.js" defer&gt;&lt;/script&gt;</code></pre>
<p><a href="/chat">チャットを全画面で開く</a></p>
</main>
<script src="/widget.js" defer></script>
</body>
</html>
`;
}
