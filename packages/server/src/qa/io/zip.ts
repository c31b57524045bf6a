/**
 * A guard run before exceljs sees an upload: the bytes must be a zip holding an Excel workbook, with a bounded
 * number of entries that inflate to bounded sizes and hold a bounded number of chosen XML elements (shared
 * strings, rows, cells). Sizes declared in a zip can lie, so each entry is actually inflated, streaming and
 * only counting, and stopped at the first cap passed: a "zip bomb" costs neither memory nor more time than
 * the caps allow.
 */
import { createInflateRaw } from 'node:zlib';

const EOCD = 0x06054b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * What {@link inspectZip} found.
 *
 * @example `{ names: ['[Content_Types].xml', 'xl/workbook.xml', …], uncompressedBytes: 48213 }`
 */
export interface ZipInspection {
  names: string[];
  uncompressedBytes: number;
}

/** Why a zip was refused: `too-large` and `too-many` name the cap in `ZipGuardError.limit`. */
export type ZipProblem = 'not-zip' | 'too-large' | 'too-many' | 'unsupported';

/** An XML element counted in the entries whose names match, e.g. shared strings: `{ entries: /^xl\/sharedStrings\.xml$/, tag: 'si', max: 200_000 }`. */
export interface ElementLimit {
  entries: RegExp;
  tag: string;
  max: number;
}

/**
 * The caps {@link inspectZip} enforces while inflating.
 *
 * @example `{ totalBytes: 100 * MB, entryBytes: 64 * MB, entries: 500, elements: { sharedStrings: { entries: /…/, tag: 'si', max: 200_000 } } }`
 */
export interface ZipLimits {
  totalBytes: number;
  entryBytes: number;
  entries: number;
  /** Named so the refusal can say which one was passed. */
  elements?: Readonly<Record<string, ElementLimit>>;
}

/**
 * Thrown by {@link inspectZip}; the caller turns it into a user-facing message.
 *
 * @example `catch (e) { if (e instanceof ZipGuardError && e.problem === 'too-large') … }`
 */
export class ZipGuardError extends Error {
  readonly problem: ZipProblem;
  /** The cap passed: `totalBytes`, `entryBytes`, `entries` or an element limit's name. */
  readonly limit: string;

  constructor(problem: ZipProblem, detail: string, limit = '') {
    super(detail);
    this.name = 'ZipGuardError';
    this.problem = problem;
    this.limit = limit;
  }
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/**
 * Lists the entries and inflates each one, stopping at the first cap passed.
 *
 * @throws ZipGuardError
 * @example `(await inspectZip(bytes, QA_XLSX_ZIP_LIMITS)).names.includes('xl/workbook.xml')`
 */
export async function inspectZip(bytes: Buffer, limits: ZipLimits): Promise<ZipInspection> {
  const entries = readCentralDirectory(bytes, limits.entries);
  const elementCounts = new Map<string, number>();
  let total = 0;
  for (const e of entries) {
    const data = entryData(bytes, e);
    const budget = Math.min(limits.entryBytes, limits.totalBytes - total);
    const entryCap = budget === limits.entryBytes;
    const counters = Object.entries(limits.elements ?? {})
      .filter(([, limit]) => limit.entries.test(e.name))
      .map(([name, limit]) => new ElementCounter(name, limit, elementCounts));
    if (e.method === 0) {
      if (data.length > budget) throw tooLarge(e.name, entryCap);
      for (const counter of counters) counter.push(data);
      total += data.length;
    } else if (e.method === 8) {
      total += await inflatedSize(data, budget, e.name, counters, entryCap);
    } else throw new ZipGuardError('unsupported', `entry ${e.name} uses compression method ${e.method}`);
  }
  return { names: entries.map((e) => e.name), uncompressedBytes: total };
}

function tooLarge(name: string, entryCap: boolean): ZipGuardError {
  return new ZipGuardError('too-large', `entry ${name} inflates beyond the limit`, entryCap ? 'entryBytes' : 'totalBytes');
}

/**
 * Counts start tags (`<si>`, `<si …`) in XML arriving in chunks, across the entries of one zip. A tag split
 * between chunks is found because the last few characters are kept for the next chunk.
 */
class ElementCounter {
  readonly #open: string;
  #tail = '';

  constructor(
    private readonly name: string,
    private readonly limit: ElementLimit,
    private readonly counts: Map<string, number>,
  ) {
    this.#open = `<${limit.tag}`;
  }

  push(chunk: Buffer): void {
    // latin1 maps each byte to one character: a UTF-8 tag name stays findable and nothing is decoded in vain.
    const text = this.#tail + chunk.toString('latin1');
    const last = text.length - this.#open.length;
    let found = 0;
    for (let i = text.indexOf(this.#open); i >= 0 && i < last; i = text.indexOf(this.#open, i + 1)) {
      const next = text.charCodeAt(i + this.#open.length);
      // `>`, `/`, or white space: the tag itself, not a longer name such as <sheet after <s.
      if (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) found++;
    }
    this.#tail = text.slice(Math.max(0, last));
    const count = (this.counts.get(this.name) ?? 0) + found;
    this.counts.set(this.name, count);
    if (count > this.limit.max) throw new ZipGuardError('too-many', `more than ${this.limit.max} <${this.limit.tag}> elements`, this.name);
  }
}

function inflatedSize(data: Buffer, budget: number, name: string, counters: ElementCounter[], entryCap: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    const stop = (error: ZipGuardError): void => {
      inflate.destroy();
      reject(error);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) return stop(tooLarge(name, entryCap));
      try {
        for (const counter of counters) counter.push(chunk);
      } catch (error) {
        stop(error as ZipGuardError);
      }
    });
    inflate.on('end', () => resolve(size));
    inflate.on('error', () => reject(new ZipGuardError('not-zip', `entry ${name} is corrupt`)));
    inflate.end(data);
  });
}

function readCentralDirectory(bytes: Buffer, maxEntries: number): Entry[] {
  const eocd = findEocd(bytes);
  if (eocd < 0) throw new ZipGuardError('not-zip', 'no end of central directory');
  let offset = bytes.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff) offset = zip64DirectoryOffset(bytes, eocd);
  const entries: Entry[] = [];
  // Walk until the signature stops matching rather than trusting the 16-bit entry count.
  while (offset + 46 <= bytes.length && bytes.readUInt32LE(offset) === CENTRAL_ENTRY) {
    const method = bytes.readUInt16LE(offset + 10);
    let compressedSize = bytes.readUInt32LE(offset + 20);
    const uncompressed = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    let localHeaderOffset = bytes.readUInt32LE(offset + 42);
    const nameEnd = offset + 46 + nameLength;
    if (nameEnd + extraLength > bytes.length) throw new ZipGuardError('not-zip', 'truncated central directory');
    const name = bytes.toString('utf8', offset + 46, nameEnd);
    if (compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const z = zip64Extra(bytes.subarray(nameEnd, nameEnd + extraLength), uncompressed === 0xffffffff, compressedSize === 0xffffffff);
      if (compressedSize === 0xffffffff) compressedSize = z.compressedSize;
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = z.localHeaderOffset;
    }
    entries.push({ name, method, compressedSize, localHeaderOffset });
    if (entries.length > maxEntries) throw new ZipGuardError('too-many', `more than ${maxEntries} entries`, 'entries');
    offset = nameEnd + extraLength + commentLength;
  }
  if (entries.length === 0) throw new ZipGuardError('not-zip', 'empty central directory');
  return entries;
}

function findEocd(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) if (bytes.readUInt32LE(i) === EOCD) return i;
  return -1;
}

function zip64DirectoryOffset(bytes: Buffer, eocd: number): number {
  const locator = eocd - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_EOCD_LOCATOR) throw new ZipGuardError('not-zip', 'missing zip64 locator');
  const record = safeNumber(bytes.readBigUInt64LE(locator + 8));
  if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_EOCD) throw new ZipGuardError('not-zip', 'bad zip64 record');
  return safeNumber(bytes.readBigUInt64LE(record + 48));
}

// The zip64 extra field holds, in order, only the values whose 32-bit fields are 0xffffffff.
function zip64Extra(extra: Buffer, hasUncompressed: boolean, hasCompressed: boolean): { compressedSize: number; localHeaderOffset: number } {
  let i = 0;
  while (i + 4 <= extra.length) {
    const id = extra.readUInt16LE(i);
    const size = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      const next = (): number => {
        if (p + 8 > i + 4 + size || p + 8 > extra.length) throw new ZipGuardError('not-zip', 'bad zip64 extra field');
        const v = safeNumber(extra.readBigUInt64LE(p));
        p += 8;
        return v;
      };
      if (hasUncompressed) next();
      const compressedSize = hasCompressed ? next() : -1;
      const localHeaderOffset = p + 8 <= i + 4 + size ? next() : -1;
      return { compressedSize, localHeaderOffset };
    }
    i += 4 + size;
  }
  throw new ZipGuardError('not-zip', 'missing zip64 extra field');
}

function entryData(bytes: Buffer, e: Entry): Buffer {
  const h = e.localHeaderOffset;
  if (h < 0 || h + 30 > bytes.length || bytes.readUInt32LE(h) !== LOCAL_HEADER) throw new ZipGuardError('not-zip', `bad local header for ${e.name}`);
  const start = h + 30 + bytes.readUInt16LE(h + 26) + bytes.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (e.compressedSize < 0 || end > bytes.length) throw new ZipGuardError('not-zip', `truncated entry ${e.name}`);
  return bytes.subarray(start, end);
}

function safeNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipGuardError('not-zip', 'offset out of range');
  return Number(n);
}
