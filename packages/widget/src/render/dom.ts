/**
 * Building DOM from script. Text always goes in as text nodes; this module has no way to insert HTML.
 */

export type Child = Node | string | null | undefined | false;
export type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * Creates an element. Attributes with `false`, `null` or `undefined` are left out, `true` sets an empty one.
 *
 * @example h('button', { type: 'button', class: 'choice' }, '住民票の写しを取りたい')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Text for screen readers only (the `vh` class hides it visually). */
export function hiddenText(text: string): HTMLSpanElement {
  return h('span', { class: 'vh' }, text);
}

/** A `<button type="button">` that calls `onClick`. */
export function button(attributes: Attributes, onClick: (event: MouseEvent) => void, ...children: Child[]): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, ...children);
  element.addEventListener('click', onClick);
  return element;
}
