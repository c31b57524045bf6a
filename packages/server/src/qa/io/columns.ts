/**
 * The spreadsheet columns: their order on export, their Japanese headers, the English and other aliases
 * accepted on import, and the mapping of a header row to columns.
 */
import { TRANSLATION_LANGUAGES, type TranslationLanguage } from '../model.ts';
import type { QaImportIssue } from './errors.ts';

export type TranslationField = 'question' | 'alternates' | 'answer';

/** A column that carries QaContent (and is read on import). */
export type FieldKey =
  | 'id'
  | 'category1'
  | 'category2'
  | 'question'
  | 'alternates'
  | 'keywords'
  | 'answer'
  | 'relatedIds'
  | 'department'
  | 'contact'
  | 'sourceUrls'
  | 'status'
  | 'validFrom'
  | 'validUntil'
  | `${TranslationField}_${TranslationLanguage}`;

/** Every column, including the bookkeeping ones written on export and ignored on import. */
export type ColumnKey = FieldKey | 'version' | 'updatedBy' | 'updatedAt';

export interface ColumnDef {
  key: ColumnKey;
  /** The header written on export. */
  header: string;
  /** Other headers accepted on import, compared after {@link normalizeHeader}. */
  aliases: readonly string[];
  /** Excel column width in characters. */
  width: number;
  /** Long or multi-line text: wrap in Excel. */
  wrap: boolean;
  exportOnly: boolean;
}

const LANGUAGE_NAMES: Record<TranslationLanguage, string> = { en: '英語', zh: '中国語', ko: '韓国語', vi: 'ベトナム語' };
const TRANSLATION_HEADERS: Record<TranslationField, { ja: string; en: string; width: number }> = {
  question: { ja: '質問', en: 'question', width: 30 },
  alternates: { ja: '言い換え', en: 'alternates', width: 30 },
  answer: { ja: '回答', en: 'answer', width: 50 },
};

function col(key: ColumnKey, header: string, aliases: string[], width: number, wrap = false, exportOnly = false): ColumnDef {
  return { key, header, aliases, width, wrap, exportOnly };
}

/**
 * All columns in export order.
 *
 * @example `COLUMNS.map((c) => c.header) // ['管理番号', '大分類', …, '更新日時']`
 */
export const COLUMNS: readonly ColumnDef[] = [
  col('id', '管理番号', ['id', 'qaid', '番号', 'no'], 12),
  col('category1', '大分類', ['category1', 'category', 'カテゴリ', 'カテゴリー', '分類'], 16),
  col('category2', '中分類', ['category2', 'subcategory', '小分類'], 16),
  col('question', '質問', ['question', 'q', '質問文'], 40, true),
  col('alternates', '言い換え', ['alternates', 'alternatequestions', 'alternative', '類似質問', '言い換え質問'], 40, true),
  col('keywords', 'キーワード', ['keywords', 'keyword', 'tags'], 20, true),
  col('answer', '回答', ['answer', 'a', '回答文'], 60, true),
  col('relatedIds', '関連QA', ['related', 'relatedids', 'relatedqa', '関連', '関連質問'], 12, true),
  col('department', '担当課', ['department', '担当部署', '担当'], 16),
  col('contact', '連絡先', ['contact', '問い合わせ先', 'お問い合わせ先', '問合せ先'], 30, true),
  col('sourceUrls', '参照URL', ['urls', 'url', 'sourceurls', 'sourceurl', '参考url', 'リンク'], 40, true),
  col('status', '状態', ['status', '公開状態', 'ステータス'], 8),
  col('validFrom', '公開開始日', ['validfrom', 'from', '掲載開始日', '開始日'], 12),
  col('validUntil', '公開終了日', ['validuntil', 'until', '掲載終了日', '終了日'], 12),
  ...TRANSLATION_LANGUAGES.flatMap((lang) =>
    (['question', 'alternates', 'answer'] as const).map((field) => {
      const h = TRANSLATION_HEADERS[field];
      return col(`${field}_${lang}`, `${h.ja}(${LANGUAGE_NAMES[lang]})`, [`${h.en}${lang}`, `${lang}${h.en}`, `${h.ja}${lang}`], h.width, true);
    }),
  ),
  col('version', '版', ['version'], 6, false, true),
  col('updatedBy', '更新者', ['updatedby'], 14, false, true),
  col('updatedAt', '更新日時', ['updatedat'], 20, false, true),
];

const BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

const TRANSLATION_COLUMNS = new Map<ColumnKey, { field: TranslationField; lang: TranslationLanguage }>(
  TRANSLATION_LANGUAGES.flatMap((lang) =>
    (['question', 'alternates', 'answer'] as const).map((field) => [`${field}_${lang}` as const, { field, lang }] as const),
  ),
);

/**
 * Which translation field a column holds, if any.
 *
 * @example `translationColumn('answer_ko') // { field: 'answer', lang: 'ko' }`
 */
export function translationColumn(key: ColumnKey): { field: TranslationField; lang: TranslationLanguage } | undefined {
  return TRANSLATION_COLUMNS.get(key);
}

const ORDER = new Map(COLUMNS.map((c, i) => [c.header, i]));

/**
 * Sort key of a column header, so issues of one row read left to right.
 *
 * @example `columnOrder('回答') < columnOrder('状態')`
 */
export function columnOrder(header: string): number {
  return ORDER.get(header) ?? COLUMNS.length;
}

/** Columns an import cannot do without. */
export const REQUIRED_COLUMNS: readonly FieldKey[] = ['id', 'question', 'answer'];

/**
 * The Japanese header of a column, used in every issue message.
 *
 * @example `columnLabel('validFrom') // '公開開始日'`
 */
export function columnLabel(key: ColumnKey): string {
  return BY_KEY.get(key)?.header ?? key;
}

/**
 * Folds a header for comparison: width (NFKC), case, and spacing/punctuation that people add or drop
 * ("Question (en)", "question_en", "質問（英語）" all match).
 *
 * @example `normalizeHeader('Ｑｕｅｓｔｉｏｎ_EN') // 'questionen'`
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()[\]・.:：]/g, '');
}

const LOOKUP = new Map<string, ColumnKey>();
for (const c of COLUMNS) for (const name of [c.header, ...c.aliases]) LOOKUP.set(normalizeHeader(name), c.key);

// QnABot style: 質問1, 質問2, … (or question1 …) hold alternates.
const NUMBERED_QUESTION = /^(?:質問|question|q)(\d+)$/;

/**
 * Where each column is in a header row.
 *
 * @example `headerMap.columns.get('answer') // 6 (0-based cell index)`
 */
export interface HeaderMap {
  columns: Map<FieldKey, number>;
  /** Cell indexes of further 言い換え columns: ones mapped to it beyond the first, then 質問1…質問N in N order. */
  numberedQuestions: number[];
}

/**
 * Staff's choice of column for each uploaded header (the header text as in the file, trimmed): a field, or
 * null to ignore that column. Headers not named here are recognised automatically.
 *
 * @example `{ 'FAQ本文': 'answer', '備考': null }`
 */
export type ColumnMapping = Readonly<Record<string, FieldKey | null>>;

/** Every column an import reads, in export order: the choices a mapping offers. */
export const IMPORT_COLUMNS: readonly FieldKey[] = COLUMNS.filter((c) => !c.exportOnly).map((c) => c.key as FieldKey);

/**
 * The column a header is recognised as without a mapping: 質問1…質問N count as 言い換え; unknown and
 * export-only headers (版, 更新者 …) as null.
 *
 * @example `suggestColumn('Question') // 'question'`
 */
export function suggestColumn(header: string): FieldKey | null {
  const name = normalizeHeader(header);
  if (name === '') return null;
  const key = LOOKUP.get(name);
  if (key !== undefined) return isExportOnly(key) ? null : key;
  return NUMBERED_QUESTION.test(name) ? 'alternates' : null;
}

/**
 * Maps header cells to columns; reports missing required columns and duplicated ones (row 1).
 * Unknown headers are ignored so a city can keep its own memo columns. A `mapping` overrides the
 * recognition of the headers it names; several headers mapped to 言い換え are all read as 言い換え.
 *
 * @example `mapHeader(['管理番号', 'Question', '回答']).map.columns.get('question') // 1`
 */
export function mapHeader(headers: readonly string[], mapping: ColumnMapping = {}): { map: HeaderMap; issues: QaImportIssue[] } {
  const columns = new Map<FieldKey, number>();
  const numbered = new Map<number, number>();
  const extraAlternates: number[] = [];
  const issues: QaImportIssue[] = [];
  const duplicate = (label: string): void => {
    issues.push({ row: 1, column: label, message: `列「${label}」が2つ以上あります。1つにしてください` });
  };
  headers.forEach((raw, index) => {
    const chosen = Object.hasOwn(mapping, raw.trim()) ? mapping[raw.trim()] : undefined;
    if (chosen !== undefined) {
      if (chosen === null) return;
      if (!columns.has(chosen)) columns.set(chosen, index);
      else if (chosen === 'alternates') extraAlternates.push(index);
      else duplicate(columnLabel(chosen));
      return;
    }
    const name = normalizeHeader(raw);
    if (name === '') return;
    const key = LOOKUP.get(name);
    if (key !== undefined) {
      if (isExportOnly(key)) return;
      if (columns.has(key)) duplicate(columnLabel(key));
      else columns.set(key, index);
      return;
    }
    const n = NUMBERED_QUESTION.exec(name)?.[1];
    if (n !== undefined) {
      const number = Number(n);
      if (numbered.has(number)) duplicate(raw.trim());
      else numbered.set(number, index);
    }
  });
  for (const key of REQUIRED_COLUMNS) {
    if (!columns.has(key)) issues.push({ row: 1, column: columnLabel(key), message: `必須の列「${columnLabel(key)}」がありません` });
  }
  const numberedQuestions = [...extraAlternates, ...[...numbered.entries()].sort((a, b) => a[0] - b[0]).map(([, index]) => index)];
  return { map: { columns, numberedQuestions }, issues };
}

function isExportOnly(key: ColumnKey): key is 'version' | 'updatedBy' | 'updatedAt' {
  return BY_KEY.get(key)?.exportOnly === true;
}
