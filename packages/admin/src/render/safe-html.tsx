/**
 * Answer HTML from the server (already sanitised there), shown the way the citizen widget shows it: parsed
 * in an inert <template>, filtered again against the same allowlist, links opening in a new tab, PDF links
 * saying so. The widget's own filter lives in packages/widget/src/render/answer-html.ts; this mirrors it.
 */
import { useEffect, useRef } from 'preact/hooks';

const ALLOWED_TAGS = new Set('P BR STRONG EM B I U S UL OL LI A IMG H3 H4 BLOCKQUOTE CODE HR TABLE CAPTION THEAD TBODY TFOOT TR TH TD'.split(' '));
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
    const link = element.getAttribute('href');
    if (link !== null && !SAFE_HREF.test(link.trim())) element.removeAttribute('href');
    if (tag === 'IMG' && !SAFE_SRC.test(element.getAttribute('src')?.trim() ?? '')) element.remove();
  }
}

/** Server HTML → a filtered fragment. */
export function safeFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const fragment = template.content;
  filter(fragment);
  for (const link of Array.from(fragment.querySelectorAll('a[href]'))) {
    if (!/^https?:/i.test(link.getAttribute('href') ?? '')) continue;
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    if (link.getAttribute('data-file') === 'pdf') {
      const size = link.getAttribute('data-size')?.trim();
      link.append(` （PDF${size ? ` ${size}` : ''}）`);
    }
    const note = document.createElement('span');
    note.className = 'visually-hidden';
    note.textContent = '（新しいタブで開きます）';
    link.append(note);
  }
  for (const image of Array.from(fragment.querySelectorAll('img'))) {
    if (!image.hasAttribute('alt')) image.setAttribute('alt', '');
    image.setAttribute('loading', 'lazy');
  }
  return fragment;
}

/** Renders server answer HTML (the answer preview, the test chat) safely. */
export function SafeHtml({ html, class: className }: { html: string; class?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.replaceChildren(safeFragment(html));
  }, [html]);
  return <div ref={ref} class={className} />;
}
