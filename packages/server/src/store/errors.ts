/**
 * Typed errors of the storage layer. Callers branch on `code` (stable, documented below), never on the
 * message text, which is Japanese and written for staff.
 */
import type { Qa } from '../qa/model.ts';
import type { QaDraft } from './authoring-records.ts';
import type { StaffAccount } from './store.ts';

/**
 * Every code the store can raise, with what it means. A test fails when a code is missing here.
 *
 * @example
 * ```ts
 * STORE_ERROR_CODES.QA_VERSION_CONFLICT; // '他の人が先に保存した…'
 * ```
 */
export const STORE_ERROR_CODES = {
  QA_NOT_FOUND: 'The QA does not exist in this site (never created, or deleted).',
  QA_ALREADY_EXISTS: 'Create was asked (expectedVersion null) but a QA with this id already exists.',
  QA_VERSION_CONFLICT: 'Someone else saved the QA since it was read; `current` holds the stored QA.',
  QA_RELATED_MISSING: 'A relatedIds entry names a QA that would not exist after the change; `missing` lists them.',
  QA_INVALID: 'The QA cannot be stored at all (empty id, duplicate ids in one import).',
  STORE_INVALID_INPUT: 'An argument is unusable (empty actor, a setting that is not JSON, a synonym line with a line break).',
  ACCOUNT_NOT_FOUND: 'No account with this login id in this site.',
  ACCOUNT_ALREADY_EXISTS: 'The login id is taken in this site.',
  ACCOUNT_VERSION_CONFLICT: 'Someone else changed the account since it was read; `current` holds it.',
  DRAFT_NOT_FOUND: 'No QA draft with this id in this site.',
  DRAFT_ALREADY_RESOLVED: 'The QA draft is no longer pending (someone accepted or rejected it first); `current` holds it.',
  STORE_SCHEMA_TOO_NEW: 'The database was migrated by a newer Madoguchi; this code refuses to open it.',
} as const;

/** @example `const code: StoreErrorCode = 'QA_NOT_FOUND';` */
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

/**
 * Base of every store error.
 *
 * @example
 * ```ts
 * try { await store.saveQa(siteId, content, { actor, expectedVersion: 3 }); }
 * catch (e) { if (e instanceof StoreError && e.code === 'QA_VERSION_CONFLICT') showMergeDialog(e.current); }
 * ```
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The QA is not stored for this site.
 *
 * @example `throw new QaNotFoundError('default', '1001');`
 */
export class QaNotFoundError extends StoreError {
  readonly siteId: string;
  readonly qaId: string;

  constructor(siteId: string, qaId: string) {
    super('QA_NOT_FOUND', `管理番号 ${qaId} の QA が見つかりません（削除された可能性があります）`);
    this.siteId = siteId;
    this.qaId = qaId;
  }
}

/**
 * Create was asked for an id that is taken.
 *
 * @example `throw new QaAlreadyExistsError('default', '1001');`
 */
export class QaAlreadyExistsError extends StoreError {
  readonly siteId: string;
  readonly qaId: string;

  constructor(siteId: string, qaId: string) {
    super('QA_ALREADY_EXISTS', `管理番号 ${qaId} の QA はすでにあります。別の管理番号にしてください`);
    this.siteId = siteId;
    this.qaId = qaId;
  }
}

/**
 * Optimistic locking failed: the QA changed since the caller read it. `current` is what is stored now, so
 * the editor can show both versions instead of silently overwriting a colleague's work (R20).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof VersionConflictError) console.log(e.current.version, e.expectedVersion); }
 * ```
 */
export class VersionConflictError extends StoreError {
  readonly current: Qa;
  readonly expectedVersion: number;

  constructor(current: Qa, expectedVersion: number) {
    super(
      'QA_VERSION_CONFLICT',
      `管理番号 ${current.id} の QA は、読み込んだ後に ${current.updatedBy} さんが更新しています` +
        `（読み込んだ版 ${expectedVersion}、現在の版 ${current.version}）。最新の内容を確認してからもう一度保存してください`,
    );
    this.current = current;
    this.expectedVersion = expectedVersion;
  }
}

/** One dangling reference: `qaId` lists `relatedId`, which would not exist. */
export interface MissingRelation {
  qaId: string;
  relatedId: string;
}

/**
 * relatedIds point at QAs that would not exist; nothing was changed.
 *
 * @example `throw new RelatedQaMissingError([{ qaId: '1001', relatedId: '9999' }]);`
 */
export class RelatedQaMissingError extends StoreError {
  readonly missing: MissingRelation[];

  constructor(missing: MissingRelation[]) {
    const shown = missing.slice(0, 20).map((m) => `${m.qaId} → ${m.relatedId}`);
    const more = missing.length > shown.length ? ` ほか ${missing.length - shown.length} 件` : '';
    super('QA_RELATED_MISSING', `関連QAに存在しない管理番号があります: ${shown.join('、')}${more}`);
    this.missing = missing;
  }
}

/**
 * The QA cannot be stored (empty id, the same id twice in one import).
 *
 * @example `throw new QaInvalidError('管理番号が空です');`
 */
export class QaInvalidError extends StoreError {
  constructor(message: string) {
    super('QA_INVALID', message);
  }
}

/**
 * An argument other than QA content is unusable.
 *
 * @example `throw new StoreInputError('更新者が空です');`
 */
export class StoreInputError extends StoreError {
  constructor(message: string) {
    super('STORE_INVALID_INPUT', message);
  }
}

/**
 * The database schema is newer than this code: opening it could corrupt data a newer version wrote.
 *
 * @example `throw new SchemaTooNewError(7, 5);`
 */
export class SchemaTooNewError extends StoreError {
  readonly databaseVersion: number;
  readonly codeVersion: number;

  constructor(databaseVersion: number, codeVersion: number) {
    super(
      'STORE_SCHEMA_TOO_NEW',
      `データベースのスキーマ版 ${databaseVersion} は、このプログラムが扱える版 ${codeVersion} より新しいため開けません。` +
        'Madoguchi を新しい版に更新するか、バックアップから戻してください',
    );
    this.databaseVersion = databaseVersion;
    this.codeVersion = codeVersion;
  }
}

/**
 * No account with this login id in the site.
 *
 * @example `throw new AccountNotFoundError('default', 'suzuki');`
 */
export class AccountNotFoundError extends StoreError {
  constructor(
    readonly siteId: string,
    readonly loginId: string,
  ) {
    super('ACCOUNT_NOT_FOUND', `ログインID ${loginId} のアカウントは見つかりません`);
  }
}

/**
 * The login id is taken.
 *
 * @example `throw new AccountAlreadyExistsError('default', 'suzuki');`
 */
export class AccountAlreadyExistsError extends StoreError {
  constructor(
    readonly siteId: string,
    readonly loginId: string,
  ) {
    super('ACCOUNT_ALREADY_EXISTS', `ログインID ${loginId} はすでに使われています。別のIDにしてください`);
  }
}

/**
 * An administrator's change raced another's; nothing was changed.
 *
 * @example `throw new AccountVersionConflictError(current, 3);`
 */
export class AccountVersionConflictError extends StoreError {
  constructor(
    readonly current: StaffAccount,
    readonly expectedVersion: number,
  ) {
    super('ACCOUNT_VERSION_CONFLICT', `アカウント ${current.loginId} は、読み込んだ後に変更されています。画面を更新してからもう一度操作してください`);
  }
}

/**
 * No QA draft with this id in the site.
 *
 * @example `throw new DraftNotFoundError('default', 'd8…');`
 */
export class DraftNotFoundError extends StoreError {
  constructor(
    readonly siteId: string,
    readonly draftId: string,
  ) {
    super('DRAFT_NOT_FOUND', 'この下書き候補は見つかりません。');
  }
}

/**
 * The draft was accepted or rejected already (two staff members acting on it at once); nothing was changed.
 *
 * @example `throw new DraftAlreadyResolvedError(current);`
 */
export class DraftAlreadyResolvedError extends StoreError {
  constructor(readonly current: QaDraft) {
    super('DRAFT_ALREADY_RESOLVED', 'この下書き候補は、ほかの職員が先に処理しました。');
  }
}
