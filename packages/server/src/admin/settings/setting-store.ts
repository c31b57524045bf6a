/**
 * Settings with optimistic locking: a setting's revision (the store's revision count for its key, 0 before
 * the first save) is what the console read, and a save names it; if someone saved since, the save is
 * refused with the value as stored now.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../http/api-error.ts';
import type { Store } from '../../store/store.ts';
import type { AdminContext } from '../context.ts';
import { staffOf } from '../qas/errors.ts';
import { withWriteLock } from '../qas/write-lock.ts';

/**
 * A setting as the console reads it.
 *
 * @example `{ value: { 市名: 'まどぐち市' }, revision: 3, updatedBy: 'suzuki', updatedAt: '2026-11-30T01:00:00.000Z' }`
 */
export interface SettingState<T> {
  /** The stored value, or undefined before the first save. */
  value: T | undefined;
  /** 0 before the first save. */
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/**
 * The setting's value and latest revision.
 *
 * @example `const { value, revision } = await readSetting<CityFacts>(store, siteId, 'cityFacts');`
 */
export async function readSetting<T>(store: Store, siteId: string, key: string): Promise<SettingState<T>> {
  // The store has no "latest revision" call; the revisions of one key are few and small enough to read.
  const revisions = await store.listSettingRevisions(siteId, key);
  const last = revisions.at(-1);
  if (!last) return { value: undefined, revision: 0, updatedBy: null, updatedAt: null };
  return { value: (await store.getSetting<T>(siteId, key)) ?? (last.value as T), revision: last.revision, updatedBy: last.actor, updatedAt: last.at };
}

/**
 * Saves a setting if `expectedRevision` is still the latest, and audits `settings.update` with the key.
 *
 * @throws ApiError 409 CONFLICT with `current` (the setting as stored now, in the console's shape).
 * @example `await saveSetting(context, request, 'cityFacts', facts, 3, (s) => ({ ...s, value: s.value ?? {} }));`
 */
export async function saveSetting<T, V>(
  context: AdminContext,
  request: FastifyRequest,
  key: string,
  value: T,
  expectedRevision: number,
  present: (state: SettingState<T>) => V,
): Promise<SettingState<T>> {
  const { store, siteId } = context;
  const saved = await withWriteLock(context, async () => {
    const current = await readSetting<T>(store, siteId, key);
    if (current.revision !== expectedRevision) {
      throw new ApiError(
        409,
        'CONFLICT',
        `この設定は、読み込んだ後に ${current.updatedBy ?? '他の人'} さんが更新しています（読み込んだ版 ${expectedRevision}、現在の版 ${current.revision}）。最新の内容を確認してからもう一度保存してください。`,
        { current: present(current) },
      );
    }
    await store.setSetting(siteId, key, value, staffOf(request).loginId);
    return readSetting<T>(store, siteId, key);
  });
  await context.audit(request, 'settings.update', key, { revision: saved.revision });
  return saved;
}
