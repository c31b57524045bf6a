/**
 * The rules of the QA draft review queue: the job table of a site, the 管理番号 to suggest, and accepting a
 * draft as a QA through the QA editor's own path (validation with the import rules, the write lock, a new QA
 * as 下書き: nothing is published from here). Routes validate shapes, audit and refresh the working index.
 */
import { isDeepStrictEqual } from 'node:util';
import { DraftJobs } from '../../ai/drafts/draft-job.ts';
import { contentOf } from '../../qa/content.ts';
import type { Qa, QaContent } from '../../qa/model.ts';
import type { QaDraft } from '../../store/authoring-records.ts';
import { DraftAlreadyResolvedError, DraftNotFoundError, QaAlreadyExistsError } from '../../store/errors.ts';
import type { AdminContext } from '../context.ts';
import { settledIndex } from '../qas/index-refresh.ts';
import { checkedContent, withDefaults } from '../qas/qa-service.ts';
import { withWriteLock } from '../qas/write-lock.ts';
import type { AcceptDraftRequest, DraftView } from './schema.ts';

const tables = new WeakMap<AdminContext, DraftJobs>();

/**
 * The site's draft jobs (one table per admin context, i.e. per site and process).
 *
 * @example draftJobsOf(context, (error) => app.log.error({ err: error }, 'draft job failed')).start(…)
 */
export function draftJobsOf(context: AdminContext, logError: (error: unknown) => void): DraftJobs {
  let jobs = tables.get(context);
  if (!jobs) {
    jobs = new DraftJobs({
      store: context.store,
      siteId: context.siteId,
      chat: context.models.chat,
      logError,
      fetch: { guard: context.outbound },
      async similarQa(question) {
        await settledIndex(context.working);
        const { decision, results } = context.working.search(question, { top: 1 });
        const best = results[0];
        return decision === 'answer' && best ? { id: best.id, question: best.question } : null;
      },
    });
    tables.set(context, jobs);
  }
  return jobs;
}

/** A stored draft as the console sees it (no site id). */
export function draftView(draft: QaDraft): DraftView {
  const view: Partial<QaDraft> = { ...draft };
  delete view.siteId;
  return view as DraftView;
}

/**
 * The 管理番号 to suggest for a new QA: the largest all-digit id plus one, as wide as it (zero-padded ids stay
 * padded); "1" when no id is a number.
 *
 * @example nextQaId(['1001', '1002', 'gomi-1']) // '1003'
 * @example nextQaId(['0099']) // '0100'
 */
export function nextQaId(ids: Iterable<string>): string {
  let best: { value: bigint; width: number } | undefined;
  for (const id of ids) {
    if (!/^[0-9]{1,30}$/.test(id)) continue;
    const value = BigInt(id);
    if (!best || value > best.value) best = { value, width: id.length };
  }
  if (!best) return '1';
  return (best.value + 1n).toString().padStart(best.width, '0');
}

/**
 * Creates the QA (下書き, sourceUrls = the draft's page) and marks the draft accepted, under the write lock. When
 * another server settled the draft in between, the new QA is removed again and the draft's state reported.
 *
 * The two writes are not one transaction (the Store has none across a QA and a draft). A crash between them
 * leaves the QA (下書き, never published from here) and the draft still pending in the queue. Accepting that
 * draft again with the same 管理番号 and content settles it with the QA already there (`created: false`);
 * with other content it is refused as 管理番号 taken, and staff see the QA on the QA list.
 *
 * @throws DraftNotFoundError, DraftAlreadyResolvedError, QaAlreadyExistsError (→ 404 / 409 through the admin error mapping); ApiError VALIDATION_FAILED.
 * @example await acceptDraft(context, 'suzuki', 'd8…', { qaId: '1201', question: '…', answer: '…' }, new Date())
 */
export function acceptDraft(context: AdminContext, actor: string, id: string, input: AcceptDraftRequest, now: Date): Promise<{ qa: Qa; draft: QaDraft; created: boolean }> {
  const { store, siteId } = context;
  return withWriteLock(context, async () => {
    const draft = await store.getQaDraft(siteId, id);
    if (!draft) throw new DraftNotFoundError(siteId, id);
    if (draft.status !== 'pending') throw new DraftAlreadyResolvedError(draft);
    const { qaId, ...fields } = input;
    const content = checkedContent(withDefaults({ ...fields, id: qaId.trim(), status: 'draft', sourceUrls: draft.sourceUrl ? [draft.sourceUrl] : [] }));
    const { qa, created } = await savedOrEarlier(context, content, actor);
    try {
      const resolved = await store.resolveQaDraft(siteId, id, { status: 'accepted', actor, at: now.toISOString(), qaId: qa.id });
      return { qa, draft: resolved, created };
    } catch (error) {
      // All or nothing: a QA whose draft someone else settled first would be a second copy.
      if (created) await store.deleteQa(siteId, qa.id, { actor, expectedVersion: qa.version });
      throw error;
    }
  });
}

/** The new QA; or, when its 管理番号 is taken by a QA of exactly this content (an accept cut short before), that one. */
async function savedOrEarlier(context: AdminContext, content: QaContent, actor: string): Promise<{ qa: Qa; created: boolean }> {
  const { store, siteId } = context;
  try {
    return { qa: await store.saveQa(siteId, content, { actor, expectedVersion: null }), created: true };
  } catch (error) {
    const earlier = error instanceof QaAlreadyExistsError ? await store.getQa(siteId, content.id) : undefined;
    if (!earlier || !isDeepStrictEqual(contentOf(earlier), contentOf(content))) throw error;
    return { qa: earlier, created: false };
  }
}
