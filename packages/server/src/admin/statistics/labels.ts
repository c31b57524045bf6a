/**
 * Japanese names of the logged values, as staff read them in tables, downloads and the monthly report.
 */
import type { ChatChannel, ChatTurn } from '../../store/store.ts';

export const CHANNEL_LABELS: Readonly<Record<ChatChannel, string>> = { widget: 'ウィジェット', page: 'チャットページ', api: 'API' };

export const LANGUAGE_LABELS: Readonly<Record<string, string>> = { ja: '日本語', en: '英語', zh: '中国語', ko: '韓国語', vi: 'ベトナム語' };

export const VIA_LABELS: Readonly<Record<ChatTurn['via'], string>> = { typed: '入力', candidate: '候補から選択', related: '関連する質問から選択', menu: 'メニューから選択' };

export const DECISION_LABELS: Readonly<Record<ChatTurn['decision'], string>> = { answer: '回答', candidates: '候補を表示', none: '回答なし' };

/** A logged value in Japanese; unknown values as they are, none as 「（なし）」. */
export function labelOf(labels: Readonly<Record<string, string>>, value: string): string {
  return value === '' ? '（なし）' : (labels[value] ?? value);
}
