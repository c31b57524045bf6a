/**
 * The operations manual's commands work as written (R45). Every shell block marked `sh 検証` in
 * docs/operations/*.md runs with bash, in the manual's order (files by name, blocks as they appear), in a new
 * working directory set up as the manual's operator shell (`sudo -iu madoguchi`): the checkout's `madoguchi`
 * on PATH, MADOGUCHI_DATA_DIR and MADOGUCHI_BACKUP_DIR set, on the data directory of an installation that has
 * been serving (the starter pack published, a chat turn logged). Each block must exit 0 with `set -e` and
 * `pipefail`, so every command in it succeeded, and a drill's own checks (`grep` on the answer) held.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { marked, type Tokens } from 'marked';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { seedIfEmpty } from '../starter/seed.ts';
import { japanDay, japanHour } from '../time/japan-time.ts';

const run = promisify(execFile);

const MANUAL_DIR = fileURLToPath(new URL('../../../../docs/operations/', import.meta.url));
/** Where npm links the workspace's `madoguchi`, as the manual's operator shell puts /opt/madoguchi/node_modules/.bin on PATH. */
const BIN_DIR = fileURLToPath(new URL('../../../../node_modules/.bin', import.meta.url));
/** The info string that marks a block the manual promises works as written. */
const CHECKED = 'sh 検証';
const SITE = 'default';

interface ManualBlock {
  file: string;
  script: string;
}

async function checkedBlocks(): Promise<ManualBlock[]> {
  const files = (await readdir(MANUAL_DIR)).filter((name) => name.endsWith('.md')).sort();
  const blocks: ManualBlock[] = [];
  for (const file of files) {
    const tokens = marked.lexer(await readFile(path.join(MANUAL_DIR, file), 'utf8'));
    // walkTokens also finds the blocks indented inside list items.
    marked.walkTokens(tokens, (token) => {
      if (token.type === 'code' && (token as Tokens.Code).lang === CHECKED) blocks.push({ file, script: (token as Tokens.Code).text });
    });
  }
  return blocks;
}

let dir: string;
let env: NodeJS.ProcessEnv;
let blocks: ManualBlock[];

before(async () => {
  blocks = await checkedBlocks();
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-manual-'));
  const dataDir = path.join(dir, 'data');
  const store = openSqliteStore(dataDir);
  await seedIfEmpty(store, SITE);
  const now = new Date();
  await store.recordChatTurns(SITE, [
    {
      id: 'manual-check-turn',
      sessionId: 'manual-check-session',
      at: now.toISOString(),
      day: japanDay(now),
      hour: japanHour(now),
      channel: 'widget',
      page: 'https://www.city.example.lg.jp/kurashi/',
      lang: 'ja',
      via: 'typed',
      question: '住民票の写しがほしい',
      decision: 'answer',
      qaId: '1001',
      category: null,
      shown: [{ qaId: '1001', score: 29.3 }],
      latencyMs: 2,
    },
  ]);
  await store.close();
  // Nothing of the machine's own configuration leaks in: no PostgreSQL, no other data directory or port.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|MADOGUCHI_|PORT$|HOST$)/.test(name)));
  env = {
    ...inherited,
    HOME: dir,
    PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    MADOGUCHI_DATA_DIR: dataDir,
    MADOGUCHI_BACKUP_DIR: path.join(dir, 'backups'),
  };
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the checked blocks cover backup, restore into a new directory, answering from it, a piped password and the log export', () => {
  const all = blocks.map((block) => block.script).join('\n');
  assert.match(all, /madoguchi backup /);
  assert.match(all, /madoguchi --data-dir \S+ restore /);
  assert.match(all, /madoguchi --data-dir \S+ search .*grep/);
  assert.match(all, /printf .*\| madoguchi user add /);
  assert.match(all, /madoguchi (--data-dir \S+ )?logs export /);
});

test('every checked block of the manual exits 0, in order, as written', async (t) => {
  for (const [i, block] of blocks.entries()) {
    const title = `${block.file} #${i + 1}: ${block.script.split('\n')[0]}`;
    await t.test(title, async () => {
      try {
        await run('bash', ['-e', '-o', 'pipefail', '-c', block.script], { cwd: dir, env, timeout: 60_000 });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        assert.fail(`${title}\n--- script\n${block.script}\n--- stdout\n${stdout ?? ''}\n--- stderr\n${stderr ?? ''}`);
      }
    });
  }
});
