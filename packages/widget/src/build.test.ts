import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { buildWidget } from './build.ts';

test('the widget bundles into one small self-contained script', async () => {
  const { js } = await buildWidget();
  const gzipped = gzipSync(js).length;
  assert.ok(gzipped < 30 * 1024, `widget.js is ${gzipped} bytes gzipped; the limit is 30 KB`);
  assert.ok(js.includes('madoguchi-chat'));
  assert.doesNotMatch(js, /\bimport\s*\(|\brequire\(/, 'no module loading left in the bundle');
  assert.doesNotMatch(js, /\beval\(|new Function\(/, 'nothing a CSP without unsafe-eval would block');
  assert.doesNotMatch(js, /typebox/i, 'the server schema must not be bundled');
  assert.match(js, /^("use strict";)?\(\(\)=>\{/, 'an IIFE: nothing leaks into the page’s globals');
});
