/**
 * City facts fill the starter pack's placeholders ({{市名}}, {{電話番号:市民課}} …), so a city
 * writes its name and phone numbers once, in its settings, not in 400 answers.
 */

/** The settings key under which a site's facts are stored. */
export const CITY_FACTS_SETTING = 'cityFacts';

/** Placeholder name → the city's value, e.g. { '市名': 'まどぐち市', '電話番号:市民課': '00-0000-0001' }. */
export type CityFacts = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{\{\s*([^{}\s][^{}]*?)\s*\}\}/g;

/**
 * Replaces every placeholder the facts know; unknown ones are kept as written, so that staff
 * see what is still to fill in.
 *
 * @example
 * fillPlaceholders('{{市名}}の{{担当課:市民課}}', { 市名: 'まどぐち市', '担当課:市民課': '市民課' }); // 'まどぐち市の市民課'
 */
export function fillPlaceholders(text: string, facts: CityFacts): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => facts[name] ?? whole);
}
