/**
 * The city's chat character (R4): name, avatar, greeting, theme colour and launcher position, stored as
 * the site setting {@link CHARACTER_SETTING}. Every field falls back to the default on its own, so a
 * partial or damaged setting still gives a working, accessible widget.
 */
import { TRANSLATION_LANGUAGES, type TranslationLanguage } from '../qa/model.ts';
import { fillPlaceholders, type CityFacts } from '../qa/placeholders.ts';
import { themeColor } from './contrast.ts';

export const CHARACTER_SETTING = 'character';

/** Served by the server itself (web/assets.ts), so a new install shows a character without any upload. */
export const DEFAULT_AVATAR_PATH = '/assets/avatar.svg';

export interface CharacterSettings {
  name: string;
  /** An absolute https URL or a path on this server. */
  avatarUrl: string;
  /** Japanese greeting; may hold the city's placeholders such as {{市名}}. */
  greeting: string;
  /** Greetings in the other interface languages, where the city wrote them. */
  greetings: Partial<Record<TranslationLanguage, string>>;
  /** #rrggbb; darkened on read if it fails contrast against white. */
  themeColor: string;
  position: 'right' | 'left';
}

export const DEFAULT_CHARACTER: CharacterSettings = {
  name: 'まどか',
  avatarUrl: DEFAULT_AVATAR_PATH,
  greeting: 'こんにちは。{{市名}}のAIチャットボット「まどか」です。手続きや暮らしのことを、24時間いつでもご案内します。知りたいことを文章で入力するか、下のボタンから選んでください。',
  greetings: {},
  themeColor: '#1b6e53',
  position: 'right',
};

const NAME_MAX = 40;
const GREETING_MAX = 400;

/** A reason a stored field was not used, in Japanese for staff (the admin console and CLI show it). */
export interface CharacterProblem {
  field: keyof CharacterSettings;
  /** `invalid`: the default is shown instead; `corrected`: an adjusted value is shown. */
  kind: 'invalid' | 'corrected';
  message: string;
}

/**
 * The character to show, and what was wrong with the stored value.
 *
 * @example
 * const { character, problems } = resolveCharacter(await store.getSetting('default', CHARACTER_SETTING));
 */
export function resolveCharacter(stored: unknown): { character: CharacterSettings; problems: CharacterProblem[] } {
  const value = isRecord(stored) ? stored : {};
  const problems: CharacterProblem[] = [];
  const text = (field: 'name' | 'greeting', max: number): string => {
    const raw = value[field];
    if (raw === undefined) return DEFAULT_CHARACTER[field];
    if (typeof raw === 'string' && raw.trim() !== '' && raw.length <= max) return raw.trim();
    problems.push({ field, kind: 'invalid', message: `${field === 'name' ? '名前' : 'あいさつ'}は 1〜${max} 文字で入力してください。` });
    return DEFAULT_CHARACTER[field];
  };

  const avatarUrl = value.avatarUrl === undefined || isAvatarUrl(value.avatarUrl) ? (value.avatarUrl as string | undefined) ?? DEFAULT_AVATAR_PATH : undefined;
  if (avatarUrl === undefined) problems.push({ field: 'avatarUrl', kind: 'invalid', message: '画像の URL は https:// で始まる URL か、/ で始まるこのサーバーのパスにしてください。' });

  let color = DEFAULT_CHARACTER.themeColor;
  if (value.themeColor !== undefined) {
    const checked = typeof value.themeColor === 'string' ? themeColor(value.themeColor) : undefined;
    if (checked === undefined) problems.push({ field: 'themeColor', kind: 'invalid', message: 'テーマカラーは #1b6e53 のような色の指定にしてください。' });
    else {
      color = checked.color;
      if (checked.corrected) {
        problems.push({
          field: 'themeColor',
          kind: 'corrected',
          message: `テーマカラー ${String(value.themeColor)} は白い文字との明暗差が足りないため、読みやすい ${checked.color} に調整して表示します。`,
        });
      }
    }
  }

  const position = value.position === 'left' || value.position === 'right' ? value.position : DEFAULT_CHARACTER.position;
  if (value.position !== undefined && position !== value.position) problems.push({ field: 'position', kind: 'invalid', message: '表示位置は right（右下）か left（左下）にしてください。' });

  const greetings: CharacterSettings['greetings'] = {};
  if (isRecord(value.greetings)) {
    for (const lang of TRANSLATION_LANGUAGES) {
      const greeting = value.greetings[lang];
      if (typeof greeting === 'string' && greeting.trim() !== '' && greeting.length <= GREETING_MAX) greetings[lang] = greeting.trim();
    }
  }

  return {
    character: { name: text('name', NAME_MAX), avatarUrl: avatarUrl ?? DEFAULT_AVATAR_PATH, greeting: text('greeting', GREETING_MAX), greetings, themeColor: color, position },
    problems,
  };
}

/**
 * The greeting in a language, with the city's facts filled in; null when the city wrote none for that
 * language (the widget then shows its own translated default).
 *
 * @example greetingFor(character, 'ja', { 市名: 'まどぐち市' }); // 'こんにちは。まどぐち市の…'
 */
export function greetingFor(character: CharacterSettings, lang: 'ja' | TranslationLanguage, facts: CityFacts): string | null {
  const greeting = lang === 'ja' ? character.greeting : character.greetings[lang];
  return greeting === undefined ? null : fillPlaceholders(greeting, facts);
}

/** Stands for this server when a path is resolved as a browser would resolve it. */
const THIS_SERVER = 'https://this-server.invalid';

/**
 * A path on this server or an https URL. A path is resolved as browsers do, which read `\` as `/` and drop
 * tabs and newlines: `/\evil.example/x.png` or `/\t/evil.example` is another host; backslashes are refused outright.
 */
function isAvatarUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2000 || value.includes('\\')) return false;
  if (value.startsWith('/')) return URL.canParse(value, THIS_SERVER) && new URL(value, THIS_SERVER).origin === THIS_SERVER;
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
