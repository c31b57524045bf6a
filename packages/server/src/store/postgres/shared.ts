/**
 * What several instances sharing one PostgreSQL need from each other (R40): hearing about changes that the
 * search indexes are built from (LISTEN on the channel the triggers of migration 2 notify), and counting
 * rate-limit hits in one place.
 */
import pg, { type Pool } from 'pg';
import type { StoreChange } from '../store.ts';

const CHANNEL = 'madoguchi_changes';
/** Waits before listening again after the connection was lost: a restart or failover takes a few seconds. */
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000];
/** Old rate-limit windows are deleted this often by the instance that notices. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** After a failed count, hits fail at once for this long rather than each waiting for the database. */
const FAIL_FAST_MS = 5_000;

interface Announcement {
  schema: string;
  siteId: string;
  scope: StoreChange['scope'];
}

/**
 * Listens on its own connection (a pooled one would be handed to others) and listens again after losing it;
 * announcements from other schemas of the same database are ignored. While reconnecting, changes are missed:
 * `onReconnect` is told, so the caller rebuilds everything once.
 *
 * @example const stop = await listenForChanges(pool, (change) => rebuild(change.scope), () => rebuildAll());
 */
export async function listenForChanges(pool: Pool, onChange: (change: StoreChange) => void, onReconnect: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: pool.options.connectionString, options: pool.options.options, application_name: 'madoguchi-listen' });
    next.on('error', () => undefined);
    next.on('end', () => {
      if (!stopped && client === next) scheduleReconnect();
    });
    await next.connect();
    const schema = (await next.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema;
    next.on('notification', (message) => {
      const announcement = parse(message.payload);
      if (announcement && announcement.schema === schema) onChange({ siteId: announcement.siteId, scope: announcement.scope });
    });
    await next.query(`LISTEN ${CHANNEL}`);
    client = next;
  };

  const scheduleReconnect = () => {
    client = undefined;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    attempt += 1;
    retry = setTimeout(() => {
      connect().then(
        () => {
          attempt = 0;
          onReconnect();
        },
        () => {
          if (!stopped) scheduleReconnect();
        },
      );
    }, delay);
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

function parse(payload: string | undefined): Announcement | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<Announcement>;
    const scopes: readonly string[] = ['working', 'published', 'all'];
    if (typeof value.schema === 'string' && typeof value.siteId === 'string' && typeof value.scope === 'string' && scopes.includes(value.scope)) {
      return value as Announcement;
    }
  } catch {
    // Not ours: another program notifying on the same channel name.
  }
  return undefined;
}

/**
 * Fixed-window hit counting shared by every instance: one upsert per hit. While the database is unreachable
 * hits fail at once (the rate limiter then lets requests through rather than making citizens wait).
 *
 * @example `const { count, resetInMs } = await counter.hit('chat:203.0.113.5', 60_000);`
 */
export class SharedHitCounter {
  #prunedAt = 0;
  #failingUntil = 0;

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.now();
    if (now < this.#failingUntil) throw new Error('rate-limit counting is paused: the database did not answer');
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const { rows } = await this.pool
      .query<{ count: number }>(
        `INSERT INTO rate_limit_hits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_hits.count + 1 RETURNING count`,
        [key, windowStart],
      )
      .catch((error: unknown) => {
        this.#failingUntil = this.now() + FAIL_FAST_MS;
        throw error;
      });
    if (now - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      // Windows are at most an hour long here; a day back is safely past every one of them.
      void this.pool.query('DELETE FROM rate_limit_hits WHERE window_start < $1', [now - 86_400_000]).catch(() => undefined);
    }
    return { count: rows[0]!.count, resetInMs: windowStart + windowMs - now };
  }
}
