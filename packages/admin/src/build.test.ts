import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildAdmin } from './build.ts';
import { ADMIN_CSP, adminShell } from './shell.ts';

const gzipped = (text: string) => gzipSync(text).length;

test('the console bundles into a small entry script, hashed chunks and one style sheet, with nothing a strict CSP blocks', async () => {
  const { js, css, chunks, initialChunks } = await buildAdmin();
  const initial = gzipped(js) + initialChunks.reduce((sum, address) => sum + gzipped(chunks.get(address) ?? ''), 0);
  assert.ok(initial < 90 * 1024, `app.js and the chunks it imports at start are ${initial} bytes gzipped`);
  const largest = Math.max(...[...chunks.values()].map(gzipped));
  assert.ok(largest < 60 * 1024, `the largest chunk is ${largest} bytes gzipped`);

  assert.ok(initialChunks.length > 0 && initialChunks.every((address) => chunks.has(address)));
  for (const address of chunks.keys()) assert.match(address, /^chunks\/[a-z-]+-[A-Z0-9]{8}\.js$/, 'chunk names carry a hash of their content');
  // Chart.js (recognised by a bar option of its own) comes only with the chart screens.
  assert.ok([...chunks.values()].some((script) => /borderSkipped/.test(script)));
  assert.doesNotMatch(js, /borderSkipped/, 'Chart.js is not in app.js');
  for (const address of initialChunks) assert.doesNotMatch(chunks.get(address) ?? '', /borderSkipped/, `Chart.js is not in ${address}`);
  assert.ok([...chunks.keys()].some((address) => address.startsWith('chunks/statistics-')));
  assert.ok([...chunks.keys()].some((address) => address.startsWith('chunks/monthly-report-')));

  for (const [name, script] of [['app.js', js], ...chunks] as const) {
    // Modules load only our own chunks, by relative address.
    const specifiers = [...script.matchAll(/\bimport\s*\{[^}]*\}\s*from\s*"([^"]*)"|\bimport\s*\(\s*"([^"]*)"\s*\)/g)].map((found) => found[1] ?? found[2]);
    for (const specifier of specifiers) {
      assert.match(specifier ?? '', /^\.\/(chunks\/)?[a-z-]+-[A-Z0-9]{8}\.js$/, `${name} imports ${specifier}`);
      assert.ok(chunks.has(new URL(specifier ?? '', `https://city.example/admin/${name}`).pathname.slice('/admin/'.length)), `${name} imports ${specifier}, which was built`);
    }
    assert.doesNotMatch(script, /\bimport\s*\(\s*[^"\s]/, `${name}: no import of a computed address`);
    assert.doesNotMatch(script, /\brequire\(/, name);
    assert.doesNotMatch(script, /\beval\(|new Function\(/, name);
    assert.doesNotMatch(script, /typebox|better-sqlite3|fastify/i, `${name}: server code must not be bundled (types only)`);
  }
  assert.match(css, /--primary/);
  assert.doesNotMatch(css, /@import|url\(\s*['"]?https?:/, 'the style loads nothing from elsewhere');
});

test('the shell is Japanese and inline-free, loads app.js as a module and preloads its chunks; the CSP allows only our own resources', () => {
  const html = adminShell(['chunks/chunk-ABCDEFGH.js']);
  assert.match(html, /<html lang="ja">/);
  assert.match(html, /<script type="module" src="\/admin\/app\.js"><\/script>/);
  assert.match(html, /<link rel="modulepreload" href="\/admin\/chunks\/chunk-ABCDEFGH\.js">/);
  assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son[a-z]+=/i);
  assert.match(ADMIN_CSP, /default-src 'none'/);
  assert.match(ADMIN_CSP, /script-src 'self'/);
  assert.match(ADMIN_CSP, /frame-ancestors 'none'/);
  assert.doesNotMatch(ADMIN_CSP, /unsafe/);
});
