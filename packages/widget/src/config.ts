/**
 * What the embedding page asked for, read from the script tag: where the API is (the script's own
 * origin) and the optional `data-lang`, `data-mode` and `data-open`.
 */

export interface WidgetConfig {
  /** Scheme, host and port of the Madoguchi server that served widget.js. */
  origin: string;
  /** From `data-lang`; validated later, with the other language sources. */
  language: string | null;
  mode: 'floating' | 'page';
  open: boolean;
}

/**
 * @example
 * readConfig('https://chat.example-city.jp/widget.js', { mode: 'page' })
 * // { origin: 'https://chat.example-city.jp', language: null, mode: 'page', open: true }
 */
export function readConfig(scriptSrc: string, dataset: Readonly<Record<string, string | undefined>>): WidgetConfig | null {
  let origin: string;
  try {
    origin = new URL(scriptSrc).origin;
  } catch {
    return null;
  }
  if (origin === 'null') return null;
  const mode = dataset.mode?.trim().toLowerCase() === 'page' ? 'page' : 'floating';
  const language = dataset.lang?.trim() || null;
  return { origin, language, mode, open: mode === 'page' || dataset.open?.trim().toLowerCase() === 'true' };
}
