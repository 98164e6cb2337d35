import { and, count, desc, eq, gt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { identityVerifications, type Customer } from "@/db/schema";
import { FAILURE_WINDOW_MS } from "./policy";

export interface LiveVerification {
  id: string;
  method: "phone" | "in_person";
  expiresAt: Date;
}

/**
 * The newest passed verification of this customer by this staff member that has not expired;
 * "verified_in_person" accepts only a counter check. Bound to both: another operator's pass counts for nothing.
 */
export async function liveVerification(
  db: Queryable,
  staffId: string,
  customerId: string,
  level: "verified" | "verified_in_person",
  now: Date,
): Promise<LiveVerification | null> {
  const conditions = [
    eq(identityVerifications.staffId, staffId),
    eq(identityVerifications.customerId, customerId),
    eq(identityVerifications.result, "passed"),
    gt(identityVerifications.expiresAt, now),
  ];
  if (level === "verified_in_person") conditions.push(eq(identityVerifications.method, "in_person"));
  const [row] = await db
    .select({ id: identityVerifications.id, method: identityVerifications.method, expiresAt: identityVerifications.expiresAt })
    .from(identityVerifications)
    .where(and(...conditions))
    .orderBy(desc(identityVerifications.createdAt))
    .limit(1);
  return row ?? null;
}

/** Failed attempts on this customer by anyone in the last 24 hours, not counting those before a clearing. */
export async function recentFailures(db: Queryable, customer: Pick<Customer, "id" | "verificationClearedAt">, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const since = customer.verificationClearedAt && customer.verificationClearedAt > windowStart ? customer.verificationClearedAt : windowStart;
  const [row] = await db
    .select({ n: count() })
    .from(identityVerifications)
    .where(and(eq(identityVerifications.customerId, customer.id), eq(identityVerifications.result, "failed"), gt(identityVerifications.createdAt, since)));
  return row?.n ?? 0;
}
