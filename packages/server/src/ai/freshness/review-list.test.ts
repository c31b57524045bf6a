/**
 * The review list's rules on hand-made QAs, checks and confirmations: which QAs are listed and why, how a
 * confirmation or a later save clears a reason, the review cycle, departments filled and ordered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Qa } from '../../qa/model.ts';
import type { SourceCheck } from '../../store/authoring-records.ts';
import { NO_DEPARTMENT, reviewCycleDays, reviewList, type ReviewListInput } from './review-list.ts';

const FACTS = { '担当課:市民課': '市民課', '担当課:環境課': '環境課', 'URL:市民課': 'https://www.example.jp/soshiki/shimin/', 市ホームページ: 'https://www.example.jp/', 市名: 'まどぐち市' };

function qa(id: string, fields: Partial<Qa> = {}): Qa {
  return {
    id,
    siteId: 'default',
    category1: 'くらし',
    category2: '',
    question: `質問${id}`,
    alternates: [],
    keywords: [],
    answer: '回答',
    relatedIds: [],
    department: '{{担当課:市民課}}',
    contact: '',
    sourceUrls: [],
    status: 'published',
    validFrom: null,
    validUntil: null,
    translations: {},
    version: 1,
    updatedBy: 'suzuki',
    updatedAt: '2026-06-01T00:00:00.000Z',
    ...fields,
  };
}

function check(url: string, fields: Partial<SourceCheck> = {}): SourceCheck {
  return { url, checkedAt: '2026-11-29T20:00:00.000Z', state: 'ok', httpStatus: 200, contentHash: 'h', etag: null, lastModified: null, changedAt: null, error: null, ...fields };
}

const PAGE = 'https://www.example.jp/soshiki/shimin/juminhyo.html';

function list(input: Partial<ReviewListInput>) {
  return reviewList({ qas: [], checks: [], marks: [], facts: FACTS, cycleDays: 365, today: '2026-11-30', ...input });
}

/** Each listed QA as `id: reason kinds`. */
function reasonsOf(input: Partial<ReviewListInput>): Record<string, string[]> {
  return Object.fromEntries(list(input).flatMap((g) => g.items.map((item) => [item.qaId, item.reasons.map((r) => r.kind)])));
}

describe('reviewList', () => {
  test('a source page changed after the QA was saved lists it under its department, placeholders filled', () => {
    const groups = list({
      qas: [qa('1001', { sourceUrls: ['{{URL:市民課}}juminhyo.html'], question: '{{市名}}の住民票' }), qa('1002', { sourceUrls: [PAGE] })],
      checks: [check(PAGE, { changedAt: '2026-11-28T03:00:00.000Z' })],
    });
    assert.equal(groups.length, 1);
    assert.equal(groups[0]?.department, '市民課');
    const first = groups[0]?.items[0];
    assert.equal(first?.qaId, '1001');
    assert.equal(first?.question, 'まどぐち市の住民票');
    assert.deepEqual(first?.reasons, [{ kind: 'source-changed', url: PAGE, changedAt: '2026-11-28T03:00:00.000Z' }]);
    assert.deepEqual(first?.sources, [{ entry: '{{URL:市民課}}juminhyo.html', url: PAGE, state: 'ok', checkedAt: '2026-11-29T20:00:00.000Z', changedAt: '2026-11-28T03:00:00.000Z' }]);
    assert.equal(first?.dueDay, '2027-06-01');
    assert.deepEqual(groups[0]?.items.map((i) => i.qaId), ['1001', '1002'], 'both QAs citing the page');
  });

  test('a change before the last save or confirmation does not list the QA; one after the confirmation does', () => {
    const changed = check(PAGE, { changedAt: '2026-11-28T03:00:00.000Z' });
    assert.deepEqual(reasonsOf({ qas: [qa('1001', { sourceUrls: [PAGE], updatedAt: '2026-11-29T00:00:00.000Z' })], checks: [changed] }), {}, 'saved after the change');
    assert.deepEqual(reasonsOf({ qas: [qa('1001', { sourceUrls: [PAGE] })], checks: [changed], marks: [{ qaId: '1001', actor: 'sato', at: '2026-11-29T00:00:00.000Z' }] }), {}, 'confirmed after it');
    assert.deepEqual(
      reasonsOf({ qas: [qa('1001', { sourceUrls: [PAGE] })], checks: [changed], marks: [{ qaId: '1001', actor: 'sato', at: '2026-11-01T00:00:00.000Z' }] }),
      { 1001: ['source-changed'] },
      'confirmed before it',
    );
  });

  test('a missing page stays listed after the QA is saved, until someone confirms the QA', () => {
    const missing = check(PAGE, { state: 'missing', httpStatus: 404, contentHash: null, changedAt: '2026-11-20T00:00:00.000Z' });
    const saved = qa('1001', { sourceUrls: [PAGE], updatedAt: '2026-11-25T00:00:00.000Z' });
    const [group] = list({ qas: [saved], checks: [missing] });
    assert.deepEqual(group?.items[0]?.reasons, [{ kind: 'source-missing', url: PAGE, since: '2026-11-20T00:00:00.000Z' }]);
    assert.deepEqual(reasonsOf({ qas: [saved], checks: [missing], marks: [{ qaId: '1001', actor: 'sato', at: '2026-11-26T00:00:00.000Z' }] }), {});
  });

  test('a page that could not be checked is listed until a confirmation after that check; an earlier change is still reported', () => {
    const failed = check(PAGE, { state: 'error', httpStatus: 503, changedAt: '2026-11-10T00:00:00.000Z', error: 'ページを開けませんでした（HTTP 503）。' });
    const [group] = list({ qas: [qa('1001', { sourceUrls: [PAGE] })], checks: [failed] });
    assert.deepEqual(group?.items[0]?.reasons, [
      { kind: 'source-changed', url: PAGE, changedAt: '2026-11-10T00:00:00.000Z' },
      { kind: 'source-unreachable', url: PAGE, checkedAt: '2026-11-29T20:00:00.000Z', error: 'ページを開けませんでした（HTTP 503）。' },
    ]);
    assert.deepEqual(reasonsOf({ qas: [qa('1001', { sourceUrls: [PAGE] })], checks: [failed], marks: [{ qaId: '1001', actor: 'sato', at: '2026-11-30T00:00:00.000Z' }] }), {});
  });

  test('a QA is due on the day its cycle from the later of its save and confirmation runs out', () => {
    const old = qa('1001', { updatedAt: '2025-11-29T15:00:00.000Z' }); // 2025-11-30 in Japan
    assert.deepEqual(reasonsOf({ qas: [old], today: '2026-11-29' }), {});
    const [group] = list({ qas: [old], today: '2026-11-30' });
    assert.deepEqual(group?.items[0]?.reasons, [{ kind: 'review-due', dueDay: '2026-11-30' }]);
    assert.deepEqual(reasonsOf({ qas: [old], marks: [{ qaId: '1001', actor: 'sato', at: '2026-11-30T01:00:00.000Z' }], today: '2026-11-30' }), {}, 'confirmed: due again in a year');
    assert.deepEqual(reasonsOf({ qas: [qa('1002', { updatedAt: '2026-10-01T00:00:00.000Z' })], cycleDays: 30, today: '2026-11-30' }), { 1002: ['review-due'] }, 'a shorter cycle');
  });

  test('departments with most QAs first; an empty department is 担当課未設定; within one, missing before changed before due', () => {
    const groups = list({
      qas: [
        qa('3001', { department: '{{担当課:環境課}}', sourceUrls: [PAGE] }),
        qa('1003', { updatedAt: '2025-01-01T00:00:00.000Z' }),
        qa('1010', { sourceUrls: ['https://www.example.jp/gone.html'] }),
        qa('1002', { sourceUrls: [PAGE] }),
        qa('9001', { department: '', updatedAt: '2025-01-01T00:00:00.000Z' }),
      ],
      checks: [check(PAGE, { changedAt: '2026-11-28T03:00:00.000Z' }), check('https://www.example.jp/gone.html', { state: 'missing', contentHash: null, changedAt: '2026-11-28T00:00:00.000Z' })],
    });
    assert.deepEqual(
      groups.map((g) => [g.department, g.items.map((i) => i.qaId)]),
      [
        ['市民課', ['1010', '1002', '1003']],
        ['環境課', ['3001']],
        [NO_DEPARTMENT, ['9001']],
      ],
    );
  });

  test('entries that cannot be checked are shown as such and never listed on their own', () => {
    const [group] = list({ qas: [qa('1001', { sourceUrls: ['{{URL:未登録課}}', 'https://www.example.jp/new.html'], updatedAt: '2025-01-01T00:00:00.000Z' })] });
    assert.deepEqual(
      group?.items[0]?.sources.map((s) => [s.entry, s.url, s.state]),
      [
        ['{{URL:未登録課}}', null, 'unusable'],
        ['https://www.example.jp/new.html', 'https://www.example.jp/new.html', 'unchecked'],
      ],
    );
    assert.deepEqual(group?.items[0]?.reasons.map((r) => r.kind), ['review-due']);
  });
});

test('reviewCycleDays: default, clamped, integers only', () => {
  assert.equal(reviewCycleDays(undefined), 365);
  assert.equal(reviewCycleDays({ cycleDays: 7 }), 30);
  assert.equal(reviewCycleDays({ cycleDays: 9999 }), 1825);
  assert.equal(reviewCycleDays({ cycleDays: 90 }), 90);
  assert.equal(reviewCycleDays({ cycleDays: 90.5 }), 365);
});
