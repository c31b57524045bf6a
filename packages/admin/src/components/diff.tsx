/**
 * Showing differences: removed lines struck out in red, added lines in green, each also marked with − / ＋
 * and words for screen readers, so colour is never the only sign.
 */
import { lineDiff, type DiffLine } from '../logic/line-diff.ts';

function Line({ line }: { line: DiffLine }) {
  if (line.kind === 'same') return <span class="same">{`  ${line.text}`}</span>;
  if (line.kind === 'added') {
    return (
      <ins>
        <span class="diff-sign" aria-hidden="true">
          ＋
        </span>
        <span class="visually-hidden">追加: </span>
        {line.text || ' '}
      </ins>
    );
  }
  return (
    <del>
      <span class="diff-sign" aria-hidden="true">
        −
      </span>
      <span class="visually-hidden">削除: </span>
      {line.text || ' '}
    </del>
  );
}

/** Before → after, line by line. */
export function DiffText({ before, after, label }: { before: string; after: string; label?: string }) {
  const lines = lineDiff(before, after);
  return (
    <pre class="diff" aria-label={label}>
      {lines.length === 0 ? <span class="same">（空）</span> : lines.map((line, i) => <Line key={i} line={line} />)}
    </pre>
  );
}

/**
 * One side of a comparison: the lines it shares with the other side plain, its own lines marked (yellow,
 * with a left bar and "違い" for screen readers). Neither side is "wrong", so both use the same mark.
 */
export function SideText({ text, other }: { text: string; other: string }) {
  if (text === '') return <p class="value empty-value">（空）</p>;
  const lines = lineDiff(other, text).filter((line) => line.kind !== 'removed');
  return (
    <pre class="diff value">
      {lines.map((line, i) =>
        line.kind === 'same' ? (
          <span key={i} class="same">
            {line.text || ' '}
          </span>
        ) : (
          <mark key={i}>
            <span class="visually-hidden">違い: </span>
            {line.text || ' '}
          </mark>
        ),
      )}
    </pre>
  );
}
