/**
 * Postings in compressed-sparse-row form: for every term, the documents that contain it and the
 * term's frequency in each field. Built from a flat stream of occurrences with a counting sort,
 * so that 20,000 QAs (millions of occurrences) build without millions of small arrays.
 */
import { FIELDS } from './document.ts';

const FIELD_COUNT = FIELDS.length;

/** An Int32Array that grows as values are pushed. */
class GrowableInt32 {
  values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Int32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
}

/**
 * Collects term occurrences document by document (documents in increasing order).
 *
 * @example
 * const builder = new PostingsBuilder();
 * builder.add('w:住民票', 0, 0); // document 0, field 0 (question)
 * const postings = builder.build();
 */
export class PostingsBuilder {
  readonly #termIds = new Map<string, number>();
  readonly #terms = new GrowableInt32();
  readonly #documents = new GrowableInt32();
  readonly #fields = new GrowableInt32();

  /** Records one occurrence of a term in a field of a document. */
  add(term: string, document: number, field: number): void {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#termIds.size;
      this.#termIds.set(term, id);
    }
    this.#terms.push(id);
    this.#documents.push(document);
    this.#fields.push(field);
  }

  build(): Postings {
    const termCount = this.#termIds.size;
    const occurrences = this.#terms.length;
    const terms = this.#terms.values;
    const documents = this.#documents.values;
    const fields = this.#fields.values;
    // Counting sort of occurrences by term; stable, so each term's occurrences stay in document order.
    const start = new Int32Array(termCount + 1);
    for (let i = 0; i < occurrences; i++) start[terms[i]! + 1]! += 1;
    for (let t = 0; t < termCount; t++) start[t + 1]! += start[t]!;
    const sortedDocuments = new Int32Array(occurrences);
    const sortedFields = new Uint8Array(occurrences);
    const next = start.slice(0, termCount);
    for (let i = 0; i < occurrences; i++) {
      const k = next[terms[i]!]!++;
      sortedDocuments[k] = documents[i]!;
      sortedFields[k] = fields[i]!;
    }
    // One row per (term, document): count rows, then fill them.
    const offsets = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) {
      let rows = 0;
      let last = -1;
      for (let k = start[t]!; k < start[t + 1]!; k++) {
        if (sortedDocuments[k] !== last) rows++;
        last = sortedDocuments[k]!;
      }
      offsets[t + 1] = offsets[t]! + rows;
    }
    const rowDocuments = new Int32Array(offsets[termCount]!);
    const rowTf = new Float32Array(offsets[termCount]! * FIELD_COUNT);
    for (let t = 0; t < termCount; t++) {
      let row = offsets[t]! - 1;
      let last = -1;
      for (let k = start[t]!; k < start[t + 1]!; k++) {
        if (sortedDocuments[k] !== last) {
          row++;
          last = sortedDocuments[k]!;
          rowDocuments[row] = last;
        }
        rowTf[row * FIELD_COUNT + sortedFields[k]!]! += 1;
      }
    }
    return new Postings(this.#termIds, offsets, rowDocuments, rowTf);
  }
}

/** The read side: a term's rows are `offsets[id]` up to `offsets[id + 1]`. */
export class Postings {
  constructor(
    readonly termIds: ReadonlyMap<string, number>,
    readonly offsets: Int32Array,
    /** Document of each row, increasing within a term. */
    readonly documents: Int32Array,
    /** Frequency per (row, field): rows × FIELDS.length. */
    readonly tf: Float32Array,
  ) {}

  get termCount(): number {
    return this.termIds.size;
  }

  /** Number of documents that contain the term (0 for an unknown term). */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  /** The row of a document in a term's postings, or -1. */
  rowOf(termId: number, document: number): number {
    let lo = this.offsets[termId]!;
    let hi = this.offsets[termId + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.documents[mid]!;
      if (d === document) return mid;
      if (d < document) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
