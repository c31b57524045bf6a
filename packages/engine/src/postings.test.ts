import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PostingsBuilder } from './postings.ts';

test('rows per (term, document) with frequencies per field', () => {
  const builder = new PostingsBuilder();
  builder.add('w:ごみ', 0, 0);
  builder.add('w:ごみ', 0, 0);
  builder.add('w:ごみ', 0, 3);
  builder.add('w:税', 0, 0);
  builder.add('w:ごみ', 2, 1);
  const postings = builder.build();
  assert.equal(postings.termCount, 2);
  assert.equal(postings.documentFrequency('w:ごみ'), 2);
  assert.equal(postings.documentFrequency('w:なし'), 0);
  const id = postings.termIds.get('w:ごみ')!;
  const row = postings.rowOf(id, 0);
  assert.deepEqual([...postings.tf.slice(row * 4, row * 4 + 4)], [2, 0, 0, 1]);
  assert.deepEqual([...postings.tf.slice(postings.rowOf(id, 2) * 4, postings.rowOf(id, 2) * 4 + 4)], [0, 1, 0, 0]);
  assert.equal(postings.rowOf(id, 1), -1);
});

test('property: every occurrence is counted once, in the right row and field', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }),
      fc.integer({ min: 1, max: 6 }),
      (occurrences, documentCount) => {
        const builder = new PostingsBuilder();
        const expected = new Map<string, number>();
        for (let d = 0; d < documentCount; d++) {
          for (const [term, field] of occurrences) {
            if ((term.charCodeAt(0) + d) % 2 === 0) continue; // vary which documents hold which terms
            builder.add(term, d, field);
            const key = `${term}/${d}/${field}`;
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
        }
        const postings = builder.build();
        for (const [key, count] of expected) {
          const [term, d, field] = key.split('/');
          const row = postings.rowOf(postings.termIds.get(term!)!, Number(d));
          assert.equal(postings.tf[row * 4 + Number(field)], count);
        }
      },
    ),
  );
});
