/**
 * The console's screens and their addresses under /admin: one table that the router, the navigation, the
 * page titles and the role checks all read. Pure, so it is tested without a browser.
 */

/** The server's roles (store.ts `StaffRole`), lowest first. */
export type Role = 'viewer' | 'editor' | 'admin';
const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, admin: 2 };

export const ROLE_LABELS: Readonly<Record<Role, string>> = { admin: '管理者', editor: '編集者', viewer: '閲覧者' };

/** @example hasRole('editor', 'viewer') // true */
export function hasRole(role: Role, minRole: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minRole];
}

/** What a role may change (the server enforces the same; the console hides or disables the rest). */
export const PERMISSIONS = {
  editQas: 'editor',
  publish: 'editor',
  editTestCases: 'editor',
  importQas: 'editor',
  editDictionary: 'editor',
  editSettings: 'admin',
  manageAccounts: 'admin',
  readAudit: 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

/** @example can('viewer', 'editQas') // false */
export function can(role: Role, permission: Permission): boolean {
  return hasRole(role, PERMISSIONS[permission]);
}

export type ScreenId =
  | 'signIn'
  | 'qaList'
  | 'qaNew'
  | 'qaEdit'
  | 'qaHistory'
  | 'publish'
  | 'testChat'
  | 'testCases'
  | 'transfer'
  | 'dictionary'
  | 'improvement'
  | 'statistics'
  | 'chatLog'
  | 'monthlyReport'
  | 'facts'
  | 'character'
  | 'featured'
  | 'logRetention'
  | 'drafts'
  | 'sources'
  | 'aiAnswers'
  | 'semanticReport'
  | 'models'
  | 'accounts'
  | 'audit'
  | 'password'
  | 'notFound';

export interface RouteDefinition {
  id: ScreenId;
  /** `/admin/qas/:id`: segments starting with `:` are parameters. */
  pattern: string;
  /** The screen's name: its heading and `document.title`. */
  title: string;
  /** Who may open the screen (viewers see read-only screens). */
  minRole: Role;
  /** Shown in the navigation, in this group (`設定` groups the three settings screens). */
  nav?: { label: string; group?: string };
}

export const ROUTES: readonly RouteDefinition[] = [
  { id: 'signIn', pattern: '/admin/sign-in', title: 'ログイン', minRole: 'viewer' },
  { id: 'qaList', pattern: '/admin/qas', title: 'QA一覧', minRole: 'viewer', nav: { label: 'QA一覧' } },
  { id: 'qaNew', pattern: '/admin/qas/new', title: 'QAの新規作成', minRole: 'editor' },
  { id: 'qaHistory', pattern: '/admin/qas/:id/history', title: 'QAの履歴', minRole: 'viewer' },
  { id: 'qaEdit', pattern: '/admin/qas/:id', title: 'QAの編集', minRole: 'viewer' },
  { id: 'publish', pattern: '/admin/publish', title: '公開', minRole: 'viewer', nav: { label: '公開' } },
  { id: 'testChat', pattern: '/admin/test-chat', title: 'テストチャット', minRole: 'viewer', nav: { label: 'テストチャット' } },
  { id: 'testCases', pattern: '/admin/test-cases', title: '一括テスト', minRole: 'viewer', nav: { label: '一括テスト' } },
  { id: 'transfer', pattern: '/admin/transfer', title: '取り込み・書き出し', minRole: 'viewer', nav: { label: '取り込み・書き出し' } },
  { id: 'dictionary', pattern: '/admin/dictionary', title: '辞書', minRole: 'viewer', nav: { label: '辞書' } },
  { id: 'improvement', pattern: '/admin/improvement', title: '改善（うまくいかなかった質問）', minRole: 'viewer', nav: { label: '改善' } },
  { id: 'statistics', pattern: '/admin/statistics', title: '統計', minRole: 'viewer', nav: { label: '統計', group: '利用状況' } },
  { id: 'chatLog', pattern: '/admin/logs', title: '会話ログ', minRole: 'viewer', nav: { label: '会話ログ', group: '利用状況' } },
  { id: 'monthlyReport', pattern: '/admin/reports/monthly', title: '月次レポート', minRole: 'viewer', nav: { label: '月次レポート', group: '利用状況' } },
  { id: 'facts', pattern: '/admin/settings/facts', title: '市の情報', minRole: 'viewer', nav: { label: '市の情報', group: '設定' } },
  { id: 'character', pattern: '/admin/settings/character', title: 'キャラクター', minRole: 'viewer', nav: { label: 'キャラクター', group: '設定' } },
  { id: 'featured', pattern: '/admin/settings/featured', title: 'よくある質問', minRole: 'viewer', nav: { label: 'よくある質問', group: '設定' } },
  { id: 'logRetention', pattern: '/admin/settings/log-retention', title: '会話ログの保存期間', minRole: 'viewer', nav: { label: '会話ログの保存期間', group: '設定' } },
  { id: 'drafts', pattern: '/admin/drafts', title: 'QAの下書き候補', minRole: 'viewer', nav: { label: '下書き候補', group: '作成支援' } },
  { id: 'sources', pattern: '/admin/sources', title: '情報源と見直し', minRole: 'viewer', nav: { label: '情報源と見直し', group: '作成支援' } },
  { id: 'aiAnswers', pattern: '/admin/ai-answers', title: 'AIによる回答', minRole: 'viewer', nav: { label: 'AIによる回答', group: '作成支援' } },
  { id: 'semanticReport', pattern: '/admin/semantic-search', title: '意味検索の評価', minRole: 'viewer', nav: { label: '意味検索の評価', group: '作成支援' } },
  { id: 'models', pattern: '/admin/models', title: 'AIモデルの接続', minRole: 'viewer', nav: { label: 'AIモデルの接続', group: '作成支援' } },
  { id: 'accounts', pattern: '/admin/accounts', title: 'アカウント', minRole: 'admin', nav: { label: 'アカウント' } },
  { id: 'audit', pattern: '/admin/audit', title: '操作ログ', minRole: 'admin', nav: { label: '操作ログ' } },
  { id: 'password', pattern: '/admin/password', title: 'パスワードの変更', minRole: 'viewer' },
];

const NOT_FOUND: RouteDefinition = { id: 'notFound', pattern: '', title: 'ページが見つかりません', minRole: 'viewer' };

/** Addresses that stand for another. */
const REDIRECTS: Readonly<Record<string, string>> = {
  '/admin': '/admin/qas',
  '/admin/settings': '/admin/settings/facts',
};

export type RouteMatch =
  | { kind: 'screen'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'redirect'; to: string };

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    const value = have[i] ?? '';
    if (part.startsWith(':')) {
      if (value === '') return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) return undefined;
  }
  return params;
}

/**
 * The screen for an address (the path only; the query stays with the screen).
 *
 * @example matchRoute('/admin/qas/1001') // { kind: 'screen', route: { id: 'qaEdit', … }, params: { id: '1001' } }
 * @example matchRoute('/admin/') // { kind: 'redirect', to: '/admin/qas' }
 */
export function matchRoute(pathname: string): RouteMatch {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const redirect = REDIRECTS[path];
  if (redirect) return { kind: 'redirect', to: redirect };
  for (const route of ROUTES) {
    const params = matchPattern(route.pattern, path);
    if (params) return { kind: 'screen', route, params };
  }
  return { kind: 'screen', route: NOT_FOUND, params: {} };
}

/**
 * The address of a screen.
 *
 * @example href('qaEdit', { id: '10/1' }) // '/admin/qas/10%2F1'
 */
export function href(id: Exclude<ScreenId, 'notFound'>, params: Record<string, string> = {}): string {
  const route = ROUTES.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`no route ${id}`);
  return route.pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${id} needs ${name}`);
    return encodeURIComponent(value);
  });
}

/** The navigation for a role: top-level entries and groups, in table order. */
export interface NavEntry {
  label: string;
  path: string;
  id: ScreenId;
}
export interface NavGroup {
  group: string;
  entries: NavEntry[];
}

/** @example navigationFor('viewer') // [{ label: 'QA一覧', … }, …, { group: '設定', entries: [...] }] (no アカウント) */
export function navigationFor(role: Role): (NavEntry | NavGroup)[] {
  const items: (NavEntry | NavGroup)[] = [];
  for (const route of ROUTES) {
    if (!route.nav || !hasRole(role, route.minRole)) continue;
    const entry = { label: route.nav.label, path: route.pattern, id: route.id };
    if (!route.nav.group) {
      items.push(entry);
      continue;
    }
    const group = items.find((item): item is NavGroup => 'group' in item && item.group === route.nav?.group);
    if (group) group.entries.push(entry);
    else items.push({ group: route.nav.group, entries: [entry] });
  }
  return items;
}

/** `document.title` for a screen. @example documentTitle('QA一覧') // 'QA一覧 | 窓口 管理画面' */
export function documentTitle(screenTitle: string): string {
  return `${screenTitle} | 窓口 管理画面`;
}

/** Only our own addresses may be returned to after sign-in (no open redirect). */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/admin') || value.startsWith('//') || value.startsWith('/admin/sign-in')) return '/admin/qas';
  return value;
}
