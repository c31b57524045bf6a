/**
 * Stopping the server without cutting anyone off (R7, R43): no new connections, requests under way finish
 * (within a bound, so a stuck client cannot hold a restart for ever), the onClose hooks write the chat turns
 * still queued, then the store is closed. The whole is bounded too: an unreachable database must not keep a
 * process that was told to stop alive.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.ts';

/** How long requests under way get to finish before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How long writing the queued chat log and closing the store may take after that. */
const CLOSE_BUDGET_MS = 10_000;

async function closeAll(app: FastifyInstance, store: Store): Promise<number> {
  try {
    await app.close();
    const { queued } = app.chat.logBacklog;
    if (queued > 0) app.log.error({ queued }, 'chat turns could not be written before shutdown');
    await store.close();
    app.log.info('stopped');
    return 0;
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    return 1;
  }
}

/**
 * @example process.once('SIGTERM', () => void shutDown(app, store).then((code) => process.exit(code)));
 * @returns the exit code: 0 when everything closed, 1 when something failed or took too long (it is logged).
 */
export async function shutDown(app: FastifyInstance, store: Store, graceMs = SHUTDOWN_GRACE_MS): Promise<number> {
  const timers: NodeJS.Timeout[] = [];
  timers.push(
    setTimeout(() => {
      app.log.warn({ graceMs }, 'requests still under way after the grace period: closing their connections');
      app.server.closeAllConnections();
    }, graceMs),
  );
  const overdue = new Promise<number>((resolve) => {
    timers.push(
      setTimeout(() => {
        app.log.error({ queued: app.chat.logBacklog.queued }, 'shutdown did not finish in time (database unreachable?): stopping anyway');
        resolve(1);
      }, graceMs + CLOSE_BUDGET_MS),
    );
  });
  try {
    return await Promise.race([closeAll(app, store), overdue]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}
