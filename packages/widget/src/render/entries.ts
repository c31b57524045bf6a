/**
 * One conversation entry → its DOM. Entries that change later (the feedback buttons, the comment box)
 * return an `update` that patches their element in place, so the live region only announces new things.
 */
import type { ChatRequest, Contact, QuestionLink } from '@madoguchi/server/chat-api';
import type { Entry, FollowUpEntry, ReplyEntry } from '../conversation.ts';
import { format, MESSAGES, type Messages } from '../i18n.ts';
import { FEEDBACK_COMMENT_MAX_LENGTH, MESSAGE_MAX_LENGTH } from '../limits.ts';
import { answerFragment } from './answer-html.ts';
import { button, h, hiddenText, type Child } from './dom.ts';
import { icon } from './icons.ts';

export type Via = NonNullable<ChatRequest['via']>;

/** What the citizen can do from inside a message; the element decides what happens. */
export interface EntryActions {
  ask(link: QuestionLink, via: Exclude<Via, 'typed'>, event: MouseEvent): void;
  openCategory(name: string, trigger: HTMLButtonElement): void;
  feedback(entryId: number, resolved: boolean): void;
  comment(entryId: number, text: string): void;
}

export interface RenderContext {
  /** The character speaking (for the screen-reader speaker prefix). */
  botName: string;
  /** Absolute avatar URL, or null for the built-in icon. */
  avatarUrl: string | null;
  /** Headings inside messages: one level below the panel title (h3 under the usual h2, h2 under a page's h1). */
  heading: 'h2' | 'h3';
  actions: EntryActions;
}

export interface EntryView {
  element: HTMLElement;
  update(entry: Entry): void;
}

/** The bot's avatar: decorative (alt=""), the speaker is named in text. */
export function avatar(url: string | null): HTMLElement {
  if (url === null) return h('span', { class: 'avatar' }, icon('chat'));
  const image = h('img', { class: 'avatar', src: url, alt: '', width: 32, height: 32 });
  image.addEventListener('error', () => image.replaceWith(avatar(null)), { once: true });
  return image;
}

function botMessage(entry: Entry, context: RenderContext, ...children: Child[]): HTMLElement {
  const strings = MESSAGES[entry.lang];
  const speaker = context.botName === '' ? null : hiddenText(format(strings.said, { name: context.botName }));
  return h(
    'div',
    { class: 'msg bot', lang: entry.lang, 'data-entry': entry.id },
    avatar(context.avatarUrl),
    h('div', { class: 'bubble' }, speaker, ...children),
  );
}

function choices(links: readonly QuestionLink[], via: Exclude<Via, 'typed'>, context: RenderContext): HTMLUListElement {
  return h(
    'ul',
    { class: 'choices' },
    ...links.map((link) => h('li', {}, button({ class: 'choice', lang: link.lang }, (event) => context.actions.ask(link, via, event), link.question))),
  );
}

function contactBlock(contact: Contact, strings: Messages, lang: string, heading: RenderContext['heading']): HTMLElement {
  return h(
    'div',
    { class: 'contact' },
    h(heading, {}, strings.contact),
    contact.department !== '' && h('p', { class: 'department' }, contact.department),
    h('div', {}, answerFragment(contact.html, strings, lang)),
  );
}

const still = (element: HTMLElement): EntryView => ({ element, update: () => undefined });

function renderReply(entry: Entry & ReplyEntry, context: RenderContext): EntryView {
  const strings = MESSAGES[entry.lang];
  const { reply } = entry;
  const contact = reply.contact && contactBlock(reply.contact, strings, entry.lang, context.heading);
  if (reply.decision === 'candidates') {
    // The AI answer, when one is asked for, arrives after the candidates and goes above them.
    const ai = h('div', { class: 'ai-slot' });
    const update = (next: Entry): void => {
      if (next.kind === 'reply') ai.replaceChildren(...aiAnswer(next.ai, strings, context));
    };
    update(entry);
    return { element: botMessage(entry, context, ai, h('p', {}, strings.candidates), choices(reply.candidates, 'candidate', context), contact), update };
  }
  if (reply.answer === null) return still(botMessage(entry, context, h('p', {}, strings.noneSorry), h('p', {}, strings.noneHint), contact));
  const { answer } = reply;
  const labelId = `mc-fb-${entry.id}`;
  const yes = button({ class: 'secondary' }, () => context.actions.feedback(entry.id, true), strings.yes);
  const no = button({ class: 'secondary' }, () => context.actions.feedback(entry.id, false), strings.no);
  const element = botMessage(
    entry,
    context,
    answer.untranslated && h('p', { class: 'note' }, strings.untranslated),
    h('div', { class: 'answer', lang: answer.lang }, h(context.heading, { class: 'question' }, answer.question), answerFragment(answer.html, strings, entry.lang)),
    h('div', { class: 'feedback', role: 'group', 'aria-labelledby': labelId }, h('p', { id: labelId }, strings.resolvedQuestion), yes, no),
  );
  // aria-disabled rather than disabled: the pressed button keeps focus, and says it was chosen.
  const update = (next: Entry): void => {
    if (next.kind !== 'reply' || next.feedback === null) return;
    for (const [control, chosen] of [
      [yes, next.feedback === 'resolved'],
      [no, next.feedback === 'unresolved'],
    ] as const) {
      control.setAttribute('aria-disabled', 'true');
      if (chosen) control.setAttribute('aria-pressed', 'true');
    }
  };
  update(entry);
  return { element, update };
}

/** An AI-composed answer: plain text only, always with its label and the QAs it came from (opened like candidates). */
function aiAnswer(ai: ReplyEntry['ai'], strings: Messages, context: RenderContext): HTMLElement[] {
  if (ai === undefined) return [];
  if (ai === 'pending') return [h('p', { class: 'hint' }, strings.aiWorking)];
  return [
    h(
      'div',
      { class: 'ai' },
      h('p', { class: 'note' }, strings.aiLabel),
      h('p', { lang: 'ja' }, ai.text),
      ai.citations.length > 0 && h(context.heading, {}, strings.aiSources),
      choices(ai.citations, 'candidate', context),
    ),
  ];
}

function renderFollowUp(entry: Entry & FollowUpEntry, context: RenderContext): EntryView {
  const strings = MESSAGES[entry.lang];
  const fieldId = `mc-comment-${entry.id}`;
  const hintId = `mc-comment-hint-${entry.id}`;
  const field = h('textarea', { id: fieldId, class: 'field', rows: 3, maxlength: FEEDBACK_COMMENT_MAX_LENGTH, 'aria-describedby': hintId });
  const send = h('button', { type: 'submit', class: 'secondary' }, strings.commentSend);
  const form = h(
    'form',
    { class: 'comment', novalidate: true },
    h('label', { for: fieldId }, strings.commentLabel),
    h('p', { id: hintId, class: 'hint' }, strings.commentHint),
    field,
    send,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (send.getAttribute('aria-disabled') === 'true') return;
    const text = field.value.trim().slice(0, FEEDBACK_COMMENT_MAX_LENGTH);
    if (text === '') field.focus();
    else context.actions.comment(entry.id, text);
  });
  const element = botMessage(
    entry,
    context,
    h('p', {}, strings.notResolved),
    entry.contact && contactBlock(entry.contact, strings, entry.lang, context.heading),
    entry.related.length > 0 && h(context.heading, {}, strings.related),
    entry.related.length > 0 && choices(entry.related, 'related', context),
    form,
  );
  const update = (next: Entry): void => {
    if (next.kind !== 'followup' || next.comment !== 'sent') return;
    field.readOnly = true;
    send.setAttribute('aria-disabled', 'true');
  };
  update(entry);
  return { element, update };
}

/**
 * @example log.append(renderEntry(entry, { botName: 'まどか', avatarUrl: null, heading: 'h3', actions }).element)
 */
export function renderEntry(entry: Entry, context: RenderContext): EntryView {
  const strings = MESSAGES[entry.lang];
  switch (entry.kind) {
    case 'user':
      return still(
        h(
          'div',
          { class: 'msg user', lang: entry.lang, 'data-entry': entry.id },
          h('div', { class: 'bubble' }, hiddenText(format(strings.said, { name: strings.you })), entry.text),
        ),
      );
    case 'welcome': {
      const categories = entry.categories.map((name) =>
        h('li', {}, button({ class: 'choice' }, (event) => context.actions.openCategory(name, event.currentTarget as HTMLButtonElement), name)),
      );
      return still(
        botMessage(
          entry,
          context,
          h('p', {}, entry.greeting ?? format(strings.greeting, { name: entry.name })),
          categories.length > 0 && h(context.heading, {}, strings.categories),
          categories.length > 0 && h('ul', { class: 'choices wrap' }, ...categories),
          entry.popular.length > 0 && h(context.heading, {}, strings.popular),
          entry.popular.length > 0 && choices(entry.popular, 'menu', context),
        ),
      );
    }
    case 'category': {
      const groups = entry.category.groups.filter((group) => group.questions.length > 0);
      return still(
        botMessage(
          entry,
          context,
          h('p', {}, format(strings.categoryIntro, { category: entry.category.category })),
          groups.length === 0 && h('p', {}, strings.categoryEmpty),
          ...groups.flatMap((group) => [group.name !== '' && h(context.heading, {}, group.name), choices(group.questions, 'menu', context)]),
        ),
      );
    }
    case 'reply':
      return renderReply(entry, context);
    case 'followup':
      return renderFollowUp(entry, context);
    case 'thanks':
      return still(botMessage(entry, context, h('p', {}, strings.thanks)));
    case 'comment-thanks':
      return still(botMessage(entry, context, h('p', {}, strings.commentThanks)));
    case 'error':
      return still(botMessage(entry, context, h('p', { role: 'alert', class: 'error' }, format(strings[entry.message], { max: MESSAGE_MAX_LENGTH }))));
  }
}

/** The 「回答を準備しています」 indicator: three dots for the eye, a sentence for screen readers. */
export function typingIndicator(strings: Messages, lang: string, avatarUrl: string | null): HTMLElement {
  return h(
    'div',
    { class: 'msg bot typing', lang },
    avatar(avatarUrl),
    h('div', { class: 'bubble' }, h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), hiddenText(strings.typing)),
  );
}
