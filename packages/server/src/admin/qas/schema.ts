/**
 * The admin QA API's shapes (TypeBox) with their inferred types, and the error shapes every admin capability
 * of this group shares (validation issues, missing relations, version conflicts). Field rules with Japanese
 * messages are checked by qa/io's validateQaContent, so the schemas only bound types and sizes.
 */
import { Type, type Static } from 'typebox';

/** Generous caps against abuse; the real limits (qa/io/limits.ts) come back as readable issues. */
const Text = Type.String({ maxLength: 100_000 });
const TextList = Type.Array(Type.String({ maxLength: 10_000 }), { maxItems: 1_000 });
export const QaIdParam = Type.String({ minLength: 1, maxLength: 200 });
/** Whole numbers in query strings and paths (0 …, 1 …). */
export const WHOLE_NUMBER = '^(0|[1-9][0-9]{0,8})$';
export const POSITIVE_NUMBER = '^[1-9][0-9]{0,8}$';

export const QaStatusSchema = Type.Union([Type.Literal('published'), Type.Literal('draft')], {
  description: 'published: 公開 (shown after the next publication); draft: 下書き.',
});

export const QaTranslationSchema = Type.Object({ question: Text, alternates: TextList, answer: Text });

export const QaTranslationsSchema = Type.Object(
  {
    en: Type.Optional(QaTranslationSchema),
    zh: Type.Optional(QaTranslationSchema),
    ko: Type.Optional(QaTranslationSchema),
    vi: Type.Optional(QaTranslationSchema),
  },
  { additionalProperties: false },
);

const DateOrNull = Type.Union([Type.String({ maxLength: 40 }), Type.Null()], { description: 'YYYY-MM-DD or null.' });

/** Every QaContent field but the id, as the editor's form holds them. */
const contentFields = {
  category1: Type.String({ maxLength: 10_000 }),
  category2: Type.String({ maxLength: 10_000 }),
  question: Text,
  alternates: TextList,
  keywords: TextList,
  answer: Text,
  relatedIds: TextList,
  department: Type.String({ maxLength: 10_000 }),
  contact: Text,
  sourceUrls: TextList,
  status: QaStatusSchema,
  validFrom: DateOrNull,
  validUntil: DateOrNull,
  translations: QaTranslationsSchema,
};

export const QaContentSchema = Type.Object({ id: Type.String(), ...contentFields });
export type QaContentView = Static<typeof QaContentSchema>;

/** A stored QA as the console sees it. */
export const QaView = Type.Object({
  id: Type.String(),
  ...contentFields,
  version: Type.Integer({ description: 'Send it back with a change (optimistic locking).' }),
  updatedBy: Type.String(),
  updatedAt: Type.String({ description: 'ISO 8601 UTC.' }),
});
export type QaView = Static<typeof QaView>;

/**
 * How a working QA stands against what citizens see: `same` as published; `changed`, the next publication
 * changes it for citizens (new content, or withdrawn because it became a draft); `new`, 公開 but never
 * published yet; `unpublished`, a draft citizens do not see.
 */
export const PublicationState = Type.Union([Type.Literal('same'), Type.Literal('changed'), Type.Literal('new'), Type.Literal('unpublished')]);
export type PublicationState = Static<typeof PublicationState>;

export const QaSummary = Type.Object({
  id: Type.String(),
  question: Type.String(),
  category1: Type.String(),
  category2: Type.String(),
  status: QaStatusSchema,
  department: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  version: Type.Integer(),
  published: PublicationState,
});
export type QaSummary = Static<typeof QaSummary>;

export const EditingPresenceSchema = Type.Object({
  qaId: Type.String(),
  loginId: Type.String(),
  displayName: Type.String(),
  at: Type.String({ description: 'The last heartbeat (ISO 8601 UTC).' }),
});
export type EditingPresenceView = Static<typeof EditingPresenceSchema>;

export const QA_SORT_KEYS = ['id', 'updatedAt', 'category', 'question'] as const;
export type QaSortKey = (typeof QA_SORT_KEYS)[number];

/** The list filters, shared by GET /qas and the exports. */
export const QaFilterFields = {
  text: Type.Optional(Type.String({ maxLength: 200, description: 'Words found in the id, question, alternates, keywords, answer or department (width and case folded).' })),
  category1: Type.Optional(Type.String({ maxLength: 200 })),
  category2: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(QaStatusSchema),
  department: Type.Optional(Type.String({ maxLength: 200 })),
  published: Type.Optional(PublicationState),
  updatedFrom: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (a day in Japan time) or an ISO time; inclusive.' })),
  updatedTo: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (the whole day, Japan time) or an ISO time; inclusive.' })),
};
export const QaFilterQuery = Type.Object(QaFilterFields);
export type QaFilterQuery = Static<typeof QaFilterQuery>;

export const QaListQuery = Type.Object({
  ...QaFilterFields,
  sort: Type.Optional(Type.Union(QA_SORT_KEYS.map((k) => Type.Literal(k)), { description: 'Default id (natural order: 2 before 10).' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'Default asc.' })),
  // Query strings and paths are text and the app does not coerce types: whole numbers by pattern.
  limit: Type.Optional(Type.String({ pattern: '^(500|[1-4][0-9]{2}|[1-9][0-9]?)$', description: 'QAs per page, 1–500 (default 50).' })),
  offset: Type.Optional(Type.String({ pattern: WHOLE_NUMBER, description: 'QAs to skip (default 0).' })),
});
export type QaListQuery = Static<typeof QaListQuery>;

export const QaListReply = Type.Object({
  items: Type.Array(QaSummary),
  /** Matching QAs in all, for paging. */
  total: Type.Integer(),
  /** Who has which QA open in the editor (heartbeat within 45 seconds), across all QAs. */
  editing: Type.Array(EditingPresenceSchema),
});
export type QaListReply = Static<typeof QaListReply>;

export const QaDetailReply = Type.Object({
  qa: QaView,
  published: PublicationState,
  /** What citizens see now, when it differs from `qa` (state `changed`); otherwise null. */
  publishedQa: Type.Union([QaView, Type.Null()]),
  editing: Type.Array(EditingPresenceSchema),
});
export type QaDetailReply = Static<typeof QaDetailReply>;

export const QaParams = Type.Object({ id: QaIdParam });

/** POST /qas: id, question and answer are required; the rest default to empty (status: draft). */
export const CreateQaRequest = Type.Object(
  {
    id: Type.String({ maxLength: 200 }),
    question: Text,
    answer: Text,
    category1: Type.Optional(contentFields.category1),
    category2: Type.Optional(contentFields.category2),
    alternates: Type.Optional(TextList),
    keywords: Type.Optional(TextList),
    relatedIds: Type.Optional(TextList),
    department: Type.Optional(contentFields.department),
    contact: Type.Optional(Text),
    sourceUrls: Type.Optional(TextList),
    status: Type.Optional(QaStatusSchema),
    validFrom: Type.Optional(DateOrNull),
    validUntil: Type.Optional(DateOrNull),
    translations: Type.Optional(QaTranslationsSchema),
  },
  { additionalProperties: false },
);
export type CreateQaRequest = Static<typeof CreateQaRequest>;

/** PUT /qas/:id: the whole form (every field), with the version that was read. */
export const UpdateQaRequest = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version that was read; 409 CONFLICT with the stored QA if someone saved since.' }),
    id: Type.Optional(Type.String({ description: 'Ignored when equal to the path id; a different id is refused.' })),
    ...contentFields,
  },
  { additionalProperties: false },
);
export type UpdateQaRequest = Static<typeof UpdateQaRequest>;

export const DeleteQaQuery = Type.Object({ version: Type.String({ pattern: POSITIVE_NUMBER, description: 'The version that was read.' }) });

export const BulkRequest = Type.Object(
  {
    action: Type.Union([Type.Literal('set-status'), Type.Literal('move-category'), Type.Literal('delete')]),
    ids: Type.Array(QaIdParam, { minItems: 1, maxItems: 20_000, uniqueItems: true }),
    status: Type.Optional(QaStatusSchema),
    category1: Type.Optional(Type.String({ maxLength: 10_000 })),
    category2: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);
export type BulkRequest = Static<typeof BulkRequest>;

export const BulkReply = Type.Object({
  action: Type.String(),
  /** QAs changed (or deleted); QAs already in the asked state are counted in `unchanged`. */
  changed: Type.Integer(),
  unchanged: Type.Integer(),
});
export type BulkReply = Static<typeof BulkReply>;

export const EditingReply = Type.Object({ editing: Type.Array(EditingPresenceSchema, { description: 'Everyone with this QA open now, you included.' }) });
export type EditingReply = Static<typeof EditingReply>;

export const RevisionAction = Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete'), Type.Literal('import')]);

export const RevisionSummary = Type.Object({
  version: Type.Integer(),
  action: RevisionAction,
  actor: Type.String(),
  at: Type.String(),
  question: Type.String(),
  status: QaStatusSchema,
});
export const RevisionListReply = Type.Object({
  /** Newest first. Revisions from before a deletion are kept. */
  items: Type.Array(RevisionSummary),
  /** The stored version now, or null when the QA is deleted (restore with expectedVersion null). */
  currentVersion: Type.Union([Type.Integer(), Type.Null()]),
});
export type RevisionListReply = Static<typeof RevisionListReply>;

export const RevisionParams = Type.Object({ id: QaIdParam, version: Type.String({ pattern: POSITIVE_NUMBER, description: 'A revision\'s version.' }) });

export const RevisionReply = Type.Object({
  version: Type.Integer(),
  action: RevisionAction,
  actor: Type.String(),
  at: Type.String(),
  content: QaContentSchema,
});
export type RevisionReply = Static<typeof RevisionReply>;

export const RestoreRequest = Type.Object(
  {
    expectedVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'The stored version that was read, or null to re-create a deleted QA.',
    }),
  },
  { additionalProperties: false },
);
export type RestoreRequest = Static<typeof RestoreRequest>;

export const PreviewRequest = Type.Object({ answer: Text }, { additionalProperties: false });
export const PreviewReply = Type.Object({ html: Type.String({ description: 'Sanitised HTML, rendered as the citizen chat renders answers.' }) });
export type PreviewReply = Static<typeof PreviewReply>;

export const CategoryListReply = Type.Object({
  items: Type.Array(
    Type.Object({
      category1: Type.String(),
      count: Type.Integer(),
      children: Type.Array(Type.Object({ category2: Type.String(), count: Type.Integer() })),
    }),
    { description: 'Every 大分類 of the working set (drafts included) with its 中分類, in first-seen id order.' },
  ),
});
export type CategoryListReply = Static<typeof CategoryListReply>;

/** One problem with what was sent: a field (and its Japanese label) or a row/line, and what to fix. */
export const Issue = Type.Object({
  message: Type.String(),
  field: Type.Optional(Type.String({ description: 'e.g. question, answer_en, themeColor, cases.3.question.' })),
  column: Type.Optional(Type.String({ description: 'The Japanese label of the field or file column, e.g. 質問.' })),
  row: Type.Optional(Type.Integer({ description: 'The row of a file (header = 1) or the 1-based line / entry number.' })),
});
export type Issue = Static<typeof Issue>;

const ErrorFields = { code: Type.String(), message: Type.String() };

/** Any error of these routes: `issues` (VALIDATION_FAILED, QA_FILE_INVALID) and `missing` (QA_RELATED_MISSING) when they apply. */
export const AdminErrorReply = Type.Object({
  error: Type.Object({
    ...ErrorFields,
    issues: Type.Optional(Type.Array(Issue)),
    missing: Type.Optional(Type.Array(Type.Object({ qaId: Type.String(), relatedId: Type.String() }))),
  }),
});
export type AdminErrorReply = Static<typeof AdminErrorReply>;

/** 409: CONFLICT carries the QA as stored now (`error.current`); QA_ALREADY_EXISTS carries nothing more. */
export const QaConflictReply = Type.Object({
  error: Type.Object({ ...ErrorFields, current: Type.Optional(QaView) }),
});
export type QaConflictReply = Static<typeof QaConflictReply>;

/** The error responses of a QA-changing route. */
export const qaChangeErrors = { 400: AdminErrorReply, 401: AdminErrorReply, 403: AdminErrorReply, 404: AdminErrorReply, 409: QaConflictReply };
/** The error responses of a read-only route. */
export const readErrors = { 400: AdminErrorReply, 401: AdminErrorReply, 403: AdminErrorReply, 404: AdminErrorReply };
