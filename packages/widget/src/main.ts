/**
 * widget.js: reads the script tag, registers the element and puts one on the page.
 *
 *   <script src="https://chat.example-city.jp/widget.js" defer></script>
 *   <script src="…/widget.js" data-lang="en" data-open="true" defer></script>
 *   <script src="…/widget.js" data-mode="page" defer></script>   (fills #madoguchi-chat, or the whole page)
 */
import { CHAT_ELEMENT_TAG } from './chat-element.ts';
import { readConfig } from './config.ts';
import { defineChatElement } from './define.ts';

/** Browsers without these get no widget at all, rather than a broken one on the city's page. */
function supported(): boolean {
  return (
    'customElements' in window &&
    'attachShadow' in Element.prototype &&
    'adoptedStyleSheets' in Document.prototype &&
    'replaceSync' in CSSStyleSheet.prototype &&
    'fetch' in window
  );
}

// currentScript is only set while this file first runs, so it is read right away.
const current = document.currentScript;
const script = current instanceof HTMLScriptElement ? current : document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');

function start(): void {
  const config = script && readConfig(script.src, script.dataset);
  if (!config || !supported()) return;
  defineChatElement();
  const existing = document.querySelector(CHAT_ELEMENT_TAG);
  if (existing) {
    // widget.js included twice, or the page placed <madoguchi-chat> itself: only tell it where the API is.
    if (!existing.hasAttribute('origin')) existing.setAttribute('origin', config.origin);
    return;
  }
  const element = document.createElement(CHAT_ELEMENT_TAG);
  element.setAttribute('origin', config.origin);
  if (config.language) element.setAttribute('language', config.language);
  if (config.open) element.setAttribute('open', '');
  if (config.mode === 'page') {
    element.setAttribute('mode', 'page');
    (document.getElementById('madoguchi-chat') ?? document.body).append(element);
  } else {
    document.body.append(element);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
