/**
 * The QA record: one registered question and its answer, as staff maintain it.
 *
 * Every record belongs to a site (one municipality) so that one deployment can later serve many
 * (共同利用); while there is one site its id is {@link DEFAULT_SITE_ID}.
 */

export const DEFAULT_SITE_ID = 'default';

/** Languages a QA may carry translations for, besides Japanese. */
export const TRANSLATION_LANGUAGES = ['en', 'zh', 'ko', 'vi'] as const;
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

export const QA_STATUSES = ['draft', 'published'] as const;
export type QaStatus = (typeof QA_STATUSES)[number];

export interface QaTranslation {
  question: string;
  alternates: string[];
  answer: string;
}

/** The fields staff edit. Everything a QA is, less its bookkeeping. */
export interface QaContent {
  /** 管理番号: stable, user-visible, kept through import and export. */
  id: string;
  /** 大分類 (e.g. 届出・証明). */
  category1: string;
  /** 中分類 (e.g. 住民票); may be empty. */
  category2: string;
  question: string;
  /** 言い換え: other ways citizens ask the same thing. */
  alternates: string[];
  keywords: string[];
  /** The answer in the safe Markdown subset (links, images, PDF links). */
  answer: string;
  relatedIds: string[];
  /** 担当課 (may hold placeholders such as {{担当課:市民課}}). */
  department: string;
  /** 連絡先: phone, hours, form URL. */
  contact: string;
  sourceUrls: string[];
  status: QaStatus;
  /** YYYY-MM-DD or null: shown to citizens from this day. */
  validFrom: string | null;
  /** YYYY-MM-DD or null: shown to citizens up to and including this day. */
  validUntil: string | null;
  translations: Partial<Record<TranslationLanguage, QaTranslation>>;
}

/** A stored QA: its content plus who changed it last, when, and its version for optimistic locking. */
export interface Qa extends QaContent {
  siteId: string;
  /** Starts at 1; every saved change adds one. */
  version: number;
  updatedBy: string;
  /** ISO 8601 UTC. */
  updatedAt: string;
}
