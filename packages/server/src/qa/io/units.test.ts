import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapHeader, normalizeHeader } from './columns.ts';
import { isDay } from '../../time/japan-time.ts';
import { parseDateCell } from './dates.ts';
import { normalizeQaContent } from './normalize.ts';
import { qaIdProblem, urlProblem } from './validate.ts';
import { qa } from './test-support.ts';

describe('dates', () => {
  it('reads what Excel users type and produce', () => {
    assert.equal(parseDateCell('2026-04-01'), '2026-04-01');
    assert.equal(parseDateCell('2026/4/1'), '2026-04-01');
    assert.equal(parseDateCell('２０２６／４／１'), '2026-04-01');
    assert.equal(parseDateCell('2026年4月1日'), '2026-04-01');
    assert.equal(parseDateCell('2026/4/1 0:00'), '2026-04-01');
    assert.equal(parseDateCell(new Date(Date.UTC(2026, 3, 1))), '2026-04-01');
    assert.equal(parseDateCell(46113), '2026-04-01');
    assert.equal(parseDateCell(''), null);
    assert.equal(parseDateCell(null), null);
  });
  it('refuses impossible or ambiguous dates', () => {
    for (const bad of ['2026-02-29', '2026/13/1', '4/1', '令和8年4月1日', '2026-04-01 09:30', 'あした']) assert.equal(parseDateCell(bad), undefined, bad);
    assert.equal(parseDateCell(true), undefined);
    assert.ok(isDay('2028-02-29'));
    assert.ok(!isDay('2026-4-1'));
  });
});

describe('headers', () => {
  it('folds width, case and punctuation', () => {
    assert.equal(normalizeHeader('Ｑｕｅｓｔｉｏｎ（ＥＮ）'), 'questionen');
    assert.equal(normalizeHeader(' 質問 (英語) '), '質問英語');
  });
  it('orders 質問N columns by N', () => {
    const { map, issues } = mapHeader(['管理番号', '質問', '回答', '質問10', '質問2', 'Q1']);
    assert.deepEqual(issues, []);
    assert.deepEqual(map.numberedQuestions, [5, 4, 3]);
  });
});

describe('normalize and validate', () => {
  it('drops alternates equal to the question and empty translations', () => {
    const n = normalizeQaContent(qa('1', { question: 'q', alternates: ['q', ' r '], translations: { en: { question: ' ', alternates: [], answer: '' } } }));
    assert.deepEqual(n.alternates, ['r']);
    assert.deepEqual(n.translations, {});
  });
  it('ids: at most 64 chars, no control characters, spaces or list separators', () => {
    assert.equal(qaIdProblem('税-001'), undefined);
    assert.equal(qaIdProblem('x'.repeat(64)), undefined);
    for (const bad of ['', 'x'.repeat(65), 'a\u0000b', 'a b', 'a、b', 'a,b', 'a;b', 'a\u200bb']) assert.notEqual(qaIdProblem(bad), undefined, bad);
  });
  it('urls: http(s), site-relative or a placeholder', () => {
    for (const ok of ['https://a.example/x?y=1', 'http://a.example', '/a/b.pdf', '{{市ホームページ}}/kurashi/']) assert.equal(urlProblem(ok), undefined, ok);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', 'a b', 'relative/path', 'mailto:a@b']) assert.notEqual(urlProblem(bad), undefined, bad);
  });
});
