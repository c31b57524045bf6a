/**
 * Where an uploaded image or PDF goes in an answer: at the caret when the editor knows it, otherwise as a
 * new paragraph at the end, so the Markdown stays a paragraph of its own.
 */

/**
 * @example insertSnippet('住民票は…', '![地図](https://…)', null) // '住民票は…\n\n![地図](https://…)'
 */
export function insertSnippet(answer: string, snippet: string, caret: number | null): { answer: string; caret: number } {
  const at = caret === null || caret < 0 || caret > answer.length ? answer.length : caret;
  const before = answer.slice(0, at).replace(/[ \t]+$/, '');
  const after = answer.slice(at);
  const lead = before === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' ? '' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const inserted = `${before}${lead}${snippet}`;
  return { answer: `${inserted}${trail}${after}`, caret: inserted.length };
}
