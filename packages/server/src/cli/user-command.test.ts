/**
 * `madoguchi user` as an IT department runs it: a real process, the password piped on stdin, a real data directory.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyPassword } from '../auth/passwords.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { runMadoguchi } from './test-support.ts';

const PASSWORD = 'しろくま-みかん-2026';

let dataDir: string;

function madoguchi(args: string[], stdin = '') {
  return runMadoguchi([...args, '--data-dir', dataDir], stdin, { ...process.env, USER: 'it-dept' });
}

/** Reads the data directory the way the server would, then lets go of it. */
async function withStore<T>(read: (store: ReturnType<typeof openSqliteStore>) => Promise<T>): Promise<T> {
  const store = openSqliteStore(dataDir);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-user-'));
});
after(() => rm(dataDir, { recursive: true, force: true }));

describe('madoguchi user', () => {
  test('add: the first administrator, password from stdin, audited as cli:<user>', async () => {
    const result = await madoguchi(['user', 'add', 'admin', '--name', '管理者', '--role', 'admin'], `${PASSWORD}\n`);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'アカウント「admin」（管理者、管理者）を作成しました。管理画面（/admin）からログインできます。');
    assert.ok(!result.stdout.includes(PASSWORD) && !result.stderr.includes(PASSWORD), 'the password is never printed');
    await withStore(async (store) => {
      const account = await store.getAccount('default', 'admin');
      assert.deepEqual([account?.displayName, account?.role, account?.disabled], ['管理者', 'admin', false]);
      assert.equal(await verifyPassword(account?.passwordHash ?? '', PASSWORD), true);
      const { entries } = await store.listAudit('default', { action: 'account.create' });
      assert.deepEqual(entries.map((e) => [e.actor, e.target, e.detail]), [['cli:it-dept', 'admin', { displayName: '管理者', role: 'admin' }]]);
    });
  });

  test('add refuses a weak password with the policy\'s message, and creates nothing', async () => {
    const cases: [string, RegExp][] = [
      ['short\n', /パスワードは10文字以上にしてください。/],
      ['tanaka-2026-x\n', /ログインIDを含めないでください/],
      ['password123\n', /よく使われているパスワード/],
      ['', /標準入力からパスワードを読み取れませんでした/],
    ];
    for (const [stdin, message] of cases) {
      const result = await madoguchi(['user', 'add', 'tanaka', '--name', '田中', '--role', 'editor'], stdin);
      assert.equal(result.code, 1, stdin);
      assert.match(result.stderr, message);
    }
    assert.equal(await withStore((store) => store.getAccount('default', 'tanaka')), undefined);
  });

  test('add refuses a taken or malformed login id and an unknown role before reading a password', async () => {
    const taken = await madoguchi(['user', 'add', 'admin', '--name', '別人', '--role', 'viewer'], `${PASSWORD}\n`);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /ログインID admin はすでに使われています/);
    const malformed = await madoguchi(['user', 'add', 'Ab', '--name', '名前', '--role', 'viewer'], `${PASSWORD}\n`);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /ログインIDは、英小文字か数字で始まる3〜32文字/);
    const role = await madoguchi(['user', 'add', 'sato', '--name', '佐藤', '--role', 'boss'], `${PASSWORD}\n`);
    assert.notEqual(role.code, 0);
    assert.match(role.stderr, /admin, editor, viewer/);
  });

  test('unlock, reset-password and reset-2fa rescue a locked-out administrator', async () => {
    await withStore(async (store) => {
      const at = new Date().toISOString();
      for (let i = 0; i < 30; i++) await store.recordSignInFailure('default', [{ loginId: 'admin', address: '' }, { loginId: 'admin', address: '203.0.113.5' }], at, at);
      assert.equal((await store.listSignInFailures('default')).length, 2);
    });
    const unlock = await madoguchi(['user', 'unlock', 'admin']);
    assert.equal(unlock.code, 0, unlock.stderr);
    assert.equal(unlock.stdout.trim(), 'アカウント「admin」のログイン制限を解除しました。');
    assert.deepEqual(await withStore((store) => store.listSignInFailures('default')), []);

    const reset = await madoguchi(['user', 'reset-password', 'admin'], 'あたらしい-合言葉-2027\n');
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /パスワードを変更し/);
    await withStore(async (store) => {
      assert.equal(await verifyPassword((await store.getAccount('default', 'admin'))?.passwordHash ?? '', 'あたらしい-合言葉-2027'), true);
      const actions = (await store.listAudit('default', { actor: 'cli:it-dept' })).entries.map((e) => e.action);
      assert.deepEqual(actions, ['account.reset-password', 'account.unlock', 'account.create']);
    });

    await withStore((store) => store.enableTotp('default', 'admin', 'v1.secret', 1, ['h1']));
    const reset2fa = await madoguchi(['user', 'reset-2fa', 'admin']);
    assert.equal(reset2fa.code, 0, reset2fa.stderr);
    assert.match(reset2fa.stdout, /^アカウント「admin」の二段階認証を解除しました。/);
    assert.deepEqual(await withStore(async (store) => (await store.getAccount('default', 'admin'))?.totpEnabled), false);

    const missing = await madoguchi(['user', 'unlock', 'nobody']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ログインID nobody のアカウントは見つかりません/);
  });
});
