/**
 * A multi-line text as numbered lines: for the dictionary editor's errors by line number.
 */

/** The text's lines as saved: line breaks normalised, trailing blank lines dropped. @example textLines('a\r\nb\n\n') // ['a', 'b'] */
export function textLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  return lines;
}

/**
 * Where line `line` (1-based) starts and ends in the text, to select it in a textarea.
 *
 * @example lineRange('ab\ncd', 2) // [3, 5]
 */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return [text.length, text.length];
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end === -1 ? text.length : end];
}
