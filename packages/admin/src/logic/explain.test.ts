import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainInOneLine, groupMatches, type Match } from './explain.ts';

const m = (kind: Match['kind'], text: string, score: number, fields: Match['fields'] = ['question'], expandedFrom?: string): Match => ({
  kind, text, queryWords: [text], fields, score, strong: kind === 'word' || kind === 'synonym', ...(expandedFrom ? { expandedFrom } : {}),
});

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

test('one line says why in plain words: the strongest evidence first, weak evidence said to be weak', () => {
  const asked = (match: Match, queryWords: string[]): Match => ({ ...match, queryWords });
  assert.equal(
    explainInOneLine([m('word', '住民票', 5), asked(m('synonym', '判子・印鑑・はんこ', 3), ['はんこ']), m('partial', 'ジュウ', 0.2)]),
    '「住民票」が一致、「はんこ」を「判子」と読み替えて一致',
  );
  assert.equal(explainInOneLine([asked(m('word', '転入', 2, ['question'], '引っ越してきた'), ['引っ越し'])]), '「引っ越してきた」を辞書で「転入」と読み替えて一致');
  assert.equal(
    explainInOneLine([asked({ ...m('reading', 'テンキョ', 1), strong: false }, ['天気']), asked(m('partial', 'テン', 0.3), ['天気'])]),
    '「天気」と読みが同じ別の言葉があるだけ（弱い一致だけなので、答えとしては出さず候補に並べます）',
  );
  assert.equal(explainInOneLine([asked({ ...m('reading', 'ホイクエン', 2), strong: true }, ['ほいくえん'])]), '「ほいくえん」を読み（ホイクエン）で一致');
  assert.equal(explainInOneLine([]), '一致した言葉はありません');
});
