/**
 * Which language the widget speaks: forced by the page, else the citizen's earlier choice, else the browser's.
 */
import type { ChatLanguage } from '@madoguchi/server/chat-api';

/** In the order of the language menu. Equal to the server's `CHAT_LANGUAGES` (asserted in a test). */
export const LANGUAGES: readonly ChatLanguage[] = ['ja', 'en', 'zh', 'ko', 'vi'];

/** Each language's name in itself, for the language menu. */
export const LANGUAGE_NAMES: Readonly<Record<ChatLanguage, string>> = {
  ja: '日本語',
  en: 'English',
  zh: '简体中文',
  ko: '한국어',
  vi: 'Tiếng Việt',
};

/**
 * Narrows any string to a supported language, or null.
 *
 * @example asLanguage('ko') // 'ko'
 * @example asLanguage('fr') // null
 */
export function asLanguage(value: string | null | undefined): ChatLanguage | null {
  return LANGUAGES.find((lang) => lang === value) ?? null;
}

/**
 * Maps one BCP 47 tag from `navigator.languages` to a supported language, or null.
 * Any Chinese tag maps to `zh` (the widget offers Simplified Chinese only).
 *
 * @example languageFromTag('en-GB') // 'en'
 * @example languageFromTag('zh-Hant-TW') // 'zh'
 */
export function languageFromTag(tag: string): ChatLanguage | null {
  return asLanguage(tag.trim().toLowerCase().split(/[-_]/)[0]);
}

/**
 * The language to start in: `data-lang` on the script tag wins, then the language stored for this tab,
 * then the first of the browser's preferred languages the widget supports, then Japanese.
 *
 * @example chooseLanguage({ forced: null, stored: null, preferred: ['fr-FR', 'vi-VN', 'en'] }) // 'vi'
 */
export function chooseLanguage(options: {
  forced: string | null;
  stored: string | null;
  preferred: readonly string[];
}): ChatLanguage {
  const forced = asLanguage(options.forced?.toLowerCase());
  if (forced) return forced;
  const stored = asLanguage(options.stored);
  if (stored) return stored;
  for (const tag of options.preferred) {
    const lang = languageFromTag(tag);
    if (lang) return lang;
  }
  return 'ja';
}
