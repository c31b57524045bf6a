/**
 * The theme colour's contrast with white text (the widget's header and launcher), as WCAG computes it, so
 * the character screen can warn while the colour is being chosen. The server corrects a colour that falls
 * short when it is saved; this only tells the staff member in advance.
 */

/** @example parseHex('#1b6e53') // [27, 110, 83] */
export function parseHex(color: string): [number, number, number] | undefined {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) return undefined;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1];
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * The contrast ratio (1–21) of white on the colour, or undefined for something that is not a colour.
 *
 * @example contrastWithWhite('#1b6e53') // ≈ 6.2
 */
export function contrastWithWhite(color: string): number | undefined {
  const rgb = parseHex(color);
  return rgb ? 1.05 / (luminance(rgb) + 0.05) : undefined;
}

/** What JIS X 8341-3 AA (WCAG 1.4.3) asks of normal text. */
export const MIN_CONTRAST = 4.5;
