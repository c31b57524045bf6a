import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QaContent } from '@madoguchi/server/admin-api';
import { compareForConflict, defaultChoices, diffVersions, fieldText, mergeQa, unresolvedFields } from './merge.ts';

const base: QaContent = {
  id: '1001',
  category1: '届出・証明',
  category2: '住民票',
  question: '住民票の写しがほしい',
  alternates: ['住民票がほしい'],
  keywords: ['住民票'],
  answer: '市民課の窓口で請求できます。',
  relatedIds: [],
  department: '市民課',
  contact: '電話 000-000-0000',
  sourceUrls: [],
  status: 'published',
  validFrom: null,
  validUntil: null,
  translations: {},
};

test('fields changed by one side only take that side by default; both-changed fields wait for a person', () => {
  const mine: QaContent = { ...base, answer: '市民課の窓口かコンビニで請求できます。', keywords: ['住民票', '写し'] };
  const theirs: QaContent = { ...base, answer: '市民課の窓口で請求できます。手数料は300円です。', department: '市民課 証明係' };
  const comparisons = compareForConflict(base, mine, theirs);
  const byKey = new Map(comparisons.map((c) => [c.key, c]));
  assert.equal(byKey.get('answer')?.conflict, true);
  assert.equal(byKey.get('keywords')?.conflict, false);
  assert.equal(byKey.get('keywords')?.changedByMe, true);
  assert.equal(byKey.get('department')?.changedByThem, true);
  assert.equal(byKey.get('question')?.differs, false);

  const choices = defaultChoices(comparisons);
  assert.deepEqual(choices, { keywords: 'mine', department: 'theirs' });
  assert.deepEqual(unresolvedFields(comparisons, choices), ['answer']);
  assert.throws(() => mergeQa(mine, theirs, choices), /answer/);

  const merged = mergeQa(mine, theirs, { ...choices, answer: 'theirs' });
  assert.equal(merged.answer, theirs.answer);
  assert.deepEqual(merged.keywords, ['住民票', '写し']);
  assert.equal(merged.department, '市民課 証明係');
  // Nothing else moved.
  assert.equal(merged.question, base.question);
});

test('choosing "mine" for everything gives my edit; "theirs" for everything gives theirs', () => {
  const mine: QaContent = { ...base, question: 'A', status: 'draft', translations: { en: { question: 'Q', alternates: [], answer: 'A' } } };
  const theirs: QaContent = { ...base, question: 'B', validUntil: '2027-03-31' };
  const comparisons = compareForConflict(base, mine, theirs);
  const all = (choice: 'mine' | 'theirs') => Object.fromEntries(comparisons.filter((c) => c.differs).map((c) => [c.key, choice]));
  assert.deepEqual(mergeQa(mine, theirs, all('mine')), mine);
  assert.deepEqual(mergeQa(mine, theirs, all('theirs')), theirs);
});

test('a translation is one field: taking theirs can remove mine, taking mine can add it', () => {
  const mine: QaContent = { ...base, translations: { en: { question: 'Resident record', alternates: [], answer: 'At the counter.' } } };
  const theirs: QaContent = { ...base, translations: { ko: { question: '주민표', alternates: [], answer: '창구' } } };
  const comparisons = compareForConflict(base, mine, theirs);
  assert.deepEqual(
    comparisons.filter((c) => c.differs).map((c) => c.key),
    ['translations.en', 'translations.ko'],
  );
  const merged = mergeQa(mine, theirs, defaultChoices(comparisons));
  assert.deepEqual(Object.keys(merged.translations).sort(), ['en', 'ko']);
  const withoutMine = mergeQa(mine, theirs, { 'translations.en': 'theirs', 'translations.ko': 'theirs' });
  assert.deepEqual(Object.keys(withoutMine.translations), ['ko']);
});

test('without the starting version every difference is a conflict to decide', () => {
  const comparisons = compareForConflict(undefined, { ...base, answer: 'x' }, base);
  assert.equal(comparisons.find((c) => c.key === 'answer')?.conflict, true);
  assert.deepEqual(defaultChoices(comparisons), {});
});

test('fields read as text: lists one per line, status in Japanese, translations labelled', () => {
  const qa: QaContent = { ...base, alternates: ['a', 'b'], translations: { en: { question: 'Q', alternates: ['q2'], answer: 'A' } } };
  assert.equal(fieldText(qa, 'alternates'), 'a\nb');
  assert.equal(fieldText(qa, 'status'), '公開');
  assert.equal(fieldText(qa, 'validFrom'), '');
  assert.equal(fieldText(qa, 'translations.en'), '質問: Q\n言い換え: q2\n回答:\nA');
  assert.equal(fieldText(qa, 'translations.vi'), '');
});

test('diffVersions lists only the fields that changed, in form order', () => {
  const after: QaContent = { ...base, answer: '新しい回答', status: 'draft' };
  assert.deepEqual(
    diffVersions(base, after).map((d) => [d.label, d.before, d.after]),
    [
      ['回答', base.answer, '新しい回答'],
      ['状態', '公開', '下書き'],
    ],
  );
  assert.deepEqual(diffVersions(base, { ...base }), []);
});
