import { lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiRateBuckets } from "@/db/schema";
import type { BeforeContext } from "@/lib/actions/types";

const WINDOW_MS = 60_000;

/**
 * Calls per token (service ID + user ID) per minute, whatever the client. Ten wrong codes lock a
 * token anyway; this stops a client hammering one customer (or probing user IDs) faster than a
 * person could, and leaves room for sign-in, transfer confirmation and resync in one minute.
 */
export const TOKEN_CALLS_PER_MINUTE = 30;

function windowOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
}

/**
 * Counts one hit in each bucket's current fixed one-minute window and returns the window's hits,
 * in the buckets' order. One upsert statement: run outside a transaction it commits at once, so a
 * bucket's row lock lasts only that statement, and concurrent app servers share the count through
 * the database. Buckets are always given client first, so two statements never lock in opposite
 * orders.
 */
export async function hitRateLimits(db: Queryable, buckets: string[], now: Date): Promise<number[]> {
  const windowStart = windowOf(now);
  const rows = await db
    .insert(apiRateBuckets)
    .values(buckets.map((bucket) => ({ bucket, windowStart, hits: 1 })))
    .onConflictDoUpdate({ target: [apiRateBuckets.bucket, apiRateBuckets.windowStart], set: { hits: sql`${apiRateBuckets.hits} + 1` } })
    .returning({ bucket: apiRateBuckets.bucket, hits: apiRateBuckets.hits });
  const hits = new Map(rows.map((r) => [r.bucket, r.hits]));
  return buckets.map((b) => hits.get(b) ?? 1);
}

/** Forgets windows older than an hour (run now and then; the table holds only live counters). */
export async function pruneRateLimits(db: Queryable, now: Date): Promise<void> {
  await db.delete(apiRateBuckets).where(lt(apiRateBuckets.windowStart, new Date(now.getTime() - 60 * WINDOW_MS)));
}

/**
 * Counts a token-service call against its client's and its token's limits; false when either is
 * exceeded. Runs before the action's transaction (its `before` step), in its own short statement:
 * holding the client's counter row for the whole transaction would serialise every call of that
 * client. A call refused here is still audited by the action (outcome "failed", rate_limited).
 */
export async function withinRateLimits({ db, now, principal }: BeforeContext, serviceId: string, userId: string): Promise<boolean> {
  const client = principal.apiClient;
  if (!client) throw new Error("token-service actions need an API client principal");
  const [clientHits, tokenHits] = (await hitRateLimits(db, [`client:${client.id}`, `token:${serviceId}:${userId}`], now)) as [number, number];
  // The first call of a client's minute tidies up: the table keeps only recent windows.
  if (clientHits === 1) await pruneRateLimits(db, now);
  return clientHits <= client.rateLimitPerMinute && tokenHits <= TOKEN_CALLS_PER_MINUTE;
}
