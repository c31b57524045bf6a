/**
 * The one error of QA import: a stable `code`, a Japanese message for staff and, for content problems,
 * every issue found, each naming the row (as Excel numbers it, header = 1) and the column.
 */

/**
 * Every code a QA file can fail with.
 *
 * @example `QA_IMPORT_ERROR_CODES.QA_FILE_INVALID`
 */
export const QA_IMPORT_ERROR_CODES = {
  QA_FILE_FORMAT_UNKNOWN: 'The file name has no supported extension (.csv, .xlsx, .jsonl).',
  QA_FILE_TOO_LARGE: 'The file (or the inside of an .xlsx) exceeds the size limit; it was not parsed.',
  QA_FILE_TOO_MANY_ROWS: 'The file has more QA rows than the limit.',
  QA_FILE_ENCODING: 'A CSV file is neither UTF-8 nor Shift_JIS (CP932).',
  QA_FILE_UNREADABLE: 'The bytes are not a file of the stated format (random bytes, an image, a zip that is not xlsx).',
  QA_FILE_EMPTY: 'The file has no QA rows.',
  QA_FILE_INVALID: 'The file was read but its content has problems; `issues` lists all of them.',
} as const;

/** @example `const code: QaImportErrorCode = 'QA_FILE_INVALID';` */
export type QaImportErrorCode = keyof typeof QA_IMPORT_ERROR_CODES;

/**
 * One problem in one cell (or one header, row 1).
 *
 * @example `{ row: 3, column: '管理番号', message: '管理番号が空です' }`
 */
export interface QaImportIssue {
  /** The row as the user sees it in Excel (header = 1); for JSONL, the line number. */
  row: number;
  /** The column header (Japanese), or '' when the problem concerns the whole row. */
  column: string;
  message: string;
}

const SHOWN_IN_MESSAGE = 30;

/**
 * A QA file that cannot be imported. Nothing of it has been stored.
 *
 * @example
 * ```ts
 * try { await parseQaFile(bytes, 'csv'); }
 * catch (e) { if (e instanceof QaImportError) for (const i of e.issues) console.log(formatIssue(i)); }
 * ```
 */
export class QaImportError extends Error {
  readonly code: QaImportErrorCode;
  readonly issues: QaImportIssue[];

  constructor(code: QaImportErrorCode, message: string, issues: QaImportIssue[] = []) {
    super(message);
    this.name = 'QaImportError';
    this.code = code;
    this.issues = issues;
  }

  /**
   * The content-problem error, its message summarising the issues in Japanese.
   *
   * @example `throw QaImportError.invalid([{ row: 3, column: '管理番号', message: '管理番号が空です' }]);`
   */
  static invalid(issues: QaImportIssue[], truncated = false): QaImportError {
    const lines = issues.slice(0, SHOWN_IN_MESSAGE).map(formatIssue);
    const rest = issues.length - lines.length;
    const more = rest > 0 || truncated ? [`…ほか${truncated ? '多数' : ` ${rest} 件`}`] : [];
    const head = `ファイルに問題が ${issues.length} 件${truncated ? '以上' : ''}あります。直してからもう一度取り込んでください。`;
    return new QaImportError('QA_FILE_INVALID', [head, ...lines, ...more].join('\n'), issues);
  }
}

/**
 * One issue as one Japanese line.
 *
 * @example `formatIssue({ row: 3, column: '管理番号', message: '管理番号が空です' }) // '3行目「管理番号」: 管理番号が空です'`
 */
export function formatIssue(issue: QaImportIssue): string {
  return issue.column === '' ? `${issue.row}行目: ${issue.message}` : `${issue.row}行目「${issue.column}」: ${issue.message}`;
}
