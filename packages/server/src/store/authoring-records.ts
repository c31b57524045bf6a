/**
 * What the generative-AI and authoring features keep (issue 7): model usage, the QA draft review queue,
 * source-page checks and review confirmations, cached embeddings, and AI-composed answers logged for
 * review. The Store interface (store.ts) reads and writes them; every record but the embedding cache is
 * scoped by site.
 */

/** Why a model was called; usage is totalled per purpose. */
export type ModelPurpose = 'draft' | 'suggestion' | 'answer' | 'embedding' | 'check';
export const MODEL_PURPOSES: readonly ModelPurpose[] = ['draft', 'suggestion', 'answer', 'embedding', 'check'];

/** Which configured endpoint was called. */
export type ModelKind = 'chat' | 'embeddings';

/**
 * One call to a model endpoint, as logged for cost and reliability. Never holds prompt or answer text.
 *
 * @example `{ at: '2026-11-30T01:00:00.000Z', day: '2026-11-30', kind: 'chat', model: 'gpt-4o-mini', purpose: 'answer', outcome: 'ok', attempts: 1, inputTokens: 812, outputTokens: 95, latencyMs: 1430, error: null }`
 */
export interface ModelUsage {
  /** ISO 8601 UTC. */
  at: string;
  /** YYYY-MM-DD in Japan. */
  day: string;
  kind: ModelKind;
  model: string;
  purpose: ModelPurpose;
  outcome: 'ok' | 'error' | 'timeout';
  /** Requests sent, retries included. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  /** A short description of the failure (status code, error kind), never request content. */
  error: string | null;
}

/**
 * Usage summed per day, endpoint, model and purpose.
 *
 * @example `{ day: '2026-11-30', kind: 'chat', model: 'gpt-4o-mini', purpose: 'answer', calls: 12, failures: 1, inputTokens: 9000, outputTokens: 1100, latencyMsSum: 15000 }`
 */
export interface ModelUsageTotal {
  day: string;
  kind: ModelKind;
  model: string;
  purpose: ModelPurpose;
  calls: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  latencyMsSum: number;
}

export type QaDraftStatus = 'pending' | 'accepted' | 'rejected';

/**
 * A QA proposed from city content, waiting for a person. `rules` drafts come from pages that already hold
 * questions and answers; `model` drafts were proposed by the chat model and checked against the page.
 *
 * @example `{ id: 'd8…', method: 'rules', sourceUrl: 'https://www.city.example.jp/faq/gomi.html', sourceName: 'ごみの出し方 よくある質問', question: '粗大ごみはどう出せばよいですか？', alternates: [], answer: '…', category1: '', department: '', notes: [] }`
 */
export interface NewQaDraft {
  id: string;
  createdAt: string;
  createdBy: string;
  method: 'rules' | 'model';
  /** The page's address, or null for an uploaded file. */
  sourceUrl: string | null;
  /** What staff see as the source: the page title, URL or file name. */
  sourceName: string;
  question: string;
  alternates: string[];
  answer: string;
  category1: string;
  department: string;
  /** What the checks noticed (sentences dropped as unsupported, text cut short), in Japanese for staff. */
  notes: string[];
}

export interface QaDraft extends NewQaDraft {
  siteId: string;
  status: QaDraftStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The QA created from this draft, when accepted. */
  qaId: string | null;
}

/**
 * @example `{ status: 'pending', limit: 50, offset: 0 }`
 */
export interface QaDraftQuery {
  status?: QaDraftStatus;
  limit: number;
  offset: number;
}

/**
 * How a pending draft was settled. Resolving a draft that is no longer pending fails with
 * DRAFT_ALREADY_RESOLVED (two staff members acting on the same draft).
 *
 * @example `{ status: 'accepted', actor: 'suzuki', at: '…', qaId: '1201' }`
 */
export interface QaDraftResolution {
  status: 'accepted' | 'rejected';
  actor: string;
  at: string;
  qaId: string | null;
}

/**
 * The last check of one source page (a QA's sourceUrls entry).
 *
 * @example `{ url: 'https://www.city.example.jp/kurashi/juminhyo.html', checkedAt: '…', state: 'ok', httpStatus: 200, contentHash: 'sha256…', etag: '"abc"', lastModified: null, changedAt: '…', error: null }`
 */
export interface SourceCheck {
  url: string;
  checkedAt: string;
  /** `ok` reachable; `missing` 404/410 or gone; `error` could not be checked this time (timeout, 5xx). */
  state: 'ok' | 'missing' | 'error';
  httpStatus: number | null;
  /** Hash of the page's main text (markup and boilerplate changes do not count), null until first read. */
  contentHash: string | null;
  etag: string | null;
  lastModified: string | null;
  /** When the main text was first seen different from before (null: never changed since first seen). */
  changedAt: string | null;
  error: string | null;
}

/**
 * Staff confirming a QA is still right (after its source changed, or at its review date).
 *
 * @example `{ qaId: '1001', actor: 'suzuki', at: '2026-11-30T01:00:00.000Z' }`
 */
export interface QaReviewMark {
  qaId: string;
  actor: string;
  at: string;
}

/**
 * One AI-composed answer attempt (R28), logged for staff review whether it was shown or not.
 *
 * @example `{ id: 'g1…', at: '…', day: '2026-11-30', sessionId: 's…', turnId: 't…', question: '…', model: 'gpt-4o-mini', outcome: 'shown', text: '…', sourceQaIds: ['1001', '1002'], citedQaIds: ['1001'], droppedSentences: [] }`
 */
export interface GeneratedAnswer {
  id: string;
  at: string;
  day: string;
  sessionId: string;
  /** The chat turn whose candidates it was composed from, when known. */
  turnId: string | null;
  /** Personal data masked, as in the chat log. */
  question: string;
  model: string;
  /**
   * `shown` to the citizen; `sensitive` refused (sensitive category or words); `unsupported` every sentence
   * was dropped; `failed` the model could not be reached or answered badly.
   */
  outcome: 'shown' | 'sensitive' | 'unsupported' | 'failed';
  /** What the citizen saw ('' unless shown). */
  text: string;
  sourceQaIds: string[];
  citedQaIds: string[];
  droppedSentences: string[];
}

export interface LoggedGeneratedAnswer extends GeneratedAnswer {
  /** Staff verdict after reading it: null until reviewed. */
  verdict: 'good' | 'bad' | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/**
 * @example `{ outcome: 'shown', unreviewed: true, limit: 50, offset: 0 }`
 */
export interface GeneratedAnswerQuery {
  outcome?: GeneratedAnswer['outcome'];
  /** Only those without a verdict yet. */
  unreviewed?: boolean;
  limit: number;
  offset: number;
}
