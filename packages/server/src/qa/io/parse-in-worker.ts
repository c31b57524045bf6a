/**
 * Parsing a QA file in a worker thread with its own memory limit and a time limit, so a hostile or huge
 * upload can neither stall the event loop (citizens' chat keeps answering) nor exhaust the process's memory.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { QaImportError, type QaImportErrorCode, type QaImportIssue } from './errors.ts';
import type { QaFileFormat } from './format.ts';
import type { ColumnMapping } from './columns.ts';
import { UNREADABLE_MESSAGE } from './read-format.ts';
import type { QaFileReading } from './table.ts';

/** Published `{ format, bytes }` as a worker starts reading a file (observability; tests wait for it). */
export const PARSE_STARTED_CHANNEL = 'madoguchi:qa-file-parse-started';
const parseStarted = diagnosticsChannel.channel(PARSE_STARTED_CHANNEL);

/** What the worker is given (workerData). */
export interface ParseRequest {
  bytes: Uint8Array;
  format: QaFileFormat;
  options: { mapping?: ColumnMapping };
}

/** What the worker posts back. */
export type ParseResult = { reading: QaFileReading } | { error: { code: QaImportErrorCode; message: string; issues: QaImportIssue[] } };

/**
 * The worker's heap: exceljs holds a whole workbook as objects, several times the inflated XML, and the zip
 * guard's caps (limits.ts) keep a legal file well inside this.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };
/** A legal 20,000-row workbook parses in seconds; anything slower is stopped. */
const TIME_LIMIT_MS = 120_000;

const TOO_BIG = 'ファイルが大きすぎます。読み込みに必要なメモリーが上限を超えたため、中止しました。ファイルを分けてから取り込んでください';
const TOO_SLOW = 'ファイルの読み込みに時間がかかりすぎたため、中止しました。ファイルを分けてから取り込んでください';

/**
 * Starts a module of this folder as a worker. Under tsx (this file is .ts) the worker registers tsx itself
 * before importing the module: the main thread's loader hooks do not reach a worker, and Node 20 does not
 * apply hooks registered through a worker's `--import` to its entry. A compiled build (.js) starts the module
 * directly.
 */
function startWorker(name: string, options: WorkerOptions): Worker {
  const here = new URL(import.meta.url);
  if (!here.pathname.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options);
  const entry = new URL(`./${name}.ts`, here).href;
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Reads a QA file in a worker thread.
 *
 * @throws QaImportError for anything wrong with the file, including running out of the worker's memory or time.
 * @example `const reading = await parseInWorker(bytes, 'xlsx', { mapping });`
 */
export function parseInWorker(bytes: Buffer, format: QaFileFormat, options: { mapping?: ColumnMapping }): Promise<QaFileReading> {
  const request: ParseRequest = { bytes: new Uint8Array(bytes), format, options };
  const worker = startWorker('parse-worker', { workerData: request, resourceLimits: RESOURCE_LIMITS, execArgv: [] });
  parseStarted.publish({ format, bytes: bytes.length });
  return new Promise<QaFileReading>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(new QaImportError('QA_FILE_TOO_LARGE', TOO_SLOW))), TIME_LIMIT_MS);
    timer.unref();
    worker.on('message', (result: ParseResult) =>
      settle(() => ('reading' in result ? resolve(result.reading) : reject(new QaImportError(result.error.code, result.error.message, result.error.issues)))),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new QaImportError('QA_FILE_TOO_LARGE', TOO_BIG)
            : new QaImportError('QA_FILE_UNREADABLE', UNREADABLE_MESSAGE),
        ),
      ),
    );
    worker.on('exit', () => settle(() => reject(new QaImportError('QA_FILE_UNREADABLE', 'ファイルを読み込めませんでした。もう一度お試しください'))));
  });
}
