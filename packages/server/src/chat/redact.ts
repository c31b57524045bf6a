/**
 * Masks personal data that citizens sometimes type into a question or comment (e-mail addresses, phone
 * numbers, long digit runs such as a マイナンバー or an account number) before it is logged, so the
 * chat log can be kept for a year and read by staff without holding anyone's contact details.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+[@＠][\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Japanese phone numbers, with hyphens, spaces or brackets, in half- or full-width digits.
const PHONE = /[(（]?[0０][0-9０-９]{1,4}[()（）\s\-－ー―‐]{0,2}[0-9０-９]{1,4}[()（）\s\-－ー―‐]{0,2}[0-9０-９]{3,4}/g;
const LONG_NUMBER = /[0-9０-９][0-9０-９\s\-－]{8,}[0-9０-９]/g;

/**
 * @example
 * redactPersonalData('山田です。090-1234-5678 か taro@example.jp に連絡ください'); // '山田です。［電話番号］ か ［メール］ に連絡ください'
 */
export function redactPersonalData(text: string): string {
  return text.replace(EMAIL, '［メール］').replace(PHONE, '［電話番号］').replace(LONG_NUMBER, (run) => (countDigits(run) >= 10 ? '［番号］' : run));
}

function countDigits(text: string): number {
  return (text.match(/[0-9０-９]/g) ?? []).length;
}
