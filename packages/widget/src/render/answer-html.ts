/**
 * The only place HTML from outside enters the widget: answers and contacts, which the server has already
 * sanitised. The markup is parsed in an inert <template> (no script runs, no image loads), filtered again
 * against the server's allowlist as a second line of defence, then adapted for the chat: links open in a
 * new tab and say so, PDF links say they are PDFs and how large, tables scroll on their own.
 */
import { format, type Messages } from '../i18n.ts';
import { h, hiddenText } from './dom.ts';
import { icon } from './icons.ts';

/** The server's allowlist (server/src/chat/answer-html.ts) plus table parts it may grow into. */
const ALLOWED_TAGS = new Set(
  'P BR STRONG EM B I U S UL OL LI A IMG H3 H4 BLOCKQUOTE CODE HR TABLE CAPTION THEAD TBODY TFOOT TR TH TD'.split(' '),
);
/** Removed with their content; anything else unknown is unwrapped and keeps its text. */
const DROPPED_TAGS = new Set('SCRIPT STYLE TEMPLATE IFRAME OBJECT EMBED NOSCRIPT SVG MATH TITLE TEXTAREA SELECT BUTTON INPUT FORM LINK META BASE'.split(' '));
const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  A: ['href', 'data-file', 'data-size'],
  IMG: ['src', 'alt', 'width', 'height'],
  TH: ['colspan', 'rowspan', 'scope'],
  TD: ['colspan', 'rowspan'],
  OL: ['start'],
};
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;
const SAFE_SRC = /^https?:/i;

function filter(parent: Node): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) continue;
    if (node.nodeType !== Node.ELEMENT_NODE) {
      node.parentNode?.removeChild(node);
      continue;
    }
    const element = node as Element;
    const tag = element.tagName.toUpperCase();
    if (DROPPED_TAGS.has(tag)) {
      element.remove();
      continue;
    }
    filter(element);
    if (!ALLOWED_TAGS.has(tag)) {
      element.replaceWith(...Array.from(element.childNodes));
      continue;
    }
    const allowed = ALLOWED_ATTRIBUTES[tag] ?? [];
    for (const { name } of Array.from(element.attributes)) {
      if (!allowed.includes(name)) element.removeAttribute(name);
    }
    const href = element.getAttribute('href');
    if (href !== null && !SAFE_HREF.test(href.trim())) element.removeAttribute('href');
    if (tag === 'IMG' && !SAFE_SRC.test(element.getAttribute('src')?.trim() ?? '')) element.remove();
  }
}

/**
 * Server HTML → a fragment ready to append inside the shadow root.
 *
 * @example bubble.append(answerFragment(reply.answer.html, MESSAGES.en, 'en'))
 */
export function answerFragment(html: string, strings: Messages, lang: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const fragment = template.content;
  filter(fragment);

  for (const link of Array.from(fragment.querySelectorAll('a[href]'))) {
    if (!/^https?:/i.test(link.getAttribute('href') ?? '')) continue; // tel: and mailto: open no tab
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    if (link.getAttribute('data-file') === 'pdf') {
      const size = link.getAttribute('data-size')?.trim();
      link.append(icon('pdf'), h('span', { class: 'file', lang }, size ? format(strings.pdfSize, { size }) : strings.pdf));
    }
    const note = hiddenText(strings.newTab);
    note.lang = lang; // the widget's language, which may differ from the answer's
    link.append(note);
  }
  for (const image of Array.from(fragment.querySelectorAll('img'))) {
    if (!image.hasAttribute('alt')) image.setAttribute('alt', '');
    image.setAttribute('loading', 'lazy');
    image.setAttribute('decoding', 'async');
  }
  for (const table of Array.from(fragment.querySelectorAll('table'))) {
    const wrapper = h('div', { class: 'table', tabindex: 0 });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
  return fragment;
}
