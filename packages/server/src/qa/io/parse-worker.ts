/**
 * The worker thread's side of parse-in-worker.ts: reads the file it was given and posts back the reading, or
 * the QaImportError as plain fields (an Error's class does not survive the message).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { QaImportError } from './errors.ts';
import type { ParseRequest, ParseResult } from './parse-in-worker.ts';
import { readFormat } from './read-format.ts';

const { bytes, format, options } = workerData as ParseRequest;
let result: ParseResult;
try {
  result = { reading: await readFormat(Buffer.from(bytes), format, options) };
} catch (error) {
  if (!(error instanceof QaImportError)) throw error;
  result = { error: { code: error.code, message: error.message, issues: error.issues } };
}
parentPort?.postMessage(result);
