import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './storage.ts';

class FakeStorage implements Storage {
  readonly items = new Map<string, string>();
  failWrites = false;
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.failWrites) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

test('values are written to sessionStorage under the madoguchi: prefix', () => {
  const storage = new FakeStorage();
  const store = openStore(() => storage);
  store.set('state', '{"a":1}');
  assert.equal(storage.getItem('madoguchi:state'), '{"a":1}');
  assert.equal(store.get('state'), '{"a":1}');
  assert.deepEqual([...storage.items.keys()], ['madoguchi:state'], 'the probe key is cleaned up');
  store.remove('state');
  assert.equal(store.get('state'), null);
  assert.equal(storage.items.size, 0);
});

test('a sessionStorage that throws on access falls back to memory', () => {
  const store = openStore(() => {
    throw new DOMException('denied', 'SecurityError');
  });
  assert.equal(store.get('state'), null);
  store.set('state', 'x');
  assert.equal(store.get('state'), 'x');
  store.remove('state');
  assert.equal(store.get('state'), null);
});

test('a missing sessionStorage falls back to memory', () => {
  const store = openStore(() => undefined);
  store.set('lang', 'en');
  assert.equal(store.get('lang'), 'en');
});

test('a write refused by a full storage is kept in memory and still read back', () => {
  const storage = new FakeStorage();
  const store = openStore(() => storage);
  storage.failWrites = true;
  store.set('state', 'big');
  assert.equal(store.get('state'), 'big');
  assert.equal(storage.getItem('madoguchi:state'), null);
  storage.failWrites = false;
  store.set('state', 'small');
  assert.equal(store.get('state'), 'small');
  assert.equal(storage.getItem('madoguchi:state'), 'small');
});
