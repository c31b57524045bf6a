import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildAdmin } from './build.ts';
import { ADMIN_CSP, adminShell } from './shell.ts';

test('the console bundles into one script and one style sheet, with nothing a strict CSP blocks', async () => {
  const { js, css } = await buildAdmin();
  assert.ok(gzipSync(js).length < 120 * 1024, `app.js is ${gzipSync(js).length} bytes gzipped`);
  assert.doesNotMatch(js, /\bimport\s*\(|\brequire\(/, 'no module loading left in the bundle');
  assert.doesNotMatch(js, /\beval\(|new Function\(/);
  assert.doesNotMatch(js, /typebox|better-sqlite3|fastify/i, 'server code must not be bundled (types only)');
  assert.match(css, /--primary/);
  assert.doesNotMatch(css, /@import|url\(\s*['"]?https?:/, 'the style loads nothing from elsewhere');
});

test('the shell is Japanese and inline-free; the CSP allows only our own resources', () => {
  const html = adminShell();
  assert.match(html, /<html lang="ja">/);
  assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son[a-z]+=/i);
  assert.match(ADMIN_CSP, /default-src 'none'/);
  assert.match(ADMIN_CSP, /frame-ancestors 'none'/);
  assert.doesNotMatch(ADMIN_CSP, /unsafe/);
});
