/**
 * Who a citizen can ask when the bot's answer is not enough (R13): the QA's department, or the city's
 * general contact when nothing matched. Built from the city facts so a new phone number is changed once.
 */
import type { CityFacts } from '../qa/placeholders.ts';
import { fillPlaceholders } from '../qa/placeholders.ts';
import { renderAnswerHtml } from './answer-html.ts';
import type { ChatLanguage, Contact } from './schema.ts';

const LABELS: Record<ChatLanguage, { phone: string; hours: string; place: string; page: string; cityOffice: (city: string) => string }> = {
  ja: { phone: '電話', hours: '受付時間', place: '窓口', page: 'ホームページ', cityOffice: (city) => `${city}役所` },
  en: { phone: 'Phone', hours: 'Hours', place: 'Counter', page: 'Web page', cityOffice: (city) => `${city} City Office` },
  zh: { phone: '电话', hours: '受理时间', place: '窗口', page: '网页', cityOffice: (city) => `${city}政府` },
  ko: { phone: '전화', hours: '접수 시간', place: '창구', page: '홈페이지', cityOffice: (city) => `${city} 시청` },
  vi: { phone: 'Điện thoại', hours: 'Giờ tiếp nhận', place: 'Quầy', page: 'Trang web', cityOffice: (city) => `Tòa thị chính ${city}` },
};

// Japanese phone numbers as written in answers and facts: 03-1234-5678, 0120-000-000, 000-000-0000.
const PHONE = /0\d{1,4}-\d{1,4}-\d{3,4}/g;
/** A contact that is only a phone number gets the 「電話」 label; longer texts are shown as written. */
const PHONE_ONLY = /^0\d{1,4}-\d{1,4}-\d{3,4}(（[^）]*）)?$/;
const DEPARTMENT_PLACEHOLDER = /^\{\{\s*担当課:([^{}]+?)\s*\}\}$/;

/**
 * The contact for a QA: its 担当課 with the phone (as a tel: link), counter and page the facts know
 * for that department, and the city's opening hours. Null when the QA names neither department nor contact.
 *
 * @example
 * qaContact({ department: '{{担当課:市民課}}', contact: '{{電話番号:市民課}}' }, facts, 'ja');
 * // { department: '市民課', html: '<p>電話：<a href="tel:0000001001">000-000-1001</a><br>…' }
 */
export function qaContact(qa: { department: string; contact: string }, facts: CityFacts, lang: ChatLanguage): Contact | null {
  const department = fillPlaceholders(qa.department, facts).trim();
  const contact = fillPlaceholders(qa.contact, facts).trim();
  if (department === '' && contact === '') return null;
  const key = DEPARTMENT_PLACEHOLDER.exec(qa.department.trim())?.[1];
  const labels = LABELS[lang];
  const lines = [
    contact === '' ? undefined : PHONE_ONLY.test(contact) ? `${labels.phone}：${contact}` : contact,
    key === undefined ? undefined : labeled(labels.place, facts[`窓口:${key}`]),
    labeled(labels.hours, facts['開庁時間']),
    key === undefined ? undefined : labeledLink(labels.page, facts[`URL:${key}`]),
  ];
  return { department, html: contactHtml(lines) };
}

/**
 * The city's general contact (代表電話, hours, homepage), for questions the bot could not answer.
 *
 * @example generalContact({ 市名: 'まどぐち市', 代表電話番号: '000-000-0000（代表）' }, 'ja').department; // 'まどぐち市役所'
 */
export function generalContact(facts: CityFacts, lang: ChatLanguage): Contact {
  const labels = LABELS[lang];
  const city = facts['市名'];
  return {
    department: city ? labels.cityOffice(city) : '',
    html: contactHtml([labeled(labels.phone, facts['代表電話番号']), labeled(labels.hours, facts['開庁時間']), labeledLink(labels.page, facts['市ホームページ'])]),
  };
}

function labeled(label: string, value: string | undefined): string | undefined {
  return value ? `${label}：${value}` : undefined;
}

function labeledLink(label: string, url: string | undefined): string | undefined {
  return url ? `${label}：[${url}](${url})` : undefined;
}

function contactHtml(lines: readonly (string | undefined)[]): string {
  const markdown = lines
    .filter((line): line is string => line !== undefined)
    .map((line) => line.replace(PHONE, (number) => `[${number}](tel:${number.replaceAll('-', '')})`))
    .join('\n');
  return renderAnswerHtml(markdown);
}
