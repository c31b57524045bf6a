/**
 * Registers `<madoguchi-chat>` once, however many times widget.js runs on a page.
 */
import { CHAT_ELEMENT_TAG, ChatElement } from './chat-element.ts';

/** @example defineChatElement(); document.body.append(document.createElement('madoguchi-chat')); */
export function defineChatElement(registry: CustomElementRegistry = customElements): void {
  if (!registry.get(CHAT_ELEMENT_TAG)) registry.define(CHAT_ELEMENT_TAG, ChatElement);
}
