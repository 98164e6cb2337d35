import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers, identityVerifications, type Customer } from "@/db/schema";
import { recentFailures } from "./live";
import { MAX_FAILED_ATTEMPTS, VERIFICATION_TTL_MS } from "./policy";

export interface VerificationOutcome {
  verificationId: string;
  result: "passed" | "failed";
  method: "phone" | "in_person";
  matched: string[];
  failed: string[];
  expiresAt: string | null;
  /** Failed attempts on this customer in the window, after this one. */
  failures: number;
  blocked: boolean;
}

/**
 * Stores one attempt (which facts matched, never the answers). A pass lives 10 minutes; a
 * failure counts towards the customer's block whoever made it; a pass in person clears the block.
 */
export async function recordAttempt(
  tx: Tx,
  input: { customer: Customer; staffId: string; method: "phone" | "in_person"; checks: Array<[fact: string, ok: boolean]>; documentType?: string; now: Date },
): Promise<VerificationOutcome> {
  const { customer, now } = input;
  const matched = input.checks.filter(([, ok]) => ok).map(([fact]) => fact);
  const failed = input.checks.filter(([, ok]) => !ok).map(([fact]) => fact);
  const result = failed.length === 0 ? "passed" : "failed";
  const [row] = await tx
    .insert(identityVerifications)
    .values({
      customerId: customer.id,
      staffId: input.staffId,
      method: input.method,
      result,
      matchedFacts: matched,
      failedFacts: failed,
      documentType: input.documentType ?? null,
      createdAt: now,
      // A failed attempt never grants anything; its expiry is its own time.
      expiresAt: result === "passed" ? new Date(now.getTime() + VERIFICATION_TTL_MS) : now,
    })
    .returning({ id: identityVerifications.id, expiresAt: identityVerifications.expiresAt });
  let blocked = customer.verificationBlockedAt !== null;
  if (result === "passed" && input.method === "in_person") {
    await tx.update(customers).set({ verificationBlockedAt: null, verificationClearedAt: now, updatedAt: now }).where(eq(customers.id, customer.id));
    blocked = false;
  }
  const failures = result === "passed" && input.method === "in_person" ? 0 : await recentFailures(tx, customer, now);
  if (result === "failed" && !blocked && failures >= MAX_FAILED_ATTEMPTS) {
    await tx.update(customers).set({ verificationBlockedAt: now, updatedAt: now }).where(eq(customers.id, customer.id));
    blocked = true;
  }
  return {
    verificationId: row!.id,
    result,
    method: input.method,
    matched,
    failed,
    expiresAt: result === "passed" ? row!.expiresAt.toISOString() : null,
    failures,
    blocked,
  };
}

/** What the audit event says of an attempt: a failure commits (it counts) but is recorded as "failed". */
export function attemptAuditFacts(customerId: string, outcome: VerificationOutcome, details: Record<string, unknown>) {
  return {
    customerId,
    verificationId: outcome.verificationId,
    outcome: outcome.result === "passed" ? ("success" as const) : ("failed" as const),
    details: { method: outcome.method, result: outcome.result, matched: outcome.matched, failed: outcome.failed, ...details },
  };
}
