/**
 * Words for the logged values (結果, 経路, 言語, 質問のしかた), the same as the server's downloads and monthly
 * report use (server statistics/labels.ts; a test keeps them equal), so every place says the same thing.
 */
import type { LoggedTurnView } from '@madoguchi/server/admin-api';

export const DECISION_LABELS: Readonly<Record<LoggedTurnView['decision'], string>> = { answer: '回答', candidates: '候補を表示', none: '回答なし' };
export const CHANNEL_LABELS: Readonly<Record<LoggedTurnView['channel'], string>> = { widget: 'ウィジェット', page: 'チャットページ', api: 'API' };
export const LANGUAGE_LABELS: Readonly<Record<string, string>> = { ja: '日本語', en: '英語', zh: '中国語', ko: '韓国語', vi: 'ベトナム語' };
export const VIA_LABELS: Readonly<Record<LoggedTurnView['via'], string>> = { typed: '入力', candidate: '候補から選択', related: '関連する質問から選択', menu: 'メニューから選択' };

/** A logged value in Japanese; unknown values as they are, none as 「（なし）」. @example labelOf(LANGUAGE_LABELS, 'en') // '英語' */
export function labelOf(labels: Readonly<Record<string, string>>, value: string): string {
  return value === '' ? '（なし）' : (labels[value] ?? value);
}

/** A category of '' is a question nothing matched. @example categoryName('') // '（分類なし：合うQAなし）' */
export function categoryName(value: string): string {
  return value === '' ? '（分類なし：合うQAなし）' : value;
}
