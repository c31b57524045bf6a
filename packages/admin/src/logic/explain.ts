/**
 * Why a QA matched, condensed for people: the engine's evidence grouped by kind (same word, same reading,
 * synonym, …), each with its words, the fields they were found in, and their share of the score.
 */
import type { TestChatReply } from '@madoguchi/server/admin-api';

export type Match = TestChatReply['results'][number]['matches'][number];

export interface MatchGroup {
  kind: Match['kind'];
  /** Distinct matched texts, strongest first. */
  texts: string[];
  fields: Match['fields'];
  /** Words the dictionary expanded (引っ越してきた → 転入). */
  expandedFrom: string[];
  score: number;
}

/**
 * @example groupMatches(result.matches)[0] // { kind: 'word', texts: ['住民票'], fields: ['question', 'keywords'], score: 7.9, expandedFrom: [] }
 */
export function groupMatches(matches: readonly Match[]): MatchGroup[] {
  const groups = new Map<Match['kind'], MatchGroup & { byText: Map<string, number> }>();
  for (const match of matches) {
    const group = groups.get(match.kind) ?? { kind: match.kind, texts: [], fields: [], expandedFrom: [], score: 0, byText: new Map<string, number>() };
    group.score += match.score;
    group.byText.set(match.text, (group.byText.get(match.text) ?? 0) + match.score);
    for (const field of match.fields) if (!group.fields.includes(field)) group.fields.push(field);
    if (match.expandedFrom && !group.expandedFrom.includes(match.expandedFrom)) group.expandedFrom.push(match.expandedFrom);
    groups.set(match.kind, group);
  }
  return [...groups.values()]
    .map(({ byText, ...group }) => ({ ...group, texts: [...byText.entries()].sort((a, b) => b[1] - a[1]).map(([text]) => text) }))
    .sort((a, b) => b.score - a.score);
}

/**
 * Why a QA matched, in one line a clerk understands: the strongest pieces of evidence in plain words
 * (「『はんこ』を『印鑑』と読み替えて一致」「『転居』と読みが近いだけ」). The detail stays in {@link groupMatches}.
 *
 * @example explainInOneLine(result.matches) // '「住民票」が一致、「はんこ」を「印鑑」と読み替えて一致'
 */
export function explainInOneLine(matches: readonly Match[], pieces = 3): string {
  const said = new Set<string>();
  const parts: string[] = [];
  const anyStrong = matches.some((m) => m.strong);
  // With strong evidence, the weak (bigrams, word pairs, homophones) would only blur the line.
  for (const match of [...matches].sort((a, b) => b.score - a.score).filter((m) => m.strong || !anyStrong)) {
    const asked = match.queryWords.join('');
    const key = `${match.kind === 'partial' || (match.kind === 'reading' && !match.strong) ? 'weak' : 'strong'}:${asked}`;
    if (said.has(key) || said.has(`strong:${asked}`)) continue;
    said.add(key);
    parts.push(sentenceOf(match, asked));
    if (parts.length === pieces) break;
  }
  if (parts.length === 0) return '一致した言葉はありません';
  const line = parts.join('、');
  return anyStrong ? line : `${line}（弱い一致だけなので、答えとしては出さず候補に並べます）`;
}

function sentenceOf(match: Match, asked: string): string {
  const other = (match.kind === 'synonym' ? match.text.split('・') : [match.text]).find((word) => word !== asked) ?? match.text;
  if (match.expandedFrom) return `「${match.expandedFrom}」を辞書で「${other}」と読み替えて一致`;
  switch (match.kind) {
    case 'word':
      return `「${match.text}」が一致`;
    case 'synonym':
      return `「${asked}」を「${other}」と読み替えて一致`;
    case 'reading':
      return match.strong ? `「${asked}」を読み（${match.text}）で一致` : `「${asked}」と読みが同じ別の言葉があるだけ`;
    case 'phrase':
      return `「${match.text.replace(' + ', '」「')}」の並びが一致`;
    case 'partial':
      return `「${asked}」と読みが一部似ているだけ`;
  }
}
