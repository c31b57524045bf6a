/**
 * The one HTML page of the staff console. Every /admin/… address answers with it; the script then shows
 * the screen for the address (client-side routing). Nothing inline, so a CSP without 'unsafe-inline' holds.
 */

/** What the console may load: its own script, style and API; images from https for answer previews. */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * `preload`: the chunks app.js imports at start (buildAdmin's initialChunks), fetched alongside it rather
 * than after it.
 *
 * @example reply.type('text/html; charset=utf-8').header('content-security-policy', ADMIN_CSP).send(adminShell(built.initialChunks))
 */
export function adminShell(preload: readonly string[] = []): string {
  const preloads = preload.map((address) => `<link rel="modulepreload" href="/admin/${address}">\n`).join('');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>管理画面 | 窓口</title>
<link rel="icon" href="/assets/avatar.svg">
<link rel="stylesheet" href="/admin/app.css">
<script type="module" src="/admin/app.js"></script>
${preloads}</head>
<body>
<div id="app">
<noscript><p>管理画面を使うには、ブラウザーの JavaScript を有効にしてください。</p></noscript>
<p class="boot">管理画面を読み込んでいます…</p>
</div>
</body>
</html>
`;
}
