import assert from 'node:assert/strict';
import { test } from 'node:test';
import { can, documentTitle, hasRole, href, matchRoute, navigationFor, ROUTES, safeReturnPath } from './routes.ts';

function screen(path: string) {
  const match = matchRoute(path);
  assert.equal(match.kind, 'screen', path);
  return match.kind === 'screen' ? match : assert.fail();
}

test('every address finds its screen, with its parameters', () => {
  assert.equal(screen('/admin/qas').route.id, 'qaList');
  assert.equal(screen('/admin/qas/').route.id, 'qaList');
  assert.equal(screen('/admin/qas/new').route.id, 'qaNew');
  assert.deepEqual(screen('/admin/qas/1001').params, { id: '1001' });
  assert.equal(screen('/admin/qas/1001').route.id, 'qaEdit');
  assert.deepEqual(screen('/admin/qas/A%2F1/history').params, { id: 'A/1' });
  assert.equal(screen('/admin/qas/A%2F1/history').route.id, 'qaHistory');
  assert.equal(screen('/admin/settings/character').route.id, 'character');
  assert.equal(screen('/admin/nothing-here').route.id, 'notFound');
  assert.equal(screen('/admin/qas/%E0%A4%A').route.id, 'notFound');
});

test('/admin and /admin/settings lead to their first screen', () => {
  assert.deepEqual(matchRoute('/admin'), { kind: 'redirect', to: '/admin/qas' });
  assert.deepEqual(matchRoute('/admin/'), { kind: 'redirect', to: '/admin/qas' });
  assert.deepEqual(matchRoute('/admin/settings'), { kind: 'redirect', to: '/admin/settings/facts' });
});

test('href builds each address back, encoding parameters', () => {
  assert.equal(href('qaEdit', { id: '10/1 a' }), '/admin/qas/10%2F1%20a');
  assert.equal(href('publish'), '/admin/publish');
  assert.throws(() => href('qaEdit'));
  for (const route of ROUTES) {
    if (route.pattern.includes(':')) continue;
    assert.equal(screen(route.pattern).route.id, route.id);
  }
});

test('every screen has a Japanese title for its heading and document.title', () => {
  for (const route of ROUTES) assert.match(route.title, /[\u3040-\u30ff\u4e00-\u9fff]/, route.id);
  assert.equal(documentTitle('QA一覧'), 'QA一覧 | 窓口 管理画面');
});

test('the navigation hides what a role cannot open', () => {
  const labels = (role: 'admin' | 'editor' | 'viewer') =>
    navigationFor(role).flatMap((item) => ('group' in item ? item.entries.map((e) => `${item.group}/${e.label}`) : [item.label]));
  assert.deepEqual(labels('admin'), ['QA一覧', '公開', 'テストチャット', '一括テスト', '取り込み・書き出し', '辞書', '改善', '利用状況/統計', '利用状況/会話ログ', '利用状況/月次レポート', '設定/市の情報', '設定/キャラクター', '設定/よくある質問', '設定/会話ログの保存期間', '作成支援/下書き候補', '作成支援/情報源と見直し', '作成支援/AIによる回答', '作成支援/意味検索の評価', '作成支援/AIモデルの接続', 'アカウント', '操作ログ']);
  assert.ok(!labels('editor').includes('アカウント'));
  assert.ok(!labels('viewer').includes('操作ログ'));
  assert.ok(labels('viewer').includes('QA一覧'));
  assert.ok(labels('viewer').includes('利用状況/統計'), 'viewers read the statistics, the log and the report');
});

test('roles rank admin > editor > viewer, and permissions follow', () => {
  assert.ok(hasRole('admin', 'editor'));
  assert.ok(!hasRole('viewer', 'editor'));
  assert.ok(can('editor', 'editQas'));
  assert.ok(can('editor', 'publish'));
  assert.ok(!can('viewer', 'editQas'));
  assert.ok(!can('editor', 'editSettings'));
  assert.ok(can('admin', 'manageAccounts'));
});

test('after sign-in only console addresses are returned to', () => {
  assert.equal(safeReturnPath('/admin/qas/1001?x=1'), '/admin/qas/1001?x=1');
  assert.equal(safeReturnPath('https://evil.example/'), '/admin/qas');
  assert.equal(safeReturnPath('//evil.example/admin'), '/admin/qas');
  assert.equal(safeReturnPath('/admin/sign-in?next=/admin'), '/admin/qas');
  assert.equal(safeReturnPath(null), '/admin/qas');
});
