/**
 * The password policy and argon2id hashing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

describe('checkPasswordPolicy', () => {
  test('accepts long, unguessable passwords, passphrases and Japanese ones', () => {
    for (const password of ['しろくま-みかん-2026', 'correct horse battery staple', 'Tz8#qL1!vR0p', '窓口の合言葉は七つの海']) {
      assert.equal(checkPasswordPolicy(password, 'suzuki'), null, password);
    }
  });

  test('refuses with a polite Japanese message saying why', () => {
    const cases: [string, string, RegExp][] = [
      ['short1!', 'suzuki', /^パスワードは10文字以上にしてください。$/],
      ['', 'suzuki', /10文字以上/],
      ['あいうえおかきくけ', 'suzuki', /10文字以上/], // 9 characters, however many bytes
      ['a'.repeat(129), 'suzuki', /^パスワードは128文字以内にしてください。$/],
      ['suzuki-2026-04', 'suzuki', /^パスワードにログインIDを含めないでください。$/],
      ['my-ＳＵＺＵＫＩ-pass', 'suzuki', /ログインID/], // full-width and upper case count as the id
      ['Password123', 'tanaka', /^よく使われているパスワードや、それに近いものは使えません。/],
      ['password1234', 'tanaka', /よく使われている/], // from the leaked-password dictionary
      ['sunshine2026', 'tanaka', /よく使われている/], // a listed word and a year
      ['madoguchi123', 'tanaka', /よく使われている/], // the product's own name
      ['xxxxxxxxxy', 'tanaka', /よく使われている/],
      ['P@ssw0rd', 'tanaka', /10文字以上/],
      ['qwertyuiop', 'tanaka', /よく使われている/],
      ['aaaaaaaaaaaa', 'tanaka', /^同じ文字のくり返しや、連続した文字だけのパスワードは使えません。/],
      ['1212121212', 'tanaka', /くり返し/],
      ['abcabcabcabc', 'tanaka', /くり返し/],
      ['0123456789', 'tanaka', /連続した文字/],
      ['9876543210', 'tanaka', /連続した文字/],
      ['abcdefghijkl', 'tanaka', /連続した文字/],
    ];
    for (const [password, loginId, message] of cases) {
      assert.match(checkPasswordPolicy(password, loginId) ?? '(accepted)', message, password);
    }
  });

  test('counts characters, not UTF-16 units: ten emoji are ten characters', () => {
    assert.equal(checkPasswordPolicy('🐻🍊🌊🗻🌸🐟🍙🎋🏯🚃', 'suzuki'), null);
  });
});

describe('hashPassword and verifyPassword', () => {
  test('argon2id with OWASP parameters; the right password verifies, others do not', async () => {
    const hash = await hashPassword('しろくま-みかん-2026');
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(!hash.includes('しろくま'));
    assert.equal(await verifyPassword(hash, 'しろくま-みかん-2026'), true);
    assert.equal(await verifyPassword(hash, 'しろくま-みかん-2027'), false);
    assert.notEqual(await hashPassword('しろくま-みかん-2026'), hash, 'a random salt per hash');
  });

  test('an unreadable stored hash is a failed verification, not an exception', async () => {
    assert.equal(await verifyPassword('not-a-hash', 'anything'), false);
    assert.equal(await verifyPassword('', 'anything'), false);
  });

  test('the dummy verification for unknown login ids never succeeds', async () => {
    assert.equal(await verifyAgainstDummy(''), false);
    assert.equal(await verifyAgainstDummy('test-password-しろくま'), false);
  });
});
