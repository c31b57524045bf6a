/**
 * やさしい日本語 rewrites of a QA's answer, proposed by the chat model. Wording may change, facts may not: a
 * rewrite holding a number, amount, date, negation, link or {{placeholder}} the original lacks is left out
 * with the reason; one that lost a link, a placeholder or a number is shown with a note to check it.
 */
import { Type } from 'typebox';
import { markdownToPlainText } from '../../qa/plain-text.ts';
import { negativeSentenceCount, unsupportedFacts } from '../grounding/grounding.ts';
import type { ChatMessage, ChatModel } from '../models/models.ts';
import { markdownLinks } from './markdown-links.ts';
import { DATA_RULE, dataBlock, parseModelJson } from './prompt-data.ts';
import { sameTextKey, type SuggestionInput, type Suggestions } from './suggestion.ts';

export const MAX_REWRITES = 2;

const RULES = `あなたは、市役所の FAQ チャットボットの回答を「やさしい日本語」に書き直す手伝いをします。
データの answer（Markdown の回答）を、日本語に慣れていない外国の人、子ども、お年寄りにも分かる やさしい日本語 に書き直した案を、1 つか 2 つ作ってください。question は、何についての回答かを知るためのものです。

ルール:
- 文を短くします。1 つの文には、1 つのことだけを書きます。
- 難しい言葉は、よく使うやさしい言葉に言い換えます。漢字は、よく使う言葉のものだけにします。
- 「〜でございます」「〜いただけます」のような難しい敬語は使わず、「〜です」「〜ます」で書きます。
- リンク（[文字](URL) の形）、電話番号、金額、日付、時刻、期限、数は、元の回答のとおりに書きます。1 つも変えず、1 つも落としません。URL は変えません。新しいリンクは作りません。
- {{市名}} のように {{ }} で囲まれた言葉は、そのまま残します。
- 元の回答にない事実（金額、日付、条件、「無料」「不要」など）を足してはいけません。分からないことを補ってはいけません。
- 回答の意味を変えてはいけません。「〜できません」などの否定は、否定のまま書きます。
- 段落や箇条書きなどの Markdown は使えます。
- 次の形の JSON だけを返してください: {"variants": ["案1", "案2"]}
- ${DATA_RULE}`;

const RewritesReply = Type.Object({ variants: Type.Array(Type.String()) });

/** {{市名}}-style placeholders, filled with the city's facts when shown. */
const PLACEHOLDER = /\{\{[^{}]+\}\}/gu;

/** The chat-completions messages: the rules, then the question and the Markdown answer as data. */
export function plainJapaneseMessages(input: SuggestionInput): ChatMessage[] {
  return [
    { role: 'system', content: RULES },
    { role: 'user', content: `次の回答を、やさしい日本語に書き直してください。\n${dataBlock({ question: input.question, answer: input.answer })}` },
  ];
}

/**
 * The model's rewrites as suggestions: each checked against the original answer (see the file comment);
 * repeats of the original or of each other left out; at most {@link MAX_REWRITES}.
 *
 * @example
 * screenRewrites(['じゅうみんひょうは 0円です。'], '住民票の写しは1通300円です。').dropped[0].reason
 * // '元の回答にない内容（0円）が含まれています。'
 */
export function screenRewrites(variants: readonly string[], originalAnswer: string): Suggestions {
  const result: Suggestions = { suggestions: [], dropped: [] };
  const taken = new Map<string, string>([[sameTextKey(originalAnswer), '元の回答と同じです。']]);
  for (const variant of variants) {
    const text = variant.trim();
    const key = sameTextKey(text);
    if (key === '') continue;
    const reason = taken.get(key) ?? addedFacts(text, originalAnswer) ?? (result.suggestions.length >= MAX_REWRITES ? `一度に出す案は ${MAX_REWRITES} つまでです。` : undefined);
    if (reason) {
      result.dropped.push({ text, reason });
      continue;
    }
    result.suggestions.push({ text, notes: lostItems(text, originalAnswer) });
    taken.set(key, 'ほかの案と同じです。');
  }
  return result;
}

/**
 * Asks the chat model for やさしい日本語 rewrites of the answer and screens them.
 *
 * @throws ModelError when the model fails or its reply is not the JSON asked for.
 */
export async function suggestPlainJapanese(chat: ChatModel, input: SuggestionInput): Promise<Suggestions> {
  const reply = await chat.complete({ purpose: 'suggestion', messages: plainJapaneseMessages(input), json: true, temperature: 0.2, maxTokens: 4000 });
  return screenRewrites(parseModelJson(reply.text, RewritesReply).variants, input.answer);
}

/** Why the rewrite says more than the original, or undefined when it does not. */
function addedFacts(rewrite: string, original: string): string | undefined {
  const facts = unsupportedFacts(markdownToPlainText(rewrite), markdownToPlainText(original));
  if (facts.length > 0) return `元の回答にない内容（${facts.join('、')}）が含まれています。`;
  const links = missingFrom(markdownLinks(rewrite), markdownLinks(original));
  if (links.length > 0) return `元の回答にないリンク（${links.join('、')}）が含まれています。`;
  const placeholders = missingFrom(placeholdersOf(rewrite), placeholdersOf(original));
  if (placeholders.length > 0) return `元の回答にない差し込み（${placeholders.join('、')}）が含まれています。`;
  return undefined;
}

/** Notes on what of the original the rewrite lost: links, placeholders, numbers (amounts, dates, phone numbers). */
function lostItems(rewrite: string, original: string): string[] {
  const notes: string[] = [];
  const check = '採用する前に確かめてください。';
  const links = missingFrom(markdownLinks(original), markdownLinks(rewrite));
  if (links.length > 0) notes.push(`元の回答のリンク（${links.join('、')}）がありません。${check}`);
  const placeholders = missingFrom(placeholdersOf(original), placeholdersOf(rewrite));
  if (placeholders.length > 0) notes.push(`元の回答の差し込み（${placeholders.join('、')}）がありません。${check}`);
  // Only numbers: やさしい日本語 is meant to replace words such as 必要 or 不可 with easier ones.
  const numbers = unsupportedFacts(markdownToPlainText(original), markdownToPlainText(rewrite)).filter((fact) => /\d/.test(fact));
  if (numbers.length > 0) notes.push(`元の回答の数（${numbers.join('、')}）がありません。${check}`);
  const negatives = [negativeSentenceCount(markdownToPlainText(original)), negativeSentenceCount(markdownToPlainText(rewrite))];
  if (negatives[1]! < negatives[0]!) notes.push(`元の回答の「〜ません」「〜できない」などの文（${negatives[0]}つ）が、案では${negatives[1]}つです。意味が逆になっていないか、${check}`);
  return notes;
}

function placeholdersOf(markdown: string): string[] {
  return [...new Set(markdown.match(PLACEHOLDER) ?? [])];
}

/** The items of `items` not in `among`. */
function missingFrom(items: readonly string[], among: readonly string[]): string[] {
  return items.filter((item) => !among.includes(item));
}
