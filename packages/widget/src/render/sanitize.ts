/**
 * The browser-side HTML allowlist filter: the second line of defence behind the server's sanitiser
 * (server/src/chat/answer-html.ts). Pure DOM, no widget state, so the staff console's answer preview
 * (packages/admin, via `@madoguchi/widget/sanitize`) filters exactly as the citizen widget does.
 */

/** The server's allowlist plus table parts it may grow into. */
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

/** Filters `parent`'s descendants in place against the allowlist. */
export function filterAllowed(parent: Node): void {
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
    filterAllowed(element);
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
 * Server HTML → a filtered fragment, parsed in an inert <template> (no script runs, no image loads).
 *
 * @example const fragment = filteredFragment(answer.html);
 */
export function filteredFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  filterAllowed(template.content);
  return template.content;
}

/**
 * Adapts a filtered fragment for display: http(s) links open in a new tab (tel: and mailto: open none) and
 * `describe` appends what such a link should say about itself, given the size of a PDF link ('' when
 * unknown; undefined when the link is not a PDF); images get an alt and load lazily.
 *
 * @example adaptLinksAndImages(fragment, (link, pdfSize) => link.append(pdfSize === undefined ? '' : ' (PDF)'));
 */
export function adaptLinksAndImages(fragment: DocumentFragment, describe: (link: Element, pdfSize: string | undefined) => void): void {
  for (const link of Array.from(fragment.querySelectorAll('a[href]'))) {
    if (!/^https?:/i.test(link.getAttribute('href') ?? '')) continue;
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    describe(link, link.getAttribute('data-file') === 'pdf' ? (link.getAttribute('data-size')?.trim() ?? '') : undefined);
  }
  for (const image of Array.from(fragment.querySelectorAll('img'))) {
    if (!image.hasAttribute('alt')) image.setAttribute('alt', '');
    image.setAttribute('loading', 'lazy');
    image.setAttribute('decoding', 'async');
  }
}
