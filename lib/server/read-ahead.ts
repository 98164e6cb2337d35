/**
 * Batches from a postgres.js cursor, each next batch requested before the current one is handed
 * out, so the server reads while the caller works: at most two batches in memory. Stopped early,
 * it lets the requested batch arrive and then closes the portal — an abandoned cursor would keep
 * its connection.
 */
export async function* readAhead<T>(cursor: AsyncIterator<T>): AsyncGenerator<T> {
  let next: Promise<IteratorResult<T>> | null = cursor.next();
  try {
    for (;;) {
      const current = await next!;
      next = null;
      if (current.done) return;
      next = cursor.next();
      yield current.value;
    }
  } finally {
    if (next) {
      const pending = await next.catch(() => ({ done: true }) as const);
      if (!pending.done) await cursor.return?.();
    }
  }
}
