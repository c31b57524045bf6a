/**
 * The QA editor's form: what staff type (one text per field, lists one item per line) and its conversion to
 * and from the stored QA. Comparisons between versions (conflicts, history) work on the stored shape, so
 * spacing a staff member did not mean does not count as a change.
 */
import type { QaContent, TranslationLanguage } from '@madoguchi/server/admin-api';

export const LANGUAGES: readonly TranslationLanguage[] = ['en', 'zh', 'ko', 'vi'];
export const LANGUAGE_LABELS: Readonly<Record<TranslationLanguage, string>> = { en: '英語', zh: '中国語（簡体字）', ko: '韓国語', vi: 'ベトナム語' };

export interface TranslationForm {
  question: string;
  /** One per line. */
  alternates: string;
  answer: string;
}

export interface QaForm {
  id: string;
  category1: string;
  category2: string;
  question: string;
  /** 言い換え, one per line. */
  alternates: string;
  /** キーワード, separated by commas (、 or ,) or line breaks. */
  keywords: string;
  answer: string;
  relatedIds: string[];
  department: string;
  contact: string;
  /** 参照URL, one per line. */
  sourceUrls: string;
  status: 'draft' | 'published';
  /** YYYY-MM-DD or ''. */
  validFrom: string;
  validUntil: string;
  translations: Record<TranslationLanguage, TranslationForm>;
}

/** One item per non-empty line, trimmed. @example lines(' a \n\n b') // ['a', 'b'] */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Words separated by commas (, 、 ，) or line breaks. @example words('住民票、写し, 証明') // ['住民票', '写し', '証明'] */
export function words(text: string): string[] {
  return text
    .split(/[,、，\n]/)
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

const EMPTY_TRANSLATION: TranslationForm = { question: '', alternates: '', answer: '' };

/** @example emptyForm().status // 'draft' */
export function emptyForm(): QaForm {
  return {
    id: '',
    category1: '',
    category2: '',
    question: '',
    alternates: '',
    keywords: '',
    answer: '',
    relatedIds: [],
    department: '',
    contact: '',
    sourceUrls: '',
    status: 'draft',
    validFrom: '',
    validUntil: '',
    translations: { en: { ...EMPTY_TRANSLATION }, zh: { ...EMPTY_TRANSLATION }, ko: { ...EMPTY_TRANSLATION }, vi: { ...EMPTY_TRANSLATION } },
  };
}

/** @example formFromQa(qa).alternates // '住民票がほしい\n住民票の取り方' */
export function formFromQa(qa: QaContent): QaForm {
  const translation = (lang: TranslationLanguage): TranslationForm => {
    const t = qa.translations[lang];
    return t ? { question: t.question, alternates: t.alternates.join('\n'), answer: t.answer } : { ...EMPTY_TRANSLATION };
  };
  return {
    id: qa.id,
    category1: qa.category1,
    category2: qa.category2,
    question: qa.question,
    alternates: qa.alternates.join('\n'),
    keywords: qa.keywords.join(', '),
    answer: qa.answer,
    relatedIds: [...qa.relatedIds],
    department: qa.department,
    contact: qa.contact,
    sourceUrls: qa.sourceUrls.join('\n'),
    status: qa.status,
    validFrom: qa.validFrom ?? '',
    validUntil: qa.validUntil ?? '',
    translations: { en: translation('en'), zh: translation('zh'), ko: translation('ko'), vi: translation('vi') },
  };
}

/** A translation counts only when its question or answer is written. */
function translationOf(form: TranslationForm): QaContent['translations'][TranslationLanguage] {
  const question = form.question.trim();
  const answer = form.answer.trim();
  if (question === '' && answer === '' && lines(form.alternates).length === 0) return undefined;
  return { question, alternates: lines(form.alternates), answer };
}

/** @example qaFromForm(form).keywords // ['住民票', '写し'] */
export function qaFromForm(form: QaForm): QaContent {
  const translations: QaContent['translations'] = {};
  for (const lang of LANGUAGES) {
    const t = translationOf(form.translations[lang]);
    if (t) translations[lang] = t;
  }
  return {
    id: form.id.trim(),
    category1: form.category1.trim(),
    category2: form.category2.trim(),
    question: form.question.trim(),
    alternates: lines(form.alternates),
    keywords: words(form.keywords),
    answer: form.answer.replace(/\s+$/, ''),
    relatedIds: [...form.relatedIds],
    department: form.department.trim(),
    contact: form.contact.trim(),
    sourceUrls: lines(form.sourceUrls),
    status: form.status,
    validFrom: form.validFrom === '' ? null : form.validFrom,
    validUntil: form.validUntil === '' ? null : form.validUntil,
    translations,
  };
}

/** Just the content of a stored QA (a `Qa` carries bookkeeping too). */
export function contentOf(qa: QaContent): QaContent {
  return {
    id: qa.id,
    category1: qa.category1,
    category2: qa.category2,
    question: qa.question,
    alternates: [...qa.alternates],
    keywords: [...qa.keywords],
    answer: qa.answer,
    relatedIds: [...qa.relatedIds],
    department: qa.department,
    contact: qa.contact,
    sourceUrls: [...qa.sourceUrls],
    status: qa.status,
    validFrom: qa.validFrom,
    validUntil: qa.validUntil,
    translations: { ...qa.translations },
  };
}

/**
 * What must be fixed before saving, by field, in Japanese (the server checks again).
 *
 * @example validateForm({ ...emptyForm(), id: '1' }).question // '質問を入力してください。'
 */
export function validateForm(form: QaForm): Partial<Record<keyof QaForm, string>> {
  const errors: Partial<Record<keyof QaForm, string>> = {};
  if (form.id.trim() === '') errors.id = '管理番号を入力してください。';
  else if (/[\s/\\?#%]/.test(form.id.trim())) errors.id = '管理番号には空白や / ? # % を使えません。';
  if (form.category1.trim() === '') errors.category1 = '大分類を入力してください。';
  if (form.question.trim() === '') errors.question = '質問を入力してください。';
  if (form.answer.trim() === '') errors.answer = '回答を入力してください。';
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (form.validFrom !== '' && !date.test(form.validFrom)) errors.validFrom = '公開開始日は 2026-04-01 の形で入力してください。';
  if (form.validUntil !== '' && !date.test(form.validUntil)) errors.validUntil = '公開終了日は 2026-03-31 の形で入力してください。';
  if (!errors.validFrom && !errors.validUntil && form.validFrom !== '' && form.validUntil !== '' && form.validFrom > form.validUntil) {
    errors.validUntil = '公開終了日は公開開始日より後の日にしてください。';
  }
  const badUrl = lines(form.sourceUrls).find((url) => !/^https?:\/\/\S+$/i.test(url));
  if (badUrl) errors.sourceUrls = `参照URLは http:// または https:// で始めてください（${badUrl}）。`;
  return errors;
}

/** The content without its id (the id travels in the address of an update). */
export function fieldsOf(content: QaContent): Omit<QaContent, 'id'> {
  const copy: Partial<QaContent> = { ...content };
  delete copy.id;
  return copy as Omit<QaContent, 'id'>;
}
