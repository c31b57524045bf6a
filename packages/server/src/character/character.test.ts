import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CHARACTER, greetingFor, resolveCharacter } from './character.ts';
import { MIN_TEXT_CONTRAST, themeColor } from './contrast.ts';

test('a missing setting gives the default character without problems', () => {
  assert.deepEqual(resolveCharacter(undefined), { character: DEFAULT_CHARACTER, problems: [] });
});

test('a city\'s own character is used field by field', () => {
  const { character, problems } = resolveCharacter({
    name: 'ぶんぶん',
    avatarUrl: 'https://www.city.example.lg.jp/img/bunbun.png',
    greeting: '{{市名}}へようこそ',
    greetings: { en: 'Welcome', fr: 'Bienvenue' },
    themeColor: '#0A4D8C',
    position: 'left',
  });
  assert.deepEqual(problems, []);
  assert.equal(character.name, 'ぶんぶん');
  assert.equal(character.themeColor, '#0a4d8c');
  assert.equal(character.position, 'left');
  assert.deepEqual(character.greetings, { en: 'Welcome' });
  assert.equal(greetingFor(character, 'ja', { 市名: 'まどぐち市' }), 'まどぐち市へようこそ');
  assert.equal(greetingFor(character, 'en', {}), 'Welcome');
  assert.equal(greetingFor(character, 'zh', {}), null);
});

test('a theme colour too light for white text is darkened, keeping its hue, and reported', () => {
  const { character, problems } = resolveCharacter({ themeColor: '#ffcc00' });
  assert.notEqual(character.themeColor, '#ffcc00');
  assert.ok((themeColor(character.themeColor)?.contrast ?? 0) >= MIN_TEXT_CONTRAST);
  assert.deepEqual(problems.map((p) => [p.field, p.kind]), [['themeColor', 'corrected']]);
  assert.match(problems[0]!.message, /#ffcc00 は白い文字との明暗差が足りない/);
});

test('unusable values fall back to the defaults with a Japanese reason each', () => {
  const { character, problems } = resolveCharacter({ name: '', avatarUrl: 'javascript:alert(1)', themeColor: 'blue-ish', position: 'top', greeting: 42 });
  assert.equal(character.name, DEFAULT_CHARACTER.name);
  assert.equal(character.avatarUrl, DEFAULT_CHARACTER.avatarUrl);
  assert.equal(character.themeColor, DEFAULT_CHARACTER.themeColor);
  assert.equal(character.position, 'right');
  assert.deepEqual(problems.map((p) => p.field).sort(), ['avatarUrl', 'greeting', 'name', 'position', 'themeColor']);
  assert.ok(problems.every((p) => p.kind === 'invalid' && /[ぁ-ん]/.test(p.message)));
});

test('themeColor keeps passing colours and refuses non-colours', () => {
  assert.deepEqual(themeColor('#1b6e53'), { color: '#1b6e53', corrected: false, contrast: themeColor('#1b6e53')?.contrast });
  assert.equal(themeColor('not a colour'), undefined);
  for (const light of ['#ffffff', '#ffff00', '#00ffff', '#cccccc']) assert.ok((themeColor(light)?.contrast ?? 0) >= MIN_TEXT_CONTRAST, light);
});

test('avatarUrl: a path on this server or an https URL; a path a browser reads as another host is refused', () => {
  const avatar = (avatarUrl: string) => resolveCharacter({ avatarUrl }).character.avatarUrl;
  for (const ok of ['/widget/avatar.svg', '/img/bunbun.png?v=2', 'https://www.city.example.lg.jp/img/bunbun.png']) assert.equal(avatar(ok), ok);
  // Browsers read `\` as `/` and drop tabs and newlines: each of these loads from evil.example.
  for (const bad of ['/\\evil.example/x.png', '//evil.example/x.png', '/\t/evil.example/x.png', '/\n/evil.example/x.png', '\\\\evil.example/x.png', '/img\\x.png', 'http://www.city.example.lg.jp/x.png', 'x.png']) {
    assert.equal(avatar(bad), DEFAULT_CHARACTER.avatarUrl, JSON.stringify(bad));
  }
});
