/**
 * One attempt at a generated answer (R28): the chat model writes at most three sentences from the numbered
 * sources, then every sentence is checked against the sources' own text (ai/grounding). Only supported
 * sentences without a sensitive word survive, so an instruction smuggled into the question or a QA can at
 * worst make the model write something that is then dropped; sentences of a QA addressed to an AI are left
 * out of both the prompt and the check. Never throws: a model failure is an outcome.
 */
import { randomBytes } from 'node:crypto';
import { redactPersonalData } from '../../chat/redact.ts';
import { groundSentences, type DroppedSentence } from '../grounding/grounding.ts';
import type { ChatModel } from '../models/models.ts';
import { withoutInjectedInstructions } from '../grounding/untrusted-text.ts';
import { ANSWER_MAX_SENTENCES, answerMessages } from './answer-prompt.ts';
import { sensitiveWordIn } from './answer-policy.ts';

/** A citizen waits for this: one try, a short time-out, and the candidates are already on screen. */
const ANSWER_TIMEOUT_MS = 10_000;
const ANSWER_MAX_TOKENS = 400;

/** One candidate QA as the model and the checks read it: city facts filled in, the answer as plain text. */
export interface AnswerSource {
  qaId: string;
  question: string;
  answer: string;
}

/**
 * @example `{ outcome: 'shown', text: '住民票の写しは、市民課の窓口で取れます。', citedQaIds: ['1001'], dropped: [], model: 'gpt-4o-mini' }`
 */
export interface ComposedAnswer {
  /** `unsupported`: nothing survived the checks; `failed`: the model could not be reached or answered badly. */
  outcome: 'shown' | 'unsupported' | 'failed';
  /** The kept sentences ('' unless shown), without citation markers. */
  text: string;
  /** For each kept sentence the QA supporting it (the one it cited, if that one does), in the sources' order. */
  citedQaIds: string[];
  dropped: DroppedSentence[];
  model: string;
}

/** `[1]` after the full stop belongs to the sentence before it: 「…です。[1]」 → 「…です[1]。」. */
const CITATION_AFTER_STOP = /([。！？])\s*((?:[[［【]\s*\d+(?:\s*[,、，]\s*\d+)*\s*[\]］】]\s*)+)/gu;

/**
 * @example
 * const composed = await composeAnswer(models.chat, '住民票を取りたい', sources, ['税', '手数料']);
 * if (composed.outcome === 'shown') show(composed.text, composed.citedQaIds);
 */
export async function composeAnswer(chat: ChatModel, question: string, qas: readonly AnswerSource[], sensitiveWords: readonly string[]): Promise<ComposedAnswer> {
  const sources = qas.map((qa) => ({ qaId: qa.qaId, question: withoutInjectedInstructions(qa.question), answer: withoutInjectedInstructions(qa.answer) }));
  let reply: string;
  let model = chat.model;
  try {
    const completion = await chat.complete({
      purpose: 'answer',
      // The model may be outside the city: personal data in the question is masked first, as in the chat log.
      messages: answerMessages(redactPersonalData(question), sources, randomBytes(6).toString('hex')),
      maxTokens: ANSWER_MAX_TOKENS,
      temperature: 0,
      limits: { timeoutMs: ANSWER_TIMEOUT_MS, retries: 0 },
    });
    reply = completion.text;
    model = completion.model || model;
  } catch {
    // The model's status and usage log hold the reason; the citizen keeps the candidates.
    return { outcome: 'failed', text: '', citedQaIds: [], dropped: [], model };
  }
  return { ...checkAnswer(reply, sources, sensitiveWords), model };
}

/**
 * The model's reply reduced to what may be shown: supported sentences (grounding), none with a sensitive
 * word, at most {@link ANSWER_MAX_SENTENCES}. Pure.
 *
 * @example checkAnswer('手数料は0円です[1]。', sources, ['手数料']).outcome // 'unsupported'
 */
export function checkAnswer(reply: string, sources: readonly AnswerSource[], sensitiveWords: readonly string[]): Omit<ComposedAnswer, 'model'> {
  const grounding = groundSentences(
    reply.replace(CITATION_AFTER_STOP, '$2$1'),
    // The answer only: a QA's question (「郵送で請求できますか」) read as support would let the model turn it into a claim.
    sources.map((source) => ({ id: source.qaId, text: source.answer })),
  );
  const dropped = grounding.dropped.filter((d) => d.sentence !== '');
  const kept: typeof grounding.kept = [];
  for (const sentence of grounding.kept) {
    const word = sensitiveWordIn(sentence.sentence, sensitiveWords);
    if (word !== null) dropped.push({ sentence: sentence.sentence, reason: `慎重な扱いが必要な言葉（${word}）を含むため、AIの文では示しません。` });
    else if (kept.length >= ANSWER_MAX_SENTENCES) dropped.push({ sentence: sentence.sentence, reason: `${ANSWER_MAX_SENTENCES}文を超えた部分です。` });
    else kept.push(sentence);
  }
  if (kept.length === 0) return { outcome: 'unsupported', text: '', citedQaIds: [], dropped };
  // A sentence counts for the source it cited when that one supports it (grounding lists it first), else the best other.
  const supporting = new Set(kept.map((sentence) => sentence.sourceIds[0]));
  return {
    outcome: 'shown',
    text: kept.map((sentence) => withFullStop(sentence.sentence)).join(''),
    citedQaIds: sources.map((source) => source.qaId).filter((id) => supporting.has(id)),
    dropped,
  };
}

function withFullStop(sentence: string): string {
  return /[。！？!?]$/u.test(sentence) ? sentence : `${sentence}。`;
}
