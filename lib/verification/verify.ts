import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { customers, type Customer } from "@/db/schema";
import { ActionError, type ActionAudit, type Principal } from "@/lib/actions/types";
import type { ActionEventType } from "@/lib/audit/vocabulary";
import { checkCallerOtp } from "@/lib/tokens/caller-otp";
import { accountMatches, birthDateMatches, nameMatches, phoneMatches } from "./compare";
import { lockCustomer } from "./lock-customer";
import { attemptAuditFacts, recordAttempt, type VerificationOutcome } from "./record";
import type { clearVerificationBlockInput, verifyCallerByPhoneInput, verifyCallerInPersonInput } from "./schemas";

type Checked<D, N extends ActionEventType> = Promise<{ data: D; audit: ActionAudit<N> }>;

/**
 * Too many failures on this customer, on the phone or at the counter, by anyone: nothing more is
 * compared, by any staff member, until a supervisor clears the block — otherwise each answer
 * would be one more guess checked against the record.
 */
function refuseIfBlocked(customer: Customer): void {
  if (customer.verificationBlockedAt) {
    throw new ActionError("conflict", "verification.errors.blocked", undefined, { customerId: customer.id, details: { blocked: true } });
  }
}

/**
 * On the phone: what the caller said, compared with the record — the stored answers are never
 * shown first. A blocked customer (too many failures, by anyone) cannot be verified.
 */
export async function verifyOnPhone(tx: Tx, principal: Principal, input: z.output<typeof verifyCallerByPhoneInput>, now: Date): Checked<VerificationOutcome, "verification.phone"> {
  const customer = await lockCustomer(tx, input.customerId);
  refuseIfBlocked(customer);
  const checks: Array<[string, boolean]> = [
    ["name", nameMatches(input.name, customer)],
    ["birthDate", birthDateMatches(input.birthDate, customer)],
    ["phone", phoneMatches(input.phone, customer)],
    ["account", accountMatches(input.branchCode, input.accountNumber, customer)],
  ];
  if (input.otp) {
    const otp = await checkCallerOtp(tx, customer.id, input.otp, now);
    // Without an active token there is nothing to check the code against: a mistake, not a failed fact.
    if (otp === "no_active_token") {
      throw new ActionError("invalid_input", "verification.errors.otpNoToken", { otp: "verification.errors.otpNoToken" }, { customerId: customer.id });
    }
    checks.push(["otp", otp === "match"]);
  }
  const attempt = await recordAttempt(tx, { customer, staffId: principal.staff!.id, method: "phone", checks, now });
  return { data: attempt.outcome, audit: attemptAuditFacts(customer.id, attempt, { failures: attempt.outcome.failures, blocked: attempt.outcome.blocked }) };
}

/**
 * At the counter: name and birth date read off the identity document (compared with the record),
 * its type and last 4 digits (checked for form, never stored) and the photo. The same limit and
 * block as on the phone: a document in hand does not make a wrong birth date a free guess.
 */
export async function verifyInPerson(tx: Tx, principal: Principal, input: z.output<typeof verifyCallerInPersonInput>, now: Date): Checked<VerificationOutcome, "verification.in_person"> {
  const customer = await lockCustomer(tx, input.customerId);
  refuseIfBlocked(customer);
  const checks: Array<[string, boolean]> = [
    ["document", true],
    ["name", nameMatches(input.name, customer)],
    ["birthDate", birthDateMatches(input.birthDate, customer)],
    ["photo", input.photoMatches === "yes"],
  ];
  const attempt = await recordAttempt(tx, { customer, staffId: principal.staff!.id, method: "in_person", checks, documentType: input.documentType, now });
  return { data: attempt.outcome, audit: attemptAuditFacts(customer.id, attempt, { documentType: input.documentType, failures: attempt.outcome.failures, blocked: attempt.outcome.blocked }) };
}

/** Lifts a customer's verification block (phone and counter); failures before it stop counting. */
export async function clearBlock(tx: Tx, input: z.output<typeof clearVerificationBlockInput>, now: Date): Checked<{ customerId: string }, "verification.clear_block"> {
  const customer = await lockCustomer(tx, input.customerId);
  if (!customer.verificationBlockedAt) throw new ActionError("conflict", "verification.errors.notBlocked", undefined, { customerId: customer.id });
  await tx.update(customers).set({ verificationBlockedAt: null, verificationClearedAt: now, updatedAt: now }).where(eq(customers.id, customer.id));
  return {
    data: { customerId: customer.id },
    audit: { customerId: customer.id, reason: input.reason, details: { before: { blockedAt: customer.verificationBlockedAt.toISOString() }, after: { blockedAt: null } } },
  };
}
