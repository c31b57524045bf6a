import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageAddress } from './page-address.ts';

test('keeps the origin and path, never the query, fragment or credentials', () => {
  const cases: [string, string | undefined][] = [
    ['https://www.city.example.jp/kurashi/gomi.html', 'https://www.city.example.jp/kurashi/gomi.html'],
    ['https://www.city.example.jp/kurashi/?q=山田太郎&tel=09012345678#top', 'https://www.city.example.jp/kurashi/'],
    ['https://www.city.example.jp/search#name=山田', 'https://www.city.example.jp/search'],
    ['http://127.0.0.1:8080/?token=abc', 'http://127.0.0.1:8080/'],
    ['https://user:secret@www.city.example.jp/page', 'https://www.city.example.jp/page'],
    ['https://www.city.example.jp/くらし/', 'https://www.city.example.jp/%E3%81%8F%E3%82%89%E3%81%97/'],
    ['file:///home/taro/city.html', undefined],
    ['about:blank', undefined],
    ['not an address', undefined],
    [`https://www.city.example.jp/${'a'.repeat(2000)}`, undefined],
  ];
  for (const [href, address] of cases) assert.equal(pageAddress(href), address, href);
});
