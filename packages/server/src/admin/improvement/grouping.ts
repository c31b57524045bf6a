/**
 * Failed questions grouped by what they ask, using the engine (issue 5, the improvement loop): each distinct
 * question is searched in the working set; two questions are linked when the same QA matches both of them
 * well as typed (not through the thesaurus's expansions), or when they share their telling content words; a
 * group is a connected component of those links (union-find). Pure: the search and the QAs' texts are passed
 * in, so it is tested with the real engine or a stub.
 */
import { normalizeText, toKatakana } from '@madoguchi/engine';
import type { FailedQuestion } from '../../store/store.ts';

/** What the grouping needs of one search: the question's content words and the best QAs, best first. */
export interface QuestionMatch {
  queryWords: readonly string[];
  results: readonly MatchedQa[];
}

/** One QA found for a question, with how much of the question it matched (see {@link questionMatch}). */
export interface MatchedQa {
  id: string;
  question: string;
  /** Share of the question's content words matched with evidence that may answer (the engine's `strongCoverage`). */
  coverage: number;
  /**
   * Share of the question's content words, weighted by rarity, the QA matched as the citizen typed them: the
   * word itself, its synonym, its reading, but not the thesaurus's expansions (自転車を盗まれた → 盗難・警察).
   */
  typedCoverage: number;
}

/** One piece of the engine's evidence, as `SearchResult.matches` gives it. */
export interface MatchEvidence {
  text: string;
  queryWords: readonly string[];
  strong: boolean;
  expandedFrom?: string | undefined;
}

/** The engine's answer to one question, as far as the grouping reads it. */
export interface EngineMatch {
  queryWords: readonly string[];
  results: readonly { id: string; question: string; strongCoverage: number; matches: readonly MatchEvidence[] }[];
}

/**
 * The engine's results for a question, with how much of it each QA matched as typed.
 *
 * Expansions are left out of `typedCoverage` because they are shared by questions that ask different things:
 * the everyday thesaurus sends 自転車を盗まれた to 盗難 and 警察, which the lost My Number card QA (1083) also
 * mentions, so 1083 covers both 自転車盗難 and マイナカード紛失 in full. Such a QA may still be suggested
 * (expansions are how ハクビシン finds カラスの被害), but it must not make two questions one need. The engine
 * merges one term reached both as typed and by an expansion into one piece of evidence naming every word it
 * stands for (盗難 for 盗難 and 自転車, through 自転車盗難 → 盗難); such evidence counts only for the words it
 * names (the word, or a word of its synonym group).
 *
 * @example questionMatch(search.search('自転車盗難', { top: 2 }), weigh).results[0] // { id: '1083', coverage: 1, typedCoverage: 0.54, … } (starter pack)
 */
export function questionMatch(response: EngineMatch, weigh: (words: readonly string[]) => WeightedWord[]): QuestionMatch {
  const words = weigh(response.queryWords);
  const total = words.reduce((sum, w) => sum + w.weight, 0);
  const results = response.results.map(({ id, question, strongCoverage, matches }): MatchedQa => {
    const typed = new Set<string>();
    for (const evidence of matches) {
      if (!evidence.strong || evidence.expandedFrom) continue;
      const named = fold(evidence.text).split('・');
      const joined = fold(evidence.queryWords.join(''));
      for (const word of evidence.queryWords.map(fold)) {
        if (evidence.queryWords.length === 1 || named.some((n) => n === joined || n.includes(word))) typed.add(word);
      }
    }
    const matched = words.reduce((sum, w) => (typed.has(w.word) ? sum + w.weight : sum), 0);
    return { id, question, coverage: strongCoverage, typedCoverage: total > 0 ? matched / total : 0 };
  });
  return { queryWords: response.queryWords, results };
}

/** A QA the group's questions point to, with its question as citizens see it. */
export interface SuggestedQa {
  qaId: string;
  question: string;
}

/**
 * Paraphrases of one need, most frequent first.
 *
 * @example `{ count: 12, lastAt: '…', questions: [{ question: 'マイナ失くした', count: 7, … }, …], suggestion: { qaId: '1083', question: 'マイナンバーカードをなくした・盗まれた' } }`
 */
export interface FailedQuestionGroup {
  /** The questions' counts added up. */
  count: number;
  lastAt: string;
  questions: FailedQuestion[];
  /** The QA most of the group's asks point to, or null when none points anywhere convincingly. */
  suggestion: SuggestedQa | null;
}

export interface GroupingOptions {
  /**
   * Two questions whose best match is the same QA are linked when it matches this share of each question's
   * content words as typed (`typedCoverage`, weighted by rarity): a QA covering a question only in part, or
   * only through the thesaurus's expansions, is shared by questions that ask different things (自転車盗難 and
   * マイナカード紛失 both reach 1083, the first through 盗難 alone).
   */
  linkCoverage: number;
  /**
   * A QA among a question's first results counts towards the group's suggestion from this strong coverage up,
   * when it also matched this share of the question as typed.
   */
  suggestCoverage: number;
  /**
   * A QA matched mostly through expansions counts towards the suggestion only from this strong coverage up (as
   * much as an outright answer needs): expansions also reach neighbouring needs' QAs in part (鳩 → 鳩のふん
   * reaches 野良猫のふん), while ハクビシンが屋根裏にいる is covered in full by カラスの被害 (有害鳥獣).
   */
  suggestExpandedCoverage: number;
  /** Two questions are paraphrases from this share of shared words up (see {@link wordOverlap}). */
  wordOverlap: number;
}

/** Tuned on grouping.fixture.ts (paraphrases of real needs against the starter pack). */
const DEFAULT_GROUPING: GroupingOptions = { linkCoverage: 0.8, suggestCoverage: 0.5, suggestExpandedCoverage: 0.8, wordOverlap: 0.5 };

/** The shortest word that may stand for a longer one it begins (マイナ → マイナカード, なく → なくし). */
const MIN_PREFIX_LENGTH = 2;

/** A content word and how much it tells: rare in the QAs, it names the need (鳩, ハクビシン); common, hardly (ごみ). */
export interface WeightedWord {
  word: string;
  weight: number;
}

/**
 * Weighs words by how few QAs use them (an idf over the QAs' questions, alternates and keywords): a word no
 * QA has weighs most, since failed questions sharing it most likely ask for the same missing thing.
 *
 * @example const weigh = wordWeights(qaTexts); weigh(['鳩', 'ごみ']) // [{ word: '鳩', weight: 7.1 }, { word: 'ゴミ', weight: 3.7 }] (starter pack)
 */
export function wordWeights(qaTexts: readonly string[]): (words: readonly string[]) => WeightedWord[] {
  const texts = qaTexts.map((text) => fold(text));
  const cache = new Map<string, number>();
  const weightOf = (word: string): number => {
    let weight = cache.get(word);
    if (weight === undefined) {
      const df = texts.reduce((n, text) => (text.includes(word) ? n + 1 : n), 0);
      weight = Math.log((texts.length + 1) / (df + 1)) + 1;
      cache.set(word, weight);
    }
    return weight;
  };
  return (words) => [...new Set(words.map(fold))].filter((w) => w !== '').map((word) => ({ word, weight: weightOf(word) }));
}

/** Width, case and kana folded, as the engine reads text (ごみ and ゴミ are one word). */
function fold(text: string): string {
  return toKatakana(normalizeText(text));
}

/**
 * Groups failed questions, biggest first (ties: the most recent first).
 *
 * @example
 * groupFailedQuestions(failed, (q) => context.working.search(q, { top: 2 }), wordWeights(qaTexts));
 * // [{ count: 12, questions: [...], suggestion: { qaId: '1083', … } }, …]
 */
export function groupFailedQuestions(
  failed: readonly FailedQuestion[],
  search: (question: string) => QuestionMatch,
  weigh: (words: readonly string[]) => WeightedWord[],
  options: GroupingOptions = DEFAULT_GROUPING,
): FailedQuestionGroup[] {
  const analysed = failed.map((item) => {
    const match = search(item.question);
    const top = match.results[0];
    return { item, match, words: weigh(match.queryWords), best: top && top.typedCoverage >= options.linkCoverage ? top : undefined };
  });

  const parent = analysed.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const link = (a: number, b: number): void => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const firstWithBest = new Map<string, number>();
  analysed.forEach(({ best }, i) => {
    if (!best) return;
    const first = firstWithBest.get(best.id);
    if (first === undefined) firstWithBest.set(best.id, i);
    else link(first, i);
  });
  for (const [a, b] of pairsSharingAWord(analysed.map((a) => a.words))) {
    if (wordOverlap(analysed[a]!.words, analysed[b]!.words) >= options.wordOverlap) link(a, b);
  }

  const members = new Map<number, number[]>();
  analysed.forEach((_, i) => {
    const r = root(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  });
  const groups = [...members.values()].map((indexes): FailedQuestionGroup => {
    const items = indexes.map((i) => analysed[i]!);
    const questions = items.map((a) => a.item).sort((x, y) => y.count - x.count || y.lastAt.localeCompare(x.lastAt));
    return {
      count: questions.reduce((sum, q) => sum + q.count, 0),
      lastAt: questions.reduce((last, q) => (q.lastAt > last ? q.lastAt : last), ''),
      questions,
      suggestion: suggestionOf(items, options),
    };
  });
  return groups.sort((x, y) => y.count - x.count || y.lastAt.localeCompare(x.lastAt));
}

/** A question votes for its first and second results: the right QA is often the runner-up. */
const SUGGESTION_RANKS = 2;

/**
 * The QA the group's asks point to most: each ask votes for its first results that cover the question
 * well (see {@link GroupingOptions.suggestCoverage}), the first counting twice the second; ties go to the
 * higher coverage. Questions that failed only
 * after an answer (rated 「いいえ」 or rephrased) do not vote: their first result is most likely the very
 * answer that did not help.
 */
function suggestionOf(items: readonly { item: FailedQuestion; match: QuestionMatch }[], options: GroupingOptions): SuggestedQa | null {
  const coversWell = (result: MatchedQa): boolean =>
    result.coverage >= options.suggestCoverage && (result.typedCoverage >= options.suggestCoverage || result.coverage >= options.suggestExpandedCoverage);
  const votes = new Map<string, { question: string; score: number; coverage: number }>();
  for (const { item, match } of items) {
    if (item.none + item.candidates === 0) continue;
    match.results.slice(0, SUGGESTION_RANKS).forEach((result, rank) => {
      if (!coversWell(result)) return;
      const vote = votes.get(result.id) ?? { question: result.question, score: 0, coverage: 0 };
      vote.score += item.count / (rank + 1);
      vote.coverage += result.coverage;
      votes.set(result.id, vote);
    });
  }
  let chosen: [string, { question: string; score: number; coverage: number }] | undefined;
  for (const entry of votes) {
    const [, vote] = entry;
    if (!chosen || vote.score > chosen[1].score || (vote.score === chosen[1].score && vote.coverage > chosen[1].coverage)) chosen = entry;
  }
  return chosen ? { qaId: chosen[0], question: chosen[1].question } : null;
}

/**
 * The pairs of questions (a < b) with at least one matching word (see {@link wordOverlap}): only they can
 * overlap, and a thousand questions make half a million pairs, most sharing nothing.
 */
function pairsSharingAWord(questions: readonly (readonly WeightedWord[])[]): [number, number][] {
  // Every prefix (from MIN_PREFIX_LENGTH) of every word → the questions with that word or a longer one.
  const byPrefix = new Map<string, Set<number>>();
  const byWord = new Map<string, Set<number>>();
  const add = (map: Map<string, Set<number>>, key: string, question: number) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(question);
  };
  questions.forEach((words, q) => {
    for (const { word } of words) {
      add(byWord, word, q);
      for (let end = MIN_PREFIX_LENGTH; end <= word.length; end++) add(byPrefix, word.slice(0, end), q);
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  questions.forEach((words, a) => {
    for (const { word } of words) {
      const others = [...(byPrefix.get(word) ?? byWord.get(word) ?? [])];
      for (let end = MIN_PREFIX_LENGTH; end < word.length; end++) others.push(...(byWord.get(word.slice(0, end)) ?? []));
      for (const b of others) {
        const key = a * questions.length + b;
        if (b <= a || seen.has(key)) continue;
        seen.add(key);
        pairs.push([a, b]);
      }
    }
  });
  return pairs;
}

/**
 * How much of the shorter question the other one shares, by weight (a weighted overlap coefficient): short
 * questions differ in their second word (ベランダに鳩が来る, 鳩を追い払いたい) yet ask the same; a common
 * shared word (ごみ) weighs too little to link on its own. A word matches a longer word it begins (the
 * tokenizer cuts colloquial forms short: マイナ / マイナカード). Questions without content words share nothing.
 *
 * @example wordOverlap([{ word: '鳩', weight: 7 }, { word: 'ベランダ', weight: 7 }], [{ word: '鳩', weight: 7 }, { word: '追イ払イ', weight: 7 }]) // 0.5
 */
export function wordOverlap(a: readonly WeightedWord[], b: readonly WeightedWord[]): number {
  const total = (words: readonly WeightedWord[]) => words.reduce((sum, w) => sum + w.weight, 0);
  const smaller = Math.min(total(a), total(b));
  if (smaller === 0) return 0;
  const used = new Set<number>();
  let shared = 0;
  for (const word of a) {
    const j = b.findIndex((other, index) => !used.has(index) && sameWord(word.word, other.word));
    if (j < 0) continue;
    used.add(j);
    shared += Math.min(word.weight, b[j]!.weight);
  }
  return shared / smaller;
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_PREFIX_LENGTH && long.startsWith(short);
}
