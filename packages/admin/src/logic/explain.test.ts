import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupMatches, type Match } from './explain.ts';

const m = (kind: Match['kind'], text: string, score: number, fields: Match['fields'] = ['question'], expandedFrom?: string): Match => ({ kind, text, queryWords: [text], fields, score, ...(expandedFrom ? { expandedFrom } : {}) });

test('evidence is grouped by kind, strongest kind and text first, fields and expansions merged', () => {
  const groups = groupMatches([
    m('partial', 'じゅう', 0.2),
    m('word', '住民票', 5, ['question', 'keywords']),
    m('partial', 'みん', 0.5, ['answer']),
    m('synonym', '転入', 2, ['question'], '引っ越してきた'),
    m('word', '写し', 1, ['answer']),
    m('partial', 'みん', 0.1),
  ]);
  assert.deepEqual(
    groups.map((g) => [g.kind, g.texts, g.fields, g.expandedFrom]),
    [
      ['word', ['住民票', '写し'], ['question', 'keywords', 'answer'], []],
      ['synonym', ['転入'], ['question'], ['引っ越してきた']],
      ['partial', ['みん', 'じゅう'], ['question', 'answer'], []],
    ],
  );
  assert.ok(Math.abs((groups[2]?.score ?? 0) - 0.8) < 1e-9);
  assert.deepEqual(groupMatches([]), []);
});
