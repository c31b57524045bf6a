/**
 * The theme colour carries white text (header, buttons) and is used as text on white (links), so it must
 * reach WCAG's 4.5:1 against white both ways (JIS X 8341-3 AA, R12). A city's brand colour that is too
 * light is darkened just enough, keeping its hue, rather than refused outright.
 */
import { colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';

extend([a11yPlugin]);

/** WCAG 2.1 AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

export interface ThemeColor {
  /** #rrggbb, lower case, contrast-safe against white. */
  color: string;
  /** True when the given colour had to be darkened. */
  corrected: boolean;
  /** Contrast of the returned colour against white. */
  contrast: number;
}

/**
 * @returns undefined when the text is not a colour at all.
 * @example
 * themeColor('#ffcc00'); // { color: '#6b5600', corrected: true, contrast: 4.5… }
 * themeColor('#1a5e9a'); // { color: '#1a5e9a', corrected: false, contrast: 6.9… }
 */
export function themeColor(input: string): ThemeColor | undefined {
  let color = colord(input.trim());
  if (!color.isValid()) return undefined;
  color = color.alpha(1);
  const original = color.toHex();
  // Lightness steps of 1 % converge in at most 100 steps, and stop at the first passing shade.
  while (color.contrast('#ffffff') < MIN_TEXT_CONTRAST) color = color.darken(0.01);
  const hex = color.toHex();
  return { color: hex, corrected: hex !== original, contrast: color.contrast('#ffffff') };
}
