/**
 * Field-by-field comparison of QA versions: for the conflict view (あなたの編集 vs 保存されている最新の内容,
 * measured against the version the editor started from) and for the history's diff. Nothing here picks a
 * side where both people changed a field differently: the staff member must choose, so nothing is lost
 * silently.
 */
import type { QaContent, TranslationLanguage } from '@madoguchi/server/admin-api';
import { LANGUAGE_LABELS, LANGUAGES } from './qa-form.ts';

export type QaFieldKey = Exclude<keyof QaContent, 'translations'> | `translations.${TranslationLanguage}`;

export interface QaFieldDefinition {
  key: QaFieldKey;
  label: string;
}

export const QA_FIELDS: readonly QaFieldDefinition[] = [
  { key: 'id', label: '管理番号' },
  { key: 'category1', label: '大分類' },
  { key: 'category2', label: '中分類' },
  { key: 'question', label: '質問' },
  { key: 'alternates', label: '言い換え' },
  { key: 'keywords', label: 'キーワード' },
  { key: 'answer', label: '回答' },
  { key: 'relatedIds', label: '関連QA' },
  { key: 'department', label: '担当課' },
  { key: 'contact', label: '連絡先' },
  { key: 'sourceUrls', label: '参照URL' },
  { key: 'status', label: '状態' },
  { key: 'validFrom', label: '公開開始日' },
  { key: 'validUntil', label: '公開終了日' },
  ...LANGUAGES.map((lang): QaFieldDefinition => ({ key: `translations.${lang}`, label: `翻訳（${LANGUAGE_LABELS[lang]}）` })),
];

export const STATUS_LABELS: Readonly<Record<QaContent['status'], string>> = { draft: '下書き', published: '公開' };

function translationLanguage(key: QaFieldKey): TranslationLanguage | undefined {
  return key.startsWith('translations.') ? (key.slice('translations.'.length) as TranslationLanguage) : undefined;
}

/**
 * A field as text a person reads (lists one item per line), for showing and comparing.
 *
 * @example fieldText(qa, 'status') // '公開'
 */
export function fieldText(qa: QaContent, key: QaFieldKey): string {
  const lang = translationLanguage(key);
  if (lang) {
    const t = qa.translations[lang];
    if (!t) return '';
    return [`質問: ${t.question}`, ...(t.alternates.length > 0 ? [`言い換え: ${t.alternates.join(' / ')}`] : []), '回答:', t.answer].join('\n');
  }
  const field = key as Exclude<QaFieldKey, `translations.${string}`>;
  const value = qa[field];
  if (field === 'status') return STATUS_LABELS[qa.status];
  if (Array.isArray(value)) return value.join('\n');
  return value ?? '';
}

function fieldsEqual(a: QaContent, b: QaContent, key: QaFieldKey): boolean {
  const lang = translationLanguage(key);
  if (lang) return JSON.stringify(a.translations[lang] ?? null) === JSON.stringify(b.translations[lang] ?? null);
  const field = key as Exclude<QaFieldKey, `translations.${string}`>;
  return JSON.stringify(a[field] ?? null) === JSON.stringify(b[field] ?? null);
}

/** `to` with one field taken from `from`. */
function withField(to: QaContent, from: QaContent, key: QaFieldKey): QaContent {
  const lang = translationLanguage(key);
  if (lang) {
    const translations = { ...to.translations };
    const value = from.translations[lang];
    if (value) translations[lang] = value;
    else delete translations[lang];
    return { ...to, translations };
  }
  const field = key as Exclude<QaFieldKey, `translations.${string}`>;
  return { ...to, [field]: from[field] };
}

export interface FieldComparison {
  key: QaFieldKey;
  label: string;
  mine: string;
  theirs: string;
  /** Where the staff member started; '' when unknown. */
  base: string;
  changedByMe: boolean;
  changedByThem: boolean;
  /** Mine and theirs differ: something to choose. */
  differs: boolean;
  /** Both changed it, differently: only a person can choose. */
  conflict: boolean;
}

/**
 * Compares the staff member's edit with the latest stored QA, field by field.
 *
 * @example compareForConflict(original, mine, latest).filter((field) => field.differs)
 */
export function compareForConflict(base: QaContent | undefined, mine: QaContent, theirs: QaContent): FieldComparison[] {
  return QA_FIELDS.map(({ key, label }) => {
    const differs = !fieldsEqual(mine, theirs, key);
    // Without a base, every difference needs a person.
    const changedByMe = base ? !fieldsEqual(base, mine, key) : differs;
    const changedByThem = base ? !fieldsEqual(base, theirs, key) : differs;
    return {
      key,
      label,
      mine: fieldText(mine, key),
      theirs: fieldText(theirs, key),
      base: base ? fieldText(base, key) : '',
      changedByMe,
      changedByThem,
      differs,
      conflict: differs && changedByMe && changedByThem,
    };
  });
}

export type Choice = 'mine' | 'theirs';
export type Choices = Partial<Record<QaFieldKey, Choice>>;

/**
 * The obvious side for each differing field: whoever changed it. Real conflicts stay unchosen.
 *
 * @example defaultChoices(comparisons) // { answer: 'mine', keywords: 'theirs' }
 */
export function defaultChoices(comparisons: readonly FieldComparison[]): Choices {
  const choices: Choices = {};
  for (const field of comparisons) {
    if (!field.differs || field.conflict) continue;
    choices[field.key] = field.changedByMe ? 'mine' : 'theirs';
  }
  return choices;
}

/** Differing fields with no side chosen yet. @example unresolvedFields(comparisons, {}) // ['answer'] */
export function unresolvedFields(comparisons: readonly FieldComparison[], choices: Choices): QaFieldKey[] {
  return comparisons.filter((field) => field.differs && choices[field.key] === undefined).map((field) => field.key);
}

/**
 * The merged QA: every differing field from the chosen side, the rest as both have it.
 * Throws when a differing field has no choice (the view keeps 保存 disabled until all are chosen).
 *
 * @example mergeQa(mine, theirs, { answer: 'mine', keywords: 'theirs' })
 */
export function mergeQa(mine: QaContent, theirs: QaContent, choices: Choices): QaContent {
  let merged: QaContent = { ...theirs, translations: { ...theirs.translations } };
  for (const { key } of QA_FIELDS) {
    if (fieldsEqual(mine, theirs, key)) continue;
    const choice = choices[key];
    if (choice === undefined) throw new Error(`no choice for ${key}`);
    if (choice === 'mine') merged = withField(merged, mine, key);
  }
  return merged;
}

export interface VersionDifference {
  key: QaFieldKey;
  label: string;
  before: string;
  after: string;
}

/**
 * The fields that differ between two versions (history: a revision against the current QA).
 *
 * @example diffVersions(revision.content, current).map((d) => d.label) // ['回答', 'キーワード']
 */
export function diffVersions(before: QaContent, after: QaContent): VersionDifference[] {
  return QA_FIELDS.filter(({ key }) => !fieldsEqual(before, after, key)).map(({ key, label }) => ({
    key,
    label,
    before: fieldText(before, key),
    after: fieldText(after, key),
  }));
}
