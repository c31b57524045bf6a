/**
 * A tiny key-value store over sessionStorage that never throws: when sessionStorage is missing or refuses
 * to work (private mode, blocked cookies, quota), it keeps the values in memory for this page instead.
 */

/** Every key the widget writes starts with this. */
export const STORAGE_PREFIX = 'madoguchi:';

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/**
 * Opens the store. `storage` is a function so that merely touching `window.sessionStorage`, which throws a
 * SecurityError in some privacy settings, happens inside the guard.
 *
 * @example
 * const store = openStore();
 * store.set('state', '{}'); // written as 'madoguchi:state'
 */
export function openStore(storage: () => Storage | undefined = () => globalThis.sessionStorage): KeyValueStore {
  const memory = new Map<string, string>();
  let backing: Storage | undefined;
  try {
    backing = storage();
    const probe = `${STORAGE_PREFIX}probe`;
    backing?.setItem(probe, '1');
    backing?.removeItem(probe);
  } catch {
    backing = undefined;
  }
  return {
    get(key) {
      const name = STORAGE_PREFIX + key;
      if (memory.has(name)) return memory.get(name) ?? null;
      try {
        return backing?.getItem(name) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      const name = STORAGE_PREFIX + key;
      try {
        if (!backing) throw new Error('no sessionStorage');
        backing.setItem(name, value);
        memory.delete(name);
      } catch {
        memory.set(name, value);
      }
    },
    remove(key) {
      const name = STORAGE_PREFIX + key;
      memory.delete(name);
      try {
        backing?.removeItem(name);
      } catch {
        // Nothing more to do: the in-memory copy is gone.
      }
    },
  };
}
