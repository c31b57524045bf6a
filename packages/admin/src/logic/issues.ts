/**
 * Where a server validation issue belongs in the QA form.
 */

const FORM_FIELDS = new Set([
  'id',
  'category1',
  'category2',
  'question',
  'alternates',
  'keywords',
  'answer',
  'relatedIds',
  'department',
  'contact',
  'sourceUrls',
  'status',
  'validFrom',
  'validUntil',
]);

/**
 * The form's error key for an issue's `field` (the server names translation columns `answer_en` and so on),
 * or undefined when the issue concerns no one field.
 *
 * @example fieldForIssue('answer_en') // 'translations.en.answer'
 * @example fieldForIssue('question') // 'question'
 */
export function fieldForIssue(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (FORM_FIELDS.has(field)) return field;
  const translation = /^(question|alternates|answer)_(en|zh|ko|vi)$/.exec(field);
  if (translation) return `translations.${translation[2]}.${translation[1]}`;
  return undefined;
}
