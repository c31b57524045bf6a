/**
 * When Enter sends. Japanese is typed through an IME: the Enter that confirms a conversion must never send.
 * `isComposing` covers most browsers; Safari reports that Enter after `compositionend` with keyCode 229.
 */

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  isComposing: boolean;
  keyCode: number;
}

/**
 * @example isSendKey({ key: 'Enter', shiftKey: false, isComposing: true, keyCode: 229 }) // false: confirming 変換
 */
export function isSendKey(event: KeyLike): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229;
}
