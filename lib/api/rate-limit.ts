import { lt, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiRateBuckets } from "@/db/schema";
import type { RunContext } from "@/lib/actions/types";

const WINDOW_MS = 60_000;

/**
 * Calls per token (service ID + user ID) per minute, whatever the client. Ten wrong codes lock a
 * token anyway; this stops a client hammering one customer (or probing user IDs) faster than a
 * person could, and leaves room for sign-in, transfer confirmation and resync in one minute.
 */
export const TOKEN_CALLS_PER_MINUTE = 30;

/**
 * Counts one hit in the bucket's current fixed one-minute window and returns the window's hits.
 * One upsert, so concurrent app servers share the count through the database.
 */
export async function hitRateLimit(tx: Tx, bucket: string, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const [row] = await tx
    .insert(apiRateBuckets)
    .values({ bucket, windowStart, hits: 1 })
    .onConflictDoUpdate({ target: [apiRateBuckets.bucket, apiRateBuckets.windowStart], set: { hits: sql`${apiRateBuckets.hits} + 1` } })
    .returning({ hits: apiRateBuckets.hits });
  return row?.hits ?? 1;
}

/** Forgets windows older than an hour (run now and then; the table holds only live counters). */
export async function pruneRateLimits(tx: Tx, now: Date): Promise<void> {
  await tx.delete(apiRateBuckets).where(lt(apiRateBuckets.windowStart, new Date(now.getTime() - 60 * WINDOW_MS)));
}

/**
 * Counts a token-service call against its client's and its token's limits; false when either is
 * exceeded. Runs inside the action's transaction, so the count and the audit event commit together.
 */
export async function withinRateLimits({ tx, now, principal }: RunContext, serviceId: string, userId: string): Promise<boolean> {
  const client = principal.apiClient;
  if (!client) throw new Error("token-service actions need an API client principal");
  const clientHits = await hitRateLimit(tx, `client:${client.id}`, now);
  // The first call of a client's minute tidies up: the table keeps only recent windows.
  if (clientHits === 1) await pruneRateLimits(tx, now);
  const tokenHits = await hitRateLimit(tx, `token:${serviceId}:${userId}`, now);
  return clientHits <= client.rateLimitPerMinute && tokenHits <= TOKEN_CALLS_PER_MINUTE;
}
