/**
 * Recognising a file by its first bytes, so a wrong file gets a message that says what it is instead of
 * a parser's stack trace.
 */

/** What the first bytes say the file is. */
export type Sniffed = 'zip' | 'ole2' | 'utf16' | 'pdf' | 'image' | 'unknown';

/**
 * Guesses the container from magic numbers.
 *
 * @example `sniff(Buffer.from('PK\x03\x04')) // 'zip'`
 */
export function sniff(bytes: Uint8Array): Sniffed {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole2';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'utf16';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38)) return 'image';
  return 'unknown';
}

/**
 * A Japanese explanation for a file that is plainly not what was expected, or undefined.
 *
 * @example `describeWrongFile('ole2') // '古い Excel 形式（.xls）には対応していません…'`
 */
export function describeWrongFile(kind: Sniffed): string | undefined {
  switch (kind) {
    case 'ole2':
      return '古い Excel 形式（.xls）には対応していません。Excel で「Excel ブック（*.xlsx）」として保存し直してください';
    case 'pdf':
      return 'PDF ファイルは取り込めません。CSV か Excel（.xlsx）で用意してください';
    case 'image':
      return '画像ファイルは取り込めません。CSV か Excel（.xlsx）で用意してください';
    default:
      return undefined;
  }
}
