import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from './config.ts';

test('the API origin is the origin of the script itself', () => {
  assert.deepEqual(readConfig('https://chat.example-city.jp/widget.js', {}), {
    origin: 'https://chat.example-city.jp',
    language: null,
    mode: 'floating',
    open: false,
  });
  assert.equal(readConfig('http://localhost:8787/widget.js?v=3', {})?.origin, 'http://localhost:8787');
});

test('data attributes: language, page mode (always open), start open', () => {
  assert.deepEqual(readConfig('https://x.jp/widget.js', { lang: 'en', open: 'true' }), {
    origin: 'https://x.jp',
    language: 'en',
    mode: 'floating',
    open: true,
  });
  assert.equal(readConfig('https://x.jp/widget.js', { open: 'false' })?.open, false);
  assert.equal(readConfig('https://x.jp/widget.js', { open: '' })?.open, false);
  assert.deepEqual(readConfig('https://x.jp/widget.js', { mode: 'page' }), { origin: 'https://x.jp', language: null, mode: 'page', open: true });
  assert.equal(readConfig('https://x.jp/widget.js', { mode: 'popup' })?.mode, 'floating');
  assert.equal(readConfig('https://x.jp/widget.js', { lang: '  ' })?.language, null);
});

test('no usable script address means no widget', () => {
  assert.equal(readConfig('', {}), null);
  assert.equal(readConfig('not a url', {}), null);
  assert.equal(readConfig('data:text/javascript,1', {}), null);
});
