/**
 * The rules a QA must meet to be imported, checked on normalised content. Each problem names the field;
 * the reader turns that into the row and column the user sees.
 */
import { QA_STATUSES, TRANSLATION_LANGUAGES, type QaContent, type TranslationLanguage } from '../model.ts';
import { columnLabel, type FieldKey } from './columns.ts';
import { isDay } from '../../time/japan-time.ts';
import { QA_IO_LIMITS as L } from './limits.ts';

/**
 * A problem with one field of one QA.
 *
 * @example `{ field: 'answer', message: '回答が空です' }`
 */
export interface FieldIssue {
  field: FieldKey;
  message: string;
}

// Separators of 関連QA cells and whitespace cannot be part of an id, or id lists would be ambiguous.
const ID_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Z}\s、，,；;]/u;
const CONTROL = /[\p{Cc}]/u;

/**
 * Why `id` is not a usable 管理番号, or undefined when it is.
 *
 * @example `qaIdProblem('10 01') // '管理番号に使えない文字（空白・改行・「、」「,」「;」など）が含まれています'`
 */
export function qaIdProblem(id: string): string | undefined {
  if (id === '') return '管理番号が空です';
  const length = [...id].length;
  if (length > L.idMaxLength) return `管理番号は${L.idMaxLength}文字以内にしてください（現在 ${length} 文字）`;
  if (ID_FORBIDDEN.test(id)) return '管理番号に使えない文字（空白・改行・「、」「,」「;」など）が含まれています';
  return undefined;
}

/**
 * Why `url` is not a usable 参照URL: it must be http(s), a site-relative path (/…), or start with a
 * placeholder such as {{市ホームページ}} that the city's settings fill in.
 *
 * @example `urlProblem('javascript:alert(1)') // 'URL は http:// か https:// …'`
 */
export function urlProblem(url: string): string | undefined {
  const bad = `URL は http:// か https:// で始まるか、/ で始まるサイト内のパスにしてください: ${url}`;
  if ([...url].length > L.urlMaxLength) return `URL は${L.urlMaxLength}文字以内にしてください`;
  if (/\s/.test(url) || CONTROL.test(url)) return bad;
  if (/^\{\{[^{}]+\}\}/.test(url)) return undefined;
  if (url.startsWith('/')) return url.startsWith('//') ? bad : undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? undefined : bad;
  } catch {
    return bad;
  }
}

/**
 * Every problem of one normalised QA.
 *
 * @example `validateQaContent({ ...c, answer: '' }) // [{ field: 'answer', message: '回答が空です' }]`
 */
export function validateQaContent(c: QaContent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: FieldKey, message: string | undefined): void => {
    if (message !== undefined) issues.push({ field, message });
  };

  add('id', qaIdProblem(c.id));
  add('question', c.question === '' ? '質問が空です' : tooLong('質問', c.question, L.questionMaxLength));
  add('answer', c.answer === '' ? '回答が空です' : tooLong('回答', c.answer, L.answerMaxLength));
  add('category1', tooLong('大分類', c.category1, L.categoryMaxLength));
  add('category2', tooLong('中分類', c.category2, L.categoryMaxLength));
  add('department', tooLong('担当課', c.department, L.departmentMaxLength));
  add('contact', tooLong('連絡先', c.contact, L.contactMaxLength));
  checkAlternates(c.alternates, 'alternates', add);
  add('keywords', tooMany('キーワード', c.keywords, L.maxKeywords));
  for (const k of c.keywords) {
    add('keywords', tooLong(`キーワード「${k.slice(0, 20)}」`, k, L.keywordMaxLength));
    if (/[\n、，,]/.test(k)) add('keywords', `キーワード「${k}」に改行・「、」「,」は使えません（区切りとして扱われます）`);
  }
  add('relatedIds', tooMany('関連QA', c.relatedIds, L.maxRelatedIds));
  for (const r of c.relatedIds) {
    if (qaIdProblem(r) !== undefined) add('relatedIds', `関連QAの管理番号「${r}」が正しくありません`);
    else if (r === c.id) add('relatedIds', '自分自身を関連QAにはできません');
  }
  add('sourceUrls', tooMany('参照URL', c.sourceUrls, L.maxSourceUrls));
  for (const u of c.sourceUrls) add('sourceUrls', urlProblem(u));
  if (!(QA_STATUSES as readonly string[]).includes(c.status)) add('status', '状態は「公開」か「下書き」で入力してください');
  for (const field of ['validFrom', 'validUntil'] as const) {
    const v = c[field];
    if (v !== null && !isDay(v)) add(field, '日付の形式が正しくありません（例: 2026-04-01）');
  }
  if (c.validFrom !== null && c.validUntil !== null && isDay(c.validFrom) && isDay(c.validUntil) && c.validFrom > c.validUntil) {
    add('validUntil', `公開終了日（${c.validUntil}）が公開開始日（${c.validFrom}）より前です`);
  }
  for (const [lang, t] of Object.entries(c.translations)) {
    if (!isLanguage(lang)) {
      add('question', `翻訳の言語「${lang}」には対応していません（${TRANSLATION_LANGUAGES.join(', ')}）`);
      continue;
    }
    if (!t) continue;
    const q: FieldKey = `question_${lang}`;
    const a: FieldKey = `answer_${lang}`;
    if (t.question === '' || t.answer === '') {
      add(t.question === '' ? q : a, `${columnLabel(q)}と${columnLabel(a)}は両方入力してください`);
    }
    add(q, tooLong(columnLabel(q), t.question, L.questionMaxLength));
    add(a, tooLong(columnLabel(a), t.answer, L.answerMaxLength));
    checkAlternates(t.alternates, `alternates_${lang}`, add);
  }
  return issues;
}

function checkAlternates(alternates: readonly string[], field: FieldKey, add: (f: FieldKey, m: string | undefined) => void): void {
  add(field, tooMany(columnLabel(field), alternates, L.maxAlternates));
  for (const a of alternates) {
    add(field, tooLong(`${columnLabel(field)}「${a.slice(0, 20)}」`, a, L.alternateMaxLength));
    if (a.includes('\n')) add(field, `${columnLabel(field)}「${a.slice(0, 20)}」に改行は使えません（1行に1つです）`);
  }
}

function tooLong(label: string, text: string, max: number): string | undefined {
  const length = [...text].length;
  return length > max ? `${label}は${max.toLocaleString('ja-JP')}文字以内にしてください（現在 ${length.toLocaleString('ja-JP')} 文字）` : undefined;
}

function tooMany(label: string, items: readonly string[], max: number): string | undefined {
  return items.length > max ? `${label}は${max}件までです（現在 ${items.length} 件）` : undefined;
}

function isLanguage(lang: string): lang is TranslationLanguage {
  return (TRANSLATION_LANGUAGES as readonly string[]).includes(lang);
}
