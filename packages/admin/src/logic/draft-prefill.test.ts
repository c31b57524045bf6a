import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearDraftPrefill, draftPrefill, MAX_ALTERNATES, readDraftPrefill, saveDraftPrefill } from './draft-prefill.ts';

/** sessionStorage's three methods over a Map. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

test('the most frequent question becomes the question, the others the alternates, once each and trimmed', () => {
  const prefill = draftPrefill([
    { question: 'ドローンの許可', count: 1 },
    { question: 'ドローン飛ばしたい', count: 3 },
    { question: ' ドローンの許可 ', count: 1 },
  ]);
  assert.equal(prefill.question, 'ドローン飛ばしたい');
  assert.deepEqual(prefill.alternates, ['ドローンの許可']);
  assert.deepEqual(prefill.sources, ['ドローン飛ばしたい', 'ドローンの許可', ' ドローンの許可 '], 'marked handled exactly as listed');
});

test('no more alternates than a QA takes', () => {
  const prefill = draftPrefill(Array.from({ length: 150 }, (_, i) => ({ question: `質問${i}`, count: 150 - i })));
  assert.equal(prefill.alternates.length, MAX_ALTERNATES);
  assert.equal(prefill.sources.length, 150);
});

test('left in storage for the editor, read back, cleared; anything else there is ignored', () => {
  const storage = memoryStorage();
  assert.equal(readDraftPrefill(storage), null);
  const prefill = draftPrefill([{ question: 'ベランダに鳩が来る', count: 2 }]);
  saveDraftPrefill(storage, prefill);
  assert.deepEqual(readDraftPrefill(storage), prefill);
  clearDraftPrefill(storage);
  assert.equal(readDraftPrefill(storage), null);

  saveDraftPrefill(storage, prefill);
  const [key] = [...storage.values.keys()];
  for (const junk of ['{', '"text"', '{"question":"","alternates":[],"sources":[]}', '{"question":"q","alternates":[1],"sources":[]}', 'null']) {
    storage.setItem(key!, junk);
    assert.equal(readDraftPrefill(storage), null, junk);
  }
});
