import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultLogView, logFilter, logQuery, logViewFromQuery, queryFromLogView } from './chat-log.ts';

const today = '2026-11-30';

test('the log opens on the last seven days, with a plain address', () => {
  const view = logViewFromQuery(new URLSearchParams(''), today);
  assert.deepEqual(view, defaultLogView(today));
  assert.deepEqual(view.range, { from: '2026-11-24', to: '2026-11-30' });
  assert.equal(queryFromLogView(view), '');
});

test('the filters round-trip through the address', () => {
  const view = { ...defaultLogView(today), preset: 'custom' as const, range: { from: '2026-10-01', to: '2026-10-31' }, decision: 'none' as const, channel: 'widget' as const, lang: 'en', text: '住民票', failed: true, page: 3 };
  const query = queryFromLogView(view);
  assert.equal(query, '?from=2026-10-01&to=2026-10-31&decision=none&channel=widget&lang=en&q=%E4%BD%8F%E6%B0%91%E7%A5%A8&failed=1&page=3');
  assert.deepEqual(logViewFromQuery(new URLSearchParams(query), today), view);
  assert.equal(queryFromLogView({ ...defaultLogView(today), preset: 'lastMonth', range: { from: '2026-10-01', to: '2026-10-31' } }), '?period=lastMonth');
});

test('nonsense in the address is ignored', () => {
  assert.deepEqual(logViewFromQuery(new URLSearchParams('decision=maybe&channel=fax&lang=japanese&page=-2&from=2026-13-01&to=2026-11-30'), today), defaultLogView(today));
});

test('the API gets the same filter for the list and the download, the list paged by offset', () => {
  const view = { ...defaultLogView(today), decision: 'candidates' as const, text: '  ごみ ', failed: true, page: 3 };
  assert.deepEqual(logFilter(view), { from: '2026-11-24', to: '2026-11-30', decision: 'candidates', text: 'ごみ', failed: 'true' });
  assert.deepEqual(logQuery(view), { ...logFilter(view), limit: '50', offset: '100' });
  assert.deepEqual(logFilter(defaultLogView(today)), { from: '2026-11-24', to: '2026-11-30' });
});
