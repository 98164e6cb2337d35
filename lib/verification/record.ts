import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers, identityVerifications, type Customer } from "@/db/schema";
import { recentFailures } from "./live";
import { MAX_FAILED_ATTEMPTS, VERIFICATION_TTL_MS } from "./policy";

/**
 * What the staff member (and the browser) learns of an attempt: passed or not, and how close the
 * customer is to the block — never which fact failed, or a caller could change that one answer
 * and try again.
 */
export interface VerificationOutcome {
  verificationId: string;
  result: "passed" | "failed";
  method: "phone" | "in_person";
  expiresAt: string | null;
  /** Failed attempts on this customer in the window, after this one. */
  failures: number;
  blocked: boolean;
}

/** An attempt as stored: the outcome, and which facts matched and failed (for the record and the auditors only). */
export interface RecordedAttempt {
  outcome: VerificationOutcome;
  matched: string[];
  failed: string[];
}

/**
 * Stores one attempt (which facts matched, never the answers). A pass lives 10 minutes; a
 * failure on the phone or at the counter counts towards the customer's one block, whoever made it.
 */
export async function recordAttempt(
  tx: Tx,
  input: { customer: Customer; staffId: string; method: "phone" | "in_person"; checks: Array<[fact: string, ok: boolean]>; documentType?: string; now: Date },
): Promise<RecordedAttempt> {
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
  // The caller of recordAttempt refused a blocked customer before anything was compared.
  let blocked = customer.verificationBlockedAt !== null;
  const failures = await recentFailures(tx, customer, now);
  if (result === "failed" && !blocked && failures >= MAX_FAILED_ATTEMPTS) {
    await tx.update(customers).set({ verificationBlockedAt: now, updatedAt: now }).where(eq(customers.id, customer.id));
    blocked = true;
  }
  const outcome: VerificationOutcome = {
    verificationId: row!.id,
    result,
    method: input.method,
    expiresAt: result === "passed" ? row!.expiresAt.toISOString() : null,
    failures,
    blocked,
  };
  return { outcome, matched, failed };
}

/**
 * What the audit event says of an attempt: a failure commits (it counts) but is recorded as
 * "failed". Which facts matched and failed are kept for auditors: every view a desk role sees
 * masks them (lib/audit/redact.ts).
 */
export function attemptAuditFacts(customerId: string, attempt: RecordedAttempt, details: { failures: number; blocked: boolean; documentType?: string }) {
  const { outcome } = attempt;
  return {
    customerId,
    verificationId: outcome.verificationId,
    outcome: outcome.result === "passed" ? ("success" as const) : ("failed" as const),
    details: { method: outcome.method, result: outcome.result, matched: attempt.matched, failed: attempt.failed, ...details },
  };
}
