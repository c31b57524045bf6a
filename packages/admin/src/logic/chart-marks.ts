/**
 * How the statistics charts draw their marks. Each outcome has its own colour and its own pattern, so the
 * charts still read when printed in grey or seen without telling colours apart; every colour is at least
 * 3:1 against the white background and the white lines that separate stacked marks (WCAG 1.4.11).
 */

export type Pattern = 'solid' | 'stripes' | 'dots';

export interface MarkStyle {
  color: string;
  pattern: Pattern;
}

/** What WCAG 1.4.11 asks of graphical objects. */
export const MIN_MARK_CONTRAST = 3;

/** One series: the console's primary blue. */
export const PLAIN_MARK: MarkStyle = { color: '#1d4f91', pattern: 'solid' };

/** The typed questions' three outcomes, stacked in this order (answered at the bottom). */
export const OUTCOME_MARKS: Readonly<Record<'answered' | 'candidates' | 'none', MarkStyle>> = {
  answered: { color: '#1d4f91', pattern: 'solid' },
  candidates: { color: '#b36b00', pattern: 'stripes' },
  none: { color: '#b3261e', pattern: 'dots' },
};
