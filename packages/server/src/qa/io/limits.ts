/**
 * Limits on imported QA files and cells, in one place so the admin UI can show the same numbers.
 * They bound the work one upload can cause and keep cells within what Excel displays (32,767 chars).
 */
export const QA_IO_LIMITS = {
  /** Bytes of an uploaded file, checked before any parsing. */
  maxFileBytes: 20 * 1024 * 1024,
  /**
   * Caps inside an .xlsx, checked while inflating, before exceljs reads anything: a 20,000-row workbook of
   * long answers stays well within them, while a small zip cannot expand into minutes of parsing.
   */
  maxXlsxUncompressedBytes: 100 * 1024 * 1024,
  maxXlsxEntryBytes: 64 * 1024 * 1024,
  maxXlsxEntries: 500,
  /** Distinct texts in the workbook (`<si>` in xl/sharedStrings.xml). */
  maxXlsxSharedStrings: 300_000,
  /** `<row>` and `<c>` elements over every sheet (blank but formatted rows count too). */
  maxXlsxRows: 50_000,
  maxXlsxCells: 1_500_000,
  /** QA rows (data rows, not counting the header and empty rows). */
  maxRows: 20_000,
  idMaxLength: 64,
  questionMaxLength: 2_000,
  /** Excel's own limit for one cell: anything longer could not be exported to XLSX. */
  answerMaxLength: 32_767,
  categoryMaxLength: 100,
  departmentMaxLength: 200,
  contactMaxLength: 2_000,
  alternateMaxLength: 1_000,
  maxAlternates: 100,
  keywordMaxLength: 100,
  maxKeywords: 100,
  maxRelatedIds: 50,
  urlMaxLength: 2_000,
  maxSourceUrls: 20,
  /** Issues collected before giving up on a file; enough to fix a file in one pass. */
  maxIssues: 1_000,
} as const;
