/**
 * More 言い換え for a QA, proposed by the chat model: the ways citizens really type the question. The model
 * sees the QA as data only; what it returns is tidied, and repeats of the question, of the registered
 * alternates and of each other (as the engine reads them) are left out, so each suggestion adds something.
 */
import { Type } from 'typebox';
import { markdownToPlainText } from '../../qa/plain-text.ts';
import type { ChatMessage, ChatModel } from '../models/models.ts';
import { DATA_RULE, dataBlock, parseModelJson } from './prompt-data.ts';
import { sameTextKey, type SuggestionInput, type Suggestions } from './suggestion.ts';

export const MAX_ALTERNATE_SUGGESTIONS = 10;
export const MAX_ALTERNATE_LENGTH = 100;

const RULES = `あなたは、市役所の FAQ チャットボットに登録する QA づくりを手伝います。
データの QA（question: 質問、alternates: 登録済みの言い換え、answer: 回答）について、市民が実際にチャットに打ち込みそうな「同じことを聞く別の言い方」を考えてください。

ルール:
- 市民が実際に打つ言い方を、次のように混ぜてください。
  - 行政の用語ではなく、ふだんの言葉で書いた文
  - ひらがなだけで書いた文
  - ていねいで長い文
  - 短いキーワードだけの入力
- 打ち間違いや変換ミスを、わざと作ってはいけません。
- 質問の意味を変えてはいけません。QA にない新しい事実（金額、日付、期限、条件、窓口など）を足してはいけません。
- question や alternates と同じ文は出さないでください。
- 1 つの言い換えは ${MAX_ALTERNATE_LENGTH} 文字以内、全部で ${MAX_ALTERNATE_SUGGESTIONS} 件までにしてください。
- 次の形の JSON だけを返してください: {"alternates": ["言い換え1", "言い換え2"]}
- ${DATA_RULE}`;

/** One pair of quotes around the whole text (not 「住民票」と「印鑑」, which only starts and ends with quotes). */
const WRAPPING_QUOTES = /^「([^「」]*)」$|^『([^『』]*)』$|^"([^"]*)"$|^'([^']*)'$/u;

const AlternatesReply = Type.Object({ alternates: Type.Array(Type.String()) });

/** The chat-completions messages: the rules, then the QA as data (the answer as plain text: its words are what matter). */
export function alternatesMessages(input: SuggestionInput): ChatMessage[] {
  const data = { question: input.question, alternates: input.alternates, answer: markdownToPlainText(input.answer) };
  return [
    { role: 'system', content: RULES },
    { role: 'user', content: `次の QA の言い換えを考えてください。\n${dataBlock(data)}` },
  ];
}

/**
 * The model's candidates as suggestions: tidied, empty ones skipped, over-long ones and repeats left out
 * with the reason, at most {@link MAX_ALTERNATE_SUGGESTIONS}.
 *
 * @example
 * screenAlternates(['住民票がほしい', 'じゅうみんひょう ほしい'], { question: '住民票がほしい', alternates: [], answer: '…' })
 * // { suggestions: [{ text: 'じゅうみんひょう ほしい', notes: [] }], dropped: [{ text: '住民票がほしい', reason: '質問と同じです。' }] }
 */
export function screenAlternates(candidates: readonly string[], input: SuggestionInput): Suggestions {
  const result: Suggestions = { suggestions: [], dropped: [] };
  /** The key of every text already there, with why a candidate of the same key adds nothing. */
  const taken = new Map<string, string>([[sameTextKey(input.question), '質問と同じです。']]);
  for (const alternate of input.alternates) if (!taken.has(sameTextKey(alternate))) taken.set(sameTextKey(alternate), '登録済みの言い換えと同じです。');
  for (const candidate of candidates) {
    const text = tidy(candidate);
    const key = sameTextKey(text);
    if (key === '') continue;
    const repeat = taken.get(key);
    if (repeat) result.dropped.push({ text, reason: repeat });
    else if ([...text].length > MAX_ALTERNATE_LENGTH) result.dropped.push({ text, reason: `${MAX_ALTERNATE_LENGTH} 文字を超えています。` });
    else if (result.suggestions.length >= MAX_ALTERNATE_SUGGESTIONS) result.dropped.push({ text, reason: `一度に出す候補は ${MAX_ALTERNATE_SUGGESTIONS} 件までです。` });
    else {
      result.suggestions.push({ text, notes: [] });
      taken.set(key, 'ほかの候補と同じです。');
    }
  }
  return result;
}

/**
 * Asks the chat model for alternates of the QA and screens them.
 *
 * @throws ModelError when the model fails or its reply is not the JSON asked for.
 */
export async function suggestAlternates(chat: ChatModel, input: SuggestionInput): Promise<Suggestions> {
  // Some variety is the point here: asking again should bring other phrasings.
  const reply = await chat.complete({ purpose: 'suggestion', messages: alternatesMessages(input), json: true, temperature: 0.7, maxTokens: 1200 });
  return screenAlternates(parseModelJson(reply.text, AlternatesReply).alternates, input);
}

/**
 * A candidate tidied for the form: one line, trimmed, wrapping quotes removed.
 *
 * @example tidy(' 「住民票が\nほしい」 ') // '住民票が ほしい'
 */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(WRAPPING_QUOTES, '$1$2$3$4')
    .trim();
}
