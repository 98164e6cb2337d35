import { and, eq, gt, ne } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { approvalRequests, tokens } from "@/db/schema";

/**
 * Which tokens wait for a supervisor: a replacement request filed after a phone check names them,
 * still pending and its time not run out (a lapsed request frees the token even before anything
 * marks it expired). desk-rules' `availability` refuses every desk change of such a token; the
 * actions read this after taking the token's row lock, and the request is filed under that same
 * lock, so a change racing the request sees it.
 */

const undecided = (now: Date) => and(eq(approvalRequests.status, "pending"), gt(approvalRequests.expiresAt, now));
const waiting = (now: Date) => and(eq(approvalRequests.kind, "replacement"), undecided(now));

export interface WaitingRequest {
  id: string;
  kind: "replacement" | "emergency_code";
  tokenId: string | null;
  expiresAt: Date;
}

/** The customer's four-eyes requests still waiting for a supervisor, of either kind (for the customer page). */
export async function waitingRequests(db: Queryable, customerId: string, now: Date): Promise<WaitingRequest[]> {
  return db
    .select({ id: approvalRequests.id, kind: approvalRequests.kind, tokenId: approvalRequests.tokenId, expiresAt: approvalRequests.expiresAt })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.customerId, customerId), undecided(now)));
}

/** Of those, the tokens awaiting a supervisor's decision on their replacement. */
export function tokensAwaiting(requests: readonly WaitingRequest[]): Set<string> {
  return new Set(requests.flatMap((r) => (r.kind === "replacement" && r.tokenId ? [r.tokenId] : [])));
}

/** Whether this one token awaits a supervisor's decision (read under its row lock). */
export async function isAwaitingApproval(db: Queryable, tokenId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.tokenId, tokenId), waiting(now)))
    .limit(1);
  return Boolean(row);
}

/**
 * A token of this customer and service that awaits a supervisor's decision, if any: no new token is
 * issued beside it. The approval itself revokes the old token before it issues the new one, so it
 * does not stop itself.
 */
export async function serviceAwaitingApproval(db: Queryable, customerId: string, serviceId: string, now: Date): Promise<{ serial: string } | null> {
  const [row] = await db
    .select({ serial: tokens.serial })
    .from(approvalRequests)
    .innerJoin(tokens, eq(tokens.id, approvalRequests.tokenId))
    .where(and(eq(approvalRequests.customerId, customerId), waiting(now), eq(tokens.serviceId, serviceId), ne(tokens.status, "revoked")))
    .limit(1);
  return row ?? null;
}
