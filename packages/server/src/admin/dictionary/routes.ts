/**
 * The synonym dictionary in the console. Synonyms are not part of a publication (the store keeps one list),
 * so a saved dictionary applies to the test chat and to citizens at once: both indexes are rebuilt before
 * the save returns.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../../http/api-error.ts';
import { installAdminErrors, staffOf, validationFailed } from '../qas/errors.ts';
import { refreshIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import { withWriteLock } from '../qas/write-lock.ts';
import { dictionaryIssues, readDictionary } from './dictionary.ts';
import { dictionaryErrors, DictionaryReply, DictionaryRequest, DictionaryRevisionsReply } from './schema.ts';

const tags = ADMIN_TAGS;

export const dictionaryRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  const { store, siteId } = context;

  app.get(
    '/dictionary',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The staff synonym dictionary', response: { 200: DictionaryReply, ...readErrors } } },
    async () => readDictionary(store, siteId),
  );

  app.put(
    '/dictionary',
    {
      config: { minRole: 'editor' },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Replace the dictionary; every line is checked first (errors by line number); applies to the test chat and to citizens at once',
        body: DictionaryRequest,
        response: { 200: DictionaryReply, ...dictionaryErrors },
      },
    },
    async (request) => {
      const lines = request.body.lines.map((line) => line.trimEnd());
      const issues = dictionaryIssues(lines);
      if (issues.length > 0) throw validationFailed(issues, `辞書に問題が ${issues.length} 件あります。`);
      const saved = await withWriteLock(context, async () => {
        const current = await readDictionary(store, siteId);
        if (current.revision !== request.body.revision) {
          throw new ApiError(
            409,
            'CONFLICT',
            `辞書は、読み込んだ後に ${current.updatedBy ?? '他の人'} さんが更新しています（読み込んだ版 ${request.body.revision}、現在の版 ${current.revision}）。最新の内容を確認してからもう一度保存してください。`,
            { current },
          );
        }
        await store.replaceSynonymEntries(siteId, lines, staffOf(request).loginId);
        return readDictionary(store, siteId);
      });
      await context.audit(request, 'dictionary.update', '', { revision: saved.revision, lines: lines.length });
      await Promise.all([refreshIndex(context.working, request.log), refreshIndex(context.published, request.log)]);
      return saved;
    },
  );

  app.get(
    '/dictionary/revisions',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Every saved dictionary, newest first', response: { 200: DictionaryRevisionsReply, ...readErrors } } },
    async () => ({ items: (await store.listSynonymRevisions(siteId)).reverse().map((r) => ({ revision: r.revision, actor: r.actor, at: r.at, lines: r.lines })) }),
  );
};
