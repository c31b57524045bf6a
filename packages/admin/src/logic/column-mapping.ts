/**
 * Column mapping for imports whose headers differ from ours: which of our columns each uploaded header
 * feeds, what is wrong with a mapping before it is sent, and the part of it worth sending (the choices
 * that differ from what the server recognises by itself).
 */

/** One of our columns, as the server's preview lists them. */
export interface ColumnOption {
  key: string;
  label: string;
  required: boolean;
}

/** Uploaded header → our column key, or null: not imported. */
export type Mapping = Record<string, string | null>;

/** 言い換え may be fed by several columns (質問1, 質問2, …); every other column by one. */
const MULTI_COLUMNS = new Set(['alternates']);

/**
 * What must be fixed before the mapping can work, in Japanese.
 *
 * @example mappingProblems(['Q', 'A'], { Q: 'question', A: 'question' }, columns)
 * // ['「質問」に 2 つの列（Q、A）が割り当てられています。1 つにしてください。', '必須の「管理番号」に対応する列がありません。', …]
 */
export function mappingProblems(headers: readonly string[], mapping: Mapping, columns: readonly ColumnOption[]): string[] {
  const byKey = new Map<string, string[]>();
  for (const header of headers) {
    const key = mapping[header];
    if (key === null || key === undefined) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), header]);
  }
  const label = (key: string) => columns.find((c) => c.key === key)?.label ?? key;
  const problems: string[] = [];
  for (const [key, from] of byKey) {
    if (from.length > 1 && !MULTI_COLUMNS.has(key)) problems.push(`「${label(key)}」に ${from.length} つの列（${from.join('、')}）が割り当てられています。1 つにしてください。`);
  }
  for (const column of columns) {
    if (column.required && !byKey.has(column.key)) problems.push(`必須の「${column.label}」に対応する列がありません。`);
  }
  return problems;
}

/**
 * The choices that differ from the server's own recognition (the rest it works out again).
 *
 * @example mappingOverrides({ 'FAQ本文': 'answer', 管理番号: 'id' }, { 'FAQ本文': null, 管理番号: 'id' }) // { 'FAQ本文': 'answer' }
 */
export function mappingOverrides(mapping: Mapping, suggested: Mapping): Mapping {
  const overrides: Mapping = {};
  for (const [header, key] of Object.entries(mapping)) {
    if ((suggested[header] ?? null) !== key) overrides[header] = key;
  }
  return overrides;
}

/** Headers that will not be imported. @example ignoredHeaders(['備考'], { 備考: null }) // ['備考'] */
export function ignoredHeaders(headers: readonly string[], mapping: Mapping): string[] {
  return headers.filter((header) => (mapping[header] ?? null) === null);
}

/**
 * A mapping with one header changed.
 *
 * @example withChoice({ A: 'question' }, 'A', null) // { A: null }
 */
export function withChoice(mapping: Mapping, header: string, key: string | null): Mapping {
  return { ...mapping, [header]: key };
}
