/**
 * What every screen can reach: the API client, who is signed in, what their role allows, and the screen's
 * title (heading and document.title).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StaffView } from '@madoguchi/server/admin-api';
import type { AdminApi } from './api/admin-api.ts';
import type { Permission } from './routing/routes.ts';

export interface AppContextValue {
  api: AdminApi;
  staff: StaffView;
  can(permission: Permission): boolean;
  /** Replaces the screen's heading (e.g. with the QA being edited). */
  setTitle(title: string): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

/** @example const { api, can } = useApp(); */
export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the signed-in console');
  return value;
}
