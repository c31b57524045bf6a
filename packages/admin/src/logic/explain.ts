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
