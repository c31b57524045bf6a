import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Decision } from './decide.ts';
import { defaultFusionOptions, fuse, resolveFusionOptions, type RankedResult } from './fusion.ts';
import { cosine, topSimilar, type SemanticMatch } from './similarity.ts';

const hit = (id: string, score: number, coverage = 0.5): RankedResult => ({ id, score, coverage });
const ids = (results: readonly { id: string }[]): string[] => results.map((r) => r.id);

describe('fuse', () => {
  test('without similarities the engine\'s ranking and decision come back unchanged', () => {
    const engine = { decision: 'answer' as const, results: [hit('a', 9, 0.9), hit('b', 3), hit('c', 0, 0)] };
    const fused = fuse(engine, []);
    assert.equal(fused.decision, 'answer');
    assert.deepEqual(ids(fused.results), ['a', 'b', 'c']);
    assert.equal(fused.change, null);
    assert.equal(fused.results[0]!.engine, engine.results[0]);
    assert.deepEqual(fused.results.map((r) => r.engineRank), [1, 2, null]);
  });

  test('a QA both sides rank well moves up; one only the similarity found joins the list', () => {
    const fused = fuse(
      { decision: 'candidates', results: [hit('a', 5), hit('b', 4.9), hit('c', 4.8)] },
      [{ id: 'c', similarity: 0.9 }, { id: 'x', similarity: 0.8 }],
    );
    assert.equal(fused.decision, 'candidates');
    assert.deepEqual(ids(fused.results), ['c', 'a', 'b', 'x']);
    const x = fused.results.find((r) => r.id === 'x')!;
    assert.equal(x.engine, undefined);
    assert.equal(x.engineRank, null);
    assert.equal(x.similarity, 0.8);
  });

  test('an answer whose QA is no longer first becomes candidates', () => {
    const fused = fuse(
      { decision: 'answer', results: [hit('a', 5, 0.7), hit('b', 4.9)] },
      [{ id: 'b', similarity: 0.9 }, { id: 'z', similarity: 0.85 }],
      resolveFusionOptions({ semanticWeight: 0.5 }),
    );
    assert.equal(fused.results[0]!.id, 'b');
    assert.equal(fused.decision, 'candidates');
    assert.equal(fused.change, 'answer-displaced');
  });

  test('a clear lead of the engine survives a strongly contrary similarity (scores, not ranks, are blended)', () => {
    const fused = fuse({ decision: 'answer', results: [hit('a', 10, 0.9), hit('b', 5)] }, [{ id: 'b', similarity: 0.95 }, { id: 'a', similarity: 0.35 }]);
    assert.equal(fused.decision, 'answer');
    assert.deepEqual(ids(fused.results), ['a', 'b']);
  });

  test('an answer still first stays an answer', () => {
    const fused = fuse({ decision: 'answer', results: [hit('a', 9, 0.9), hit('b', 2)] }, [{ id: 'a', similarity: 0.7 }, { id: 'b', similarity: 0.65 }]);
    assert.equal(fused.decision, 'answer');
    assert.equal(fused.change, null);
  });

  test('none becomes candidates only when the most similar QA clears the bar, and those QAs lead', () => {
    const engine = { decision: 'none' as const, results: [hit('junk', 0.4, 0.1), hit('pad', 0, 0)] };
    const low = fuse(engine, [{ id: 'q', similarity: defaultFusionOptions.candidatesSimilarity - 0.01 }]);
    assert.equal(low.decision, 'none');
    assert.equal(low.change, null);
    const high = fuse(engine, [{ id: 'q', similarity: defaultFusionOptions.candidatesSimilarity + 0.1 }, { id: 'r', similarity: 0.4 }]);
    assert.equal(high.decision, 'candidates');
    assert.equal(high.change, 'similar-candidates');
    assert.deepEqual(ids(high.results), ['q', 'junk', 'r', 'pad']);
  });

  test('similarities below the floor take no part', () => {
    const fused = fuse({ decision: 'candidates', results: [hit('a', 3), hit('b', 2)] }, [{ id: 'b', similarity: 0.1 }, { id: 'n', similarity: 0.2 }]);
    assert.deepEqual(ids(fused.results), ['a', 'b']);
    assert.equal(fused.results[1]!.similarity, null);
  });

  test('weights: semanticWeight 0 keeps the engine\'s order', () => {
    const fused = fuse({ decision: 'candidates', results: [hit('a', 3), hit('b', 2)] }, [{ id: 'b', similarity: 0.99 }], resolveFusionOptions({ semanticWeight: 0 }));
    assert.deepEqual(ids(fused.results), ['a', 'b']);
  });
});

const decisions: Decision[] = ['answer', 'candidates', 'none'];
const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
/** An engine response as the engine makes them: scores descending, an answer only with a scoring top. */
const engineArb = fc
  .tuple(fc.constantFrom(...decisions), fc.uniqueArray(idArb, { maxLength: 6 }), fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 6, maxLength: 6 }))
  .map(([decision, resultIds, scores]) => {
    const sorted = [...scores].sort((x, y) => y - x);
    const results = resultIds.map((id, i) => hit(id, sorted[i]!, Math.min(1, sorted[i]! / 20)));
    const answerable = results.length > 0 && results[0]!.score > 0;
    return { decision: decision === 'answer' && !answerable ? ('candidates' as const) : decision, results };
  });
const semanticArb = fc.array(fc.record({ id: idArb, similarity: fc.double({ min: -1, max: 1, noNaN: true }) }), { maxLength: 8 });
const optionsArb = fc.record({
  semanticWeight: fc.double({ min: 0, max: 1, noNaN: true }),
  minSimilarity: fc.double({ min: -1, max: 1, noNaN: true }),
  candidatesSimilarity: fc.double({ min: -1, max: 1, noNaN: true }),
});

describe('fuse: safety rules hold for any input (property)', () => {
  test('never an answer the engine did not give, and an answer is always the engine\'s top QA', () => {
    fc.assert(
      fc.property(engineArb, semanticArb, optionsArb, (engine, semantic, options) => {
        const fused = fuse(engine, semantic, options);
        if (fused.decision === 'answer') {
          assert.equal(engine.decision, 'answer');
          assert.equal(fused.results[0]!.id, engine.results[0]!.id);
        }
      }),
    );
  });

  test('an engine answer still on top after fusion stays an answer', () => {
    fc.assert(
      fc.property(engineArb, semanticArb, optionsArb, (engine, semantic, options) => {
        const fused = fuse(engine, semantic, options);
        if (engine.decision === 'answer' && fused.results[0]!.id === engine.results[0]!.id) assert.equal(fused.decision, 'answer');
      }),
    );
  });

  test('candidates never become none; none becomes candidates only on a similarity at the bar', () => {
    fc.assert(
      fc.property(engineArb, semanticArb, optionsArb, (engine, semantic, options) => {
        const fused = fuse(engine, semantic, options);
        if (engine.decision === 'candidates') assert.equal(fused.decision, 'candidates');
        if (engine.decision === 'none' && fused.decision !== 'none') {
          const top = Math.max(...semantic.filter((m) => m.similarity > options.minSimilarity).map((m) => m.similarity));
          assert.ok(top >= options.candidatesSimilarity);
          assert.ok(fused.results[0]!.similarity! >= options.candidatesSimilarity, 'a QA that cleared the bar leads');
        }
      }),
    );
  });

  test('every QA either side ranked appears exactly once', () => {
    fc.assert(
      fc.property(engineArb, semanticArb, optionsArb, (engine, semantic, options) => {
        const fused = fuse(engine, semantic, options);
        const expected = new Set([...ids(engine.results), ...ids(semantic.filter((m) => m.similarity > options.minSimilarity))]);
        assert.equal(fused.results.length, expected.size);
        assert.deepEqual(new Set(ids(fused.results)), expected);
      }),
    );
  });

  test('no similarities: the engine\'s order and decision, whatever the options', () => {
    fc.assert(
      fc.property(engineArb, optionsArb, (engine, options) => {
        const fused = fuse(engine, [], options);
        assert.deepEqual(ids(fused.results), ids(engine.results));
        assert.equal(fused.decision, engine.decision);
      }),
    );
  });
});

describe('similarity', () => {
  const unit = (...values: number[]): Float32Array => {
    const norm = Math.hypot(...values);
    return Float32Array.from(values.map((v) => v / norm));
  };

  test('cosine of unit vectors', () => {
    assert.ok(Math.abs(cosine(unit(1, 0), unit(3, 4)) - 0.6) < 1e-6);
    assert.ok(Math.abs(cosine(unit(1, 2), unit(1, 2)) - 1) < 1e-6);
    assert.throws(() => cosine(unit(1, 0), unit(1, 0, 0)), RangeError);
  });

  test('topSimilar: best k first, other lengths skipped', () => {
    const vectors = new Map([
      ['far', unit(0, 1)],
      ['near', unit(1, 0.1)],
      ['mid', unit(1, 1)],
      ['other-model', unit(1, 0, 0)],
    ]);
    const top = topSimilar(unit(1, 0), vectors, 2);
    assert.deepEqual(ids(top), ['near', 'mid']);
    assert.deepEqual(topSimilar(unit(1, 0), vectors, 0), []);
  });

  test('property: topSimilar equals sorting every similarity and taking k', () => {
    const vector = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }).filter((v) => Math.hypot(...v) > 1e-3).map((v) => unit(...v));
    fc.assert(
      fc.property(vector, fc.array(vector, { maxLength: 20 }), fc.integer({ min: 0, max: 25 }), (query, list, k) => {
        const entries = list.map((v, i) => [String(i), v] as const);
        const expected: SemanticMatch[] = entries.map(([id, v]) => ({ id, similarity: cosine(query, v) })).sort((a, b) => b.similarity - a.similarity);
        const got = topSimilar(query, entries, k);
        assert.deepEqual(got.map((m) => m.similarity), expected.slice(0, k).map((m) => m.similarity));
      }),
    );
  });
});
