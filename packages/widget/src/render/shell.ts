/**
 * The widget's frame: launcher, panel, header, message list and input. Built once per connection;
 * its labels are swapped in place when the language changes (`relabel`).
 */
import type { ChatLanguage } from '@madoguchi/server/chat-api';
import { format, type MessageKey, type Messages } from '../i18n.ts';
import { LANGUAGE_NAMES, LANGUAGES } from '../language.ts';
import { MESSAGE_MAX_LENGTH } from '../limits.ts';
import { h } from './dom.ts';
import { icon } from './icons.ts';

export interface Shell {
  root: HTMLDivElement;
  /** Absent in page mode. */
  launcher: HTMLButtonElement | null;
  panel: HTMLElement;
  avatarSlots: HTMLElement[];
  name: HTMLSpanElement;
  language: HTMLSelectElement;
  restart: HTMLButtonElement;
  /** Absent in page mode. */
  close: HTMLButtonElement | null;
  log: HTMLDivElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  counter: HTMLSpanElement;
}

/** An element whose text is the UI string `key`, replaced by `relabel`. */
function label<K extends 'span' | 'p' | 'label'>(tag: K, key: MessageKey, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  return h(tag, { ...attributes, 'data-i18n': key });
}

function iconButton(key: MessageKey, name: 'restart' | 'close', className: string): HTMLButtonElement {
  return h('button', { type: 'button', class: `icon-button ${className}` }, icon(name), label('span', key, { class: 'vh' }));
}

/**
 * `titleLevel`: 1 when the chat is the page (page mode on a page without its own h1), else 2.
 *
 * @example root.append(buildShell('floating', 2).root)
 */
export function buildShell(mode: 'floating' | 'page', titleLevel: 1 | 2): Shell {
  const page = mode === 'page';
  const avatarSlots = [h('span', { class: 'slot' }), h('span', { class: 'slot' })];
  const launcher = page
    ? null
    : h(
        'button',
        { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'mc-panel', hidden: true },
        avatarSlots[0],
        label('span', 'launcher', { class: 'launcher-label' }),
      );
  const name = h('span', { class: 'name' });
  const language = h(
    'select',
    { id: 'mc-language', class: 'language' },
    ...LANGUAGES.map((lang) => h('option', { value: lang, lang }, LANGUAGE_NAMES[lang])),
  );
  const restart = iconButton('restart', 'restart', 'restart');
  const close = page ? null : iconButton('close', 'close', 'close');
  // Floating, the log scrolls by itself and so must be reachable by keyboard; in page mode the page scrolls.
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', tabindex: page ? null : 0 });
  const input = h('textarea', {
    id: 'mc-input',
    rows: 1,
    maxlength: MESSAGE_MAX_LENGTH,
    enterkeyhint: 'send',
    autocomplete: 'off',
    'aria-describedby': 'mc-note mc-counter',
    'data-i18n-placeholder': 'placeholder',
  });
  const send = h('button', { type: 'submit', class: 'send' }, icon('send'), label('span', 'send', { class: 'vh' }));
  const counter = h('span', { id: 'mc-counter', class: 'counter' });
  const form = h(
    'form',
    { class: 'composer', novalidate: true },
    label('label', 'inputLabel', { for: 'mc-input', class: 'vh' }),
    h('div', { class: 'row' }, input, send),
    h('div', { class: 'meta' }, label('p', 'inputNote', { id: 'mc-note' }), counter),
  );
  const panel = h(
    'section',
    {
      id: 'mc-panel',
      class: 'panel',
      role: page ? 'region' : 'dialog',
      'aria-labelledby': 'mc-title',
      tabindex: -1,
      hidden: !page,
    },
    h(
      'div',
      { class: 'header' },
      avatarSlots[1],
      h(titleLevel === 1 ? 'h1' : 'h2', { id: 'mc-title', class: 'title' }, name, ' ', label('span', 'botRole', { class: 'role' })),
      h('div', { class: 'tools' }, label('label', 'language', { for: 'mc-language', class: 'vh' }), language, restart, close),
    ),
    log,
    form,
  );
  const root = h('div', { class: page ? 'root page' : 'root', 'data-position': 'right' }, launcher, panel);
  return { root, launcher, panel, avatarSlots, name, language, restart, close, log, form, input, send, counter };
}

/** Puts every frame label into `lang`; messages already in the log keep the language they were said in. */
export function relabel(shell: Shell, strings: Messages, lang: ChatLanguage): void {
  shell.panel.lang = lang;
  if (shell.launcher) shell.launcher.lang = lang;
  for (const element of Array.from(shell.root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    element.textContent = strings[element.dataset.i18n as MessageKey];
  }
  shell.log.setAttribute('aria-label', strings.conversation);
  shell.input.placeholder = strings.placeholder;
  shell.language.value = lang;
  updateCounter(shell, strings);
}

/** The 「12／500文字」 counter under the input. */
export function updateCounter(shell: Shell, strings: Messages): void {
  const count = shell.input.value.length;
  shell.counter.textContent = format(strings.counter, { count, max: MESSAGE_MAX_LENGTH });
  shell.counter.classList.toggle('full', count >= MESSAGE_MAX_LENGTH);
}
