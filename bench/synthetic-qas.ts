/**
 * QA sets larger than the starter pack, made from it: each synthetic QA takes a starter QA and
 * mixes in sentences and words of others, so that every text is different (no analysis is reused
 * between QAs) while the vocabulary stays municipal Japanese.
 */
import type { SearchDocument } from '@madoguchi/engine';

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function synthesise(base: SearchDocument[], count: number): SearchDocument[] {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentences = base.flatMap((d) => d.answer.split(/(?<=。)/).filter((s) => s.length > 4));
  const nouns = [...new Set(base.flatMap((d) => d.keywords))];
  const docs: SearchDocument[] = [];
  for (let i = 0; i < count; i++) {
    const seed = base[i % base.length]!;
    if (i < base.length) {
      docs.push(seed);
      continue;
    }
    const topic = `${pick(nouns)}と${pick(nouns)}`;
    docs.push({
      id: `S${i}`,
      question: `${topic}の${seed.question}`,
      alternates: seed.alternates.slice(0, 3).map((a) => `${pick(nouns)}について${a}`),
      keywords: [pick(nouns), pick(nouns), ...seed.keywords.slice(0, 2)],
      categories: seed.categories,
      answer: [pick(sentences), seed.answer, pick(sentences), `${topic}も対象です。`].join(''),
    });
  }
  return docs;
}

