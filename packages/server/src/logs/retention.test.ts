/**
 * The retention purge on a real SQLite file: what is older than the setting goes, what is younger stays,
 * the purge is audited, and a setting under a year is read as a year.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ChatTurn } from '../store/store.ts';
import { japanDay, japanHour } from '../time/japan-time.ts';
import { DEFAULT_RETENTION_DAYS, LOG_RETENTION_SETTING, purgeExpiredLogs, retentionDays, startRetentionJob } from './retention.ts';

const SITE = 'default';
const NOW = new Date('2026-11-30T03:00:00.000Z');
let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'madoguchi-retention-'));
  store = openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function turnAt(id: string, at: string): ChatTurn {
  const time = new Date(at);
  return {
    id, sessionId: `session-${id.padEnd(12, '0')}`, at, day: japanDay(time), hour: japanHour(time), channel: 'widget', page: null, lang: 'ja',
    via: 'typed', question: `質問 ${id}`, decision: 'none', qaId: null, category: null, shown: [], latencyMs: 1,
  };
}

const allDays = { from: '2020-01-01', to: '2026-12-31' };
const loggedIds = async () => (await store.listChatTurns(SITE, { days: allDays, limit: 100 })).turns.map((t) => t.id).sort();

describe('purgeExpiredLogs', () => {
  test('keeps three years by default: the day before goes, the first kept day stays, and the purge is audited', async () => {
    // Three years counting today (2026-11-30 in Japan) start on 2023-12-02; its first instant is 2023-12-01T15:00Z.
    await store.recordChatTurns(SITE, [turnAt('old', '2023-12-01T14:59:59.000Z'), turnAt('kept', '2023-12-01T15:00:00.000Z'), turnAt('today', '2026-11-30T02:00:00.000Z')]);
    const result = await purgeExpiredLogs(store, SITE, NOW);
    assert.deepEqual(result, { beforeDay: '2023-12-02', deleted: 1, retentionDays: DEFAULT_RETENTION_DAYS });
    assert.deepEqual(await loggedIds(), ['kept', 'today']);
    assert.deepEqual(await store.chatCounts(SITE, 'day', { from: '2023-12-01', to: '2023-12-01' }), []);
    const { entries } = await store.listAudit(SITE, { action: 'logs.purge' });
    assert.deepEqual(entries.map((e) => [e.actor, e.target, e.detail]), [['system', '2023-12-02', { deleted: 1, retentionDays: 1095 }]]);
    // Nothing more to delete: nothing more to audit.
    assert.equal((await purgeExpiredLogs(store, SITE, NOW)).deleted, 0);
    assert.equal((await store.listAudit(SITE, { action: 'logs.purge' })).total, 1);
  });

  test('follows the setting, and never keeps less than a year', async () => {
    await store.recordChatTurns(SITE, [turnAt('two-years', '2024-11-20T00:00:00.000Z'), turnAt('half-year', '2026-05-30T00:00:00.000Z')]);
    await store.setSetting(SITE, LOG_RETENTION_SETTING, { days: 30 }, 'suzuki');
    assert.equal((await purgeExpiredLogs(store, SITE, NOW)).retentionDays, 365);
    assert.deepEqual(await loggedIds(), ['half-year']);
  });

  test('reads missing or broken settings as the default', () => {
    assert.equal(retentionDays(undefined), DEFAULT_RETENTION_DAYS);
    assert.equal(retentionDays({ days: 1.5 }), DEFAULT_RETENTION_DAYS);
    assert.equal(retentionDays({ days: 99_999 }), 3650);
    assert.equal(retentionDays({ days: 400 }), 400);
  });
});

describe('startRetentionJob', () => {
  test('runs the purge after its first delay and reports it', async () => {
    await store.recordChatTurns(SITE, [turnAt('old', '2020-01-01T00:00:00.000Z')]);
    let job: { stop(): Promise<void> } | undefined;
    // The job's timers do not keep a process alive; this test's wait must.
    const keepAlive = setInterval(() => undefined, 1000);
    const purged = new Promise((resolve, reject) => {
      job = startRetentionJob(store, SITE, { firstDelayMs: 1, now: () => NOW, onPurged: resolve, onError: reject });
    });
    assert.deepEqual(await purged, { beforeDay: '2023-12-02', deleted: 1, retentionDays: 1095 });
    clearInterval(keepAlive);
    await job?.stop();
    assert.deepEqual(await loggedIds(), []);
  });
});
