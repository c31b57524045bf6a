/**
 * Answer HTML from the server (already sanitised there), shown the way the citizen widget shows it: filtered
 * again by the widget's own allowlist filter (`@madoguchi/widget/sanitize`), links opening in a new tab, PDF
 * links saying so.
 */
import { useEffect, useRef } from 'preact/hooks';
import { filteredFragment, adaptLinksAndImages } from '@madoguchi/widget/sanitize';

/** Server HTML → a filtered fragment. */
export function safeFragment(html: string): DocumentFragment {
  const fragment = filteredFragment(html);
  adaptLinksAndImages(fragment, (link, pdfSize) => {
    if (pdfSize !== undefined) link.append(` （PDF${pdfSize ? ` ${pdfSize}` : ''}）`);
    const note = document.createElement('span');
    note.className = 'visually-hidden';
    note.textContent = '（新しいタブで開きます）';
    link.append(note);
  });
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
