/**
 * Leaving a promise that cannot be cancelled (a name lookup, a model call) when a signal aborts: the work runs
 * on unheeded, and the caller goes on at once.
 */

/**
 * The promise's outcome, or a rejection with the signal's reason as soon as it aborts.
 *
 * @example const answer = await untilAborted(model.complete(request), shutdown.signal);
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
