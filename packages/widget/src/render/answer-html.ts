/**
 * The only place HTML from outside enters the widget: answers and contacts, which the server has already
 * sanitised. The markup is filtered again against the server's allowlist by sanitize.ts (shared with the
 * staff console), then adapted for the chat: links open in a new tab and say so, PDF links say they are
 * PDFs and how large, tables scroll on their own.
 */
import { format, type Messages } from '../i18n.ts';
import { h, hiddenText } from './dom.ts';
import { icon } from './icons.ts';
import { filteredFragment, adaptLinksAndImages } from './sanitize.ts';

/**
 * Server HTML → a fragment ready to append inside the shadow root.
 *
 * @example bubble.append(answerFragment(reply.answer.html, MESSAGES.en, 'en'))
 */
export function answerFragment(html: string, strings: Messages, lang: string): DocumentFragment {
  const fragment = filteredFragment(html);

  adaptLinksAndImages(fragment, (link, pdfSize) => {
    if (pdfSize !== undefined) link.append(icon('pdf'), h('span', { class: 'file', lang }, pdfSize ? format(strings.pdfSize, { size: pdfSize }) : strings.pdf));
    const note = hiddenText(strings.newTab);
    note.lang = lang; // the widget's language, which may differ from the answer's
    link.append(note);
  });
  for (const table of Array.from(fragment.querySelectorAll('table'))) {
    const wrapper = h('div', { class: 'table', tabindex: 0 });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
  return fragment;
}
