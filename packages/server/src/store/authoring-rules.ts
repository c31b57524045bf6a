/**
 * The decisions both backends make around the authoring records (authoring-records.ts), kept out of the SQL
 * so SQLite and PostgreSQL decide alike: which drafts are refused, when a draft can be settled, which source
 * check of a batch counts, and how an embedding is laid out as bytes.
 */
import type { NewQaDraft, QaDraft, QaDraftResolution, SourceCheck } from './authoring-records.ts';
import { DraftAlreadyResolvedError, DraftNotFoundError, StoreInputError } from './errors.ts';
import { requireActor, storableText } from './write-rules.ts';

/**
 * The drafts as stored, pending (NUL characters replaced, see storableText); `StoreInputError` for an empty id or
 * creator, or an id given twice.
 *
 * @example `const stored = pendingDrafts('default', drafts);`
 */
export function pendingDrafts(siteId: string, drafts: readonly NewQaDraft[]): QaDraft[] {
  const seen = new Set<string>();
  return drafts.map((d) => {
    if (typeof d.id !== 'string' || d.id.trim() === '') throw new StoreInputError('下書き候補の ID が空です');
    if (seen.has(d.id)) throw new StoreInputError(`下書き候補の ID ${d.id} が重複しています`);
    seen.add(d.id);
    requireActor(d.createdBy);
    const text = {
      sourceUrl: d.sourceUrl && storableText(d.sourceUrl),
      sourceName: storableText(d.sourceName),
      question: storableText(d.question),
      alternates: d.alternates.map(storableText),
      answer: storableText(d.answer),
      category1: storableText(d.category1),
      department: storableText(d.department),
      notes: d.notes.map(storableText),
    };
    return { ...d, ...text, siteId, status: 'pending', resolvedBy: null, resolvedAt: null, qaId: null };
  });
}

/**
 * The draft after `resolution`, or the error that stops it: DRAFT_NOT_FOUND when absent,
 * DRAFT_ALREADY_RESOLVED (with the stored draft) when it is no longer pending.
 *
 * @example `const next = resolvedDraft(siteId, id, await select(id), resolution);`
 */
export function resolvedDraft(siteId: string, id: string, current: QaDraft | undefined, resolution: QaDraftResolution): QaDraft {
  if (!current) throw new DraftNotFoundError(siteId, id);
  if (current.status !== 'pending') throw new DraftAlreadyResolvedError(current);
  return { ...current, status: resolution.status, resolvedBy: requireActor(resolution.actor), resolvedAt: resolution.at, qaId: resolution.qaId };
}

/**
 * One check per URL, the last given winning, in URL order (the order rows are locked in).
 *
 * @example `latestChecks([a1, b, a2]) // [a2, b]`
 */
export function latestChecks(checks: readonly SourceCheck[]): SourceCheck[] {
  const byUrl = new Map(checks.map((c) => [c.url, c]));
  return [...byUrl.values()].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/**
 * An embedding as bytes: each component a little-endian float32, whatever the machine's byte order.
 *
 * @example `vectorBytes(new Float32Array([1])) // <Buffer 00 00 80 3f>`
 */
export function vectorBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes;
}

/**
 * The embedding {@link vectorBytes} wrote.
 *
 * @example `bytesVector(vectorBytes(v)) // equal to v`
 */
export function bytesVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}
