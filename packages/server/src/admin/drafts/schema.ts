/**
 * The QA drafts API's shapes (TypeBox): jobs that make drafts from city pages, sitemaps or files, the review
 * queue, and accepting a draft as a QA (非公開) or rejecting it.
 */
import { Type, type Static } from 'typebox';
import { DRAFT_JOB_LIMITS } from '../../ai/drafts/draft-job.ts';
import { QA_IO_LIMITS } from '../../qa/io/limits.ts';
import { AdminErrorReply, QaView, WHOLE_NUMBER } from '../qas/schema.ts';
import { UploadedFile } from '../transfer/upload.ts';

const Address = Type.String({ minLength: 1, maxLength: QA_IO_LIMITS.urlMaxLength });

export const DraftJobRequest = Type.Object(
  {
    urls: Type.Optional(Type.Array(Address, { minItems: 1, maxItems: DRAFT_JOB_LIMITS.maxUrls, description: `Pages to read (http/https), at most ${DRAFT_JOB_LIMITS.maxUrls}.` })),
    sitemap: Type.Optional(Type.String({ minLength: 1, maxLength: QA_IO_LIMITS.urlMaxLength, description: 'A sitemap or sitemap index address, instead of urls.' })),
    pathPrefix: Type.Optional(Type.String({ maxLength: 500, description: 'With sitemap: only pages whose path (or address) starts with this, e.g. /kurashi/.' })),
    maxPages: Type.Optional(
      Type.Integer({ minimum: 1, maximum: DRAFT_JOB_LIMITS.maxSitemapPages, description: `With sitemap: pages read at most (default ${DRAFT_JOB_LIMITS.defaultSitemapPages}).` }),
    ),
    useModel: Type.Optional(Type.Boolean({ description: 'Also ask the chat model for drafts (refused with 503 MODEL_NOT_CONFIGURED when none is configured).' })),
  },
  { additionalProperties: false },
);
export type DraftJobRequest = Static<typeof DraftJobRequest>;

export const DraftFilesRequest = Type.Object({
  file: Type.Union([UploadedFile, Type.Array(UploadedFile, { minItems: 1, maxItems: DRAFT_JOB_LIMITS.maxFiles })], {
    description: `HTML or PDF files as multipart parts named "file", at most ${DRAFT_JOB_LIMITS.maxFiles}, each at most ${DRAFT_JOB_LIMITS.maxFileBytes / 1024 / 1024} MB.`,
  }),
  useModel: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Form field: "true" to also ask the chat model.' })),
});
export type DraftFilesRequest = Static<typeof DraftFilesRequest>;

export const DraftJobView = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  startedBy: Type.String(),
  source: Type.Union([Type.Literal('urls'), Type.Literal('sitemap'), Type.Literal('files')]),
  useModel: Type.Boolean(),
  pagesTotal: Type.Integer({ description: '0 while the sitemap is being read.' }),
  pagesDone: Type.Integer(),
  draftsMade: Type.Integer(),
  draftsSkipped: Type.Integer({ description: 'The same question from the same source was already pending.' }),
  draftsDiscarded: Type.Integer({ description: 'AI proposals the page did not support.' }),
  failures: Type.Array(Type.Object({ source: Type.String(), reason: Type.String() })),
  notes: Type.Array(Type.String()),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why the whole job stopped (e.g. an unreadable sitemap).' }),
});
export type DraftJobView = Static<typeof DraftJobView>;

export const DraftJobReply = Type.Object({ job: DraftJobView });
export type DraftJobReply = Static<typeof DraftJobReply>;

export const DraftJobListReply = Type.Object({ jobs: Type.Array(DraftJobView, { description: 'Jobs this server process remembers, newest first (they are not kept across restarts).' }) });
export type DraftJobListReply = Static<typeof DraftJobListReply>;

export const DraftJobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const DraftParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const DraftStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')]);

export const DraftView = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  method: Type.Union([Type.Literal('rules'), Type.Literal('model')], { description: 'rules: the page\'s own Q&A; model: proposed by the chat model and checked against the page.' }),
  sourceUrl: Type.Union([Type.String(), Type.Null()], { description: 'null for an uploaded file.' }),
  sourceName: Type.String(),
  question: Type.String(),
  alternates: Type.Array(Type.String()),
  answer: Type.String({ description: 'QA answer Markdown.' }),
  category1: Type.String(),
  department: Type.String(),
  notes: Type.Array(Type.String()),
  status: DraftStatusSchema,
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  qaId: Type.Union([Type.String(), Type.Null()], { description: 'The QA made from it, when accepted.' }),
});
export type DraftView = Static<typeof DraftView>;

export const DraftListQuery = Type.Object(
  {
    status: Type.Optional(DraftStatusSchema),
    limit: Type.Optional(Type.String({ pattern: '^(200|1[0-9]{2}|[1-9][0-9]?)$', description: 'Drafts per page, 1–200 (default 50).' })),
    offset: Type.Optional(Type.String({ pattern: WHOLE_NUMBER, description: 'Drafts to skip (default 0).' })),
  },
  { additionalProperties: false },
);
export type DraftListQuery = Static<typeof DraftListQuery>;

export const DraftListReply = Type.Object({
  drafts: Type.Array(DraftView, { description: 'Newest first.' }),
  total: Type.Integer(),
  nextQaId: Type.String({ description: 'A free 管理番号 to suggest: the largest numeric one plus one.' }),
  chatModelConfigured: Type.Boolean({ description: 'Whether 「AIモデルでも案を作る」 can be offered.' }),
  limits: Type.Object(
    {
      maxUrls: Type.Integer(),
      maxSitemapPages: Type.Integer(),
      defaultSitemapPages: Type.Integer(),
      maxFiles: Type.Integer(),
      maxFileBytes: Type.Integer(),
    },
    { description: 'What one job may take, for the form to say.' },
  ),
});
export type DraftListReply = Static<typeof DraftListReply>;
export type DraftJobLimits = DraftListReply['limits'];

const Text = Type.String({ maxLength: 100_000 });
const TextList = Type.Array(Type.String({ maxLength: 10_000 }), { maxItems: 1_000 });

/** The draft as the staff member edited it, and the QA's 管理番号; the QA is created as 下書き (非公開). */
export const AcceptDraftRequest = Type.Object(
  {
    qaId: Type.String({ maxLength: 200, description: 'The new QA\'s 管理番号 (see nextQaId).' }),
    question: Text,
    alternates: Type.Optional(TextList),
    answer: Text,
    category1: Type.Optional(Type.String({ maxLength: 10_000 })),
    category2: Type.Optional(Type.String({ maxLength: 10_000 })),
    keywords: Type.Optional(TextList),
    department: Type.Optional(Type.String({ maxLength: 10_000 })),
    contact: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type AcceptDraftRequest = Static<typeof AcceptDraftRequest>;

export const AcceptDraftReply = Type.Object({ qa: QaView, draft: DraftView });
export type AcceptDraftReply = Static<typeof AcceptDraftReply>;

export const RejectDraftReply = Type.Object({ draft: DraftView });
export type RejectDraftReply = Static<typeof RejectDraftReply>;

/** 409: DRAFT_ALREADY_RESOLVED carries the draft as settled (`error.current`). */
export const DraftConflictReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), current: Type.Optional(DraftView) }),
});

export const draftErrors = { 400: AdminErrorReply, 401: AdminErrorReply, 403: AdminErrorReply, 404: AdminErrorReply, 409: DraftConflictReply };
export const draftJobErrors = { 400: AdminErrorReply, 401: AdminErrorReply, 403: AdminErrorReply, 413: AdminErrorReply, 429: AdminErrorReply, 503: AdminErrorReply };
