/**
 * The decisions every backend makes around its writes, kept out of the SQL so SQLite and PostgreSQL decide
 * alike: which inputs are refused, optimistic locking, what an import changes, how a chat turn marks its
 * session's previous one, and what an account change sets. Backends only read and write rows.
 */
import type { Qa, QaContent } from '../qa/model.ts';
import { contentJson, toStoredContent } from './content.ts';
import {
  QaAlreadyExistsError,
  QaInvalidError,
  QaNotFoundError,
  RelatedQaMissingError,
  StoreInputError,
  VersionConflictError,
  type MissingRelation,
} from './errors.ts';
import {
  REPHRASE_WINDOW_SECONDS,
  type ChatTurn,
  type ImportQasOptions,
  type ImportSummary,
  type LoggedTurn,
  type StaffAccount,
  type StaffAccountChange,
} from './store.ts';

/**
 * The actor, or `StoreInputError` when it is empty.
 *
 * @example `const who = requireActor(opts.actor);`
 */
export function requireActor(actor: string): string {
  if (typeof actor !== 'string' || actor.trim() === '') throw new StoreInputError('更新者が指定されていません');
  return actor;
}

/**
 * `content` in its stored form, or `QaInvalidError` when its id is empty.
 *
 * @example `const stored = storedContent(content);`
 */
export function storedContent(content: QaContent): QaContent {
  const stored = toStoredContent(content);
  if (typeof stored.id !== 'string' || stored.id.trim() === '') throw new QaInvalidError('管理番号が空です');
  return stored;
}

/**
 * A setting's value as JSON text, or `StoreInputError` for values JSON cannot hold.
 *
 * @example `settingJson({ name: 'まどか' }) // '{"name":"まどか"}'`
 */
export function settingJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw new StoreInputError('設定の値を JSON として保存できません');
  return json;
}

/**
 * A copy of the synonym lines, or `StoreInputError` naming the first line with a line break.
 *
 * @example `const lines = synonymLines(['ごみ, ゴミ']);`
 */
export function synonymLines(lines: readonly string[]): string[] {
  const bad = lines.findIndex((l) => /[\r\n]/.test(l));
  if (bad >= 0) throw new StoreInputError(`類義語の ${bad + 1} 行目に改行が含まれています。1行に1組で入力してください`);
  return [...lines];
}

/**
 * Whether a save creates or updates, after optimistic locking against what is stored now; throws
 * `QaAlreadyExistsError`, `QaNotFoundError` or `VersionConflictError`.
 *
 * @example `const action = saveAction('default', '1001', existing, opts.expectedVersion); // 'update'`
 */
export function saveAction(siteId: string, id: string, existing: Qa | undefined, expectedVersion: number | null): 'create' | 'update' {
  if (expectedVersion === null) {
    if (existing) throw new QaAlreadyExistsError(siteId, id);
    return 'create';
  }
  if (!existing) throw new QaNotFoundError(siteId, id);
  if (existing.version !== expectedVersion) throw new VersionConflictError(existing, expectedVersion);
  return 'update';
}

/**
 * The QA a delete may remove, after optimistic locking; throws `QaNotFoundError` or `VersionConflictError`.
 *
 * @example `const qa = deletable('default', '1001', existing, 2);`
 */
export function deletable(siteId: string, id: string, existing: Qa | undefined, expectedVersion: number): Qa {
  if (!existing) throw new QaNotFoundError(siteId, id);
  if (existing.version !== expectedVersion) throw new VersionConflictError(existing, expectedVersion);
  return existing;
}

/**
 * The related ids a save adds (those already stored are left alone, so a colleague's deletion never blocks an
 * unrelated edit); each must name an existing QA.
 *
 * @example `addedRelatedIds(existing, stored) // ['1002']`
 */
export function addedRelatedIds(existing: Qa | undefined, stored: QaContent): string[] {
  const before = new Set(existing?.relatedIds ?? []);
  return stored.relatedIds.filter((r) => !before.has(r) && r !== stored.id);
}

/**
 * Fails with `RelatedQaMissingError` when any of `relatedIds` of `qaId` is not in `existing`.
 *
 * @example `requireRelated('1001', ['1002'], new Set(['1002']));`
 */
export function requireRelated(qaId: string, relatedIds: readonly string[], existing: ReadonlySet<string>): void {
  const missing = relatedIds.filter((r) => !existing.has(r)).map((relatedId): MissingRelation => ({ qaId, relatedId }));
  if (missing.length > 0) throw new RelatedQaMissingError(missing);
}

/**
 * What an import writes: QAs to create (their version continues their history), QAs to update (to `version`),
 * QAs a `replace` removes, and how many stay as they are.
 *
 * @example `{ creates: [c3], updates: [{ content: c2, version: 2 }], deletes: [], unchanged: 1 }`
 */
export interface ImportPlan {
  creates: QaContent[];
  updates: { content: QaContent; version: number }[];
  deletes: Qa[];
  unchanged: number;
}

/**
 * The file's QAs in stored form, refusing empty and duplicate ids (`QaInvalidError`) before anything is read.
 *
 * @example `const incoming = importContents(contents);`
 */
export function importContents(contents: readonly QaContent[]): QaContent[] {
  const incoming = contents.map(storedContent);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const c of incoming) {
    if (seen.has(c.id)) duplicates.add(c.id);
    seen.add(c.id);
  }
  if (duplicates.size > 0) throw new QaInvalidError(`管理番号が重複しています: ${[...duplicates].join('、')}`);
  return incoming;
}

/**
 * Plans an import of `incoming` (from {@link importContents}) over the site's `existing` QAs. Identical QAs
 * are left untouched; every relatedIds entry must exist in the resulting set, else `RelatedQaMissingError`
 * lists all of them.
 *
 * @example `const plan = planImport(existingById, incoming, 'replace');`
 */
export function planImport(existing: ReadonlyMap<string, Qa>, incoming: readonly QaContent[], mode: ImportQasOptions['mode']): ImportPlan {
  const ids = new Set(incoming.map((c) => c.id));
  const resulting = mode === 'replace' ? ids : new Set([...existing.keys(), ...ids]);
  const missing: MissingRelation[] = [];
  for (const c of incoming) {
    for (const relatedId of c.relatedIds) if (!resulting.has(relatedId)) missing.push({ qaId: c.id, relatedId });
  }
  if (missing.length > 0) throw new RelatedQaMissingError(missing);

  const plan: ImportPlan = { creates: [], updates: [], deletes: [], unchanged: 0 };
  for (const c of incoming) {
    const old = existing.get(c.id);
    if (!old) plan.creates.push(c);
    else if (contentJson(old) === contentJson(c)) plan.unchanged++;
    else plan.updates.push({ content: c, version: old.version + 1 });
  }
  if (mode === 'replace') plan.deletes = [...existing.values()].filter((qa) => !ids.has(qa.id));
  return plan;
}

/** @example `importSummary(plan) // { created: 1, updated: 2, unchanged: 40, deleted: 0 }` */
export function importSummary(plan: ImportPlan): ImportSummary {
  return { created: plan.creates.length, updated: plan.updates.length, unchanged: plan.unchanged, deleted: plan.deletes.length };
}

/**
 * How a new turn marks its session's previous turn: a typed question within REPHRASE_WINDOW_SECONDS of an
 * answer not rated 「はい」 marks it rephrased; a candidate click marks the candidate list picked.
 *
 * @example `turnLink(turn, previous) // 'rephrased'`
 */
export function turnLink(
  turn: ChatTurn,
  previous: Pick<LoggedTurn, 'at' | 'decision' | 'rephrased' | 'resolved' | 'pickedQaId'>,
): 'rephrased' | 'picked' | undefined {
  const seconds = (Date.parse(turn.at) - Date.parse(previous.at)) / 1000;
  if (turn.via === 'typed' && previous.decision === 'answer' && !previous.rephrased && previous.resolved !== true && seconds <= REPHRASE_WINDOW_SECONDS) {
    return 'rephrased';
  }
  if (turn.via === 'candidate' && previous.decision === 'candidates' && previous.pickedQaId === null && turn.qaId !== null) return 'picked';
  return undefined;
}

/**
 * The account's fields after `change` at time `at`: absent fields stay, a new password stamps
 * passwordChangedAt.
 *
 * @example `changedAccount(current, { role: 'viewer' }, now).role // 'viewer'`
 */
export function changedAccount(
  current: StaffAccount,
  change: StaffAccountChange,
  at: string,
): Pick<StaffAccount, 'displayName' | 'role' | 'disabled' | 'passwordHash' | 'passwordChangedAt'> {
  return {
    displayName: change.displayName ?? current.displayName,
    role: change.role ?? current.role,
    disabled: change.disabled ?? current.disabled,
    passwordHash: change.passwordHash ?? current.passwordHash,
    passwordChangedAt: change.passwordHash === undefined ? current.passwordChangedAt : at,
  };
}

/**
 * PostgreSQL text cannot hold U+0000. A stray NUL (a citizen's, or one from a PDF) becomes U+FFFD rather than
 * failing the batch, which the turn log would retry forever; both backends store the same text.
 *
 * @example `storableText('a\0b') // 'a\uFFFDb'`
 */
export function storableText(text: string): string {
  return text.replaceAll('\0', '\uFFFD');
}
