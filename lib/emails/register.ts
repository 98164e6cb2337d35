import { randomInt } from "node:crypto";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers, registeredEmails } from "@/db/schema";
import { ActionError, type ActionAudit } from "@/lib/actions/types";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/auth/password";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { maskAddress } from "@/lib/notifications/kinds";
import { refusal, type ServiceResult } from "@/lib/tokens/outcome";
import type { z } from "zod";
import { sameAddress } from "./address";
import { emailState } from "./state";
import { CONFIRM_CODE_DIGITS, CONFIRM_VALID_MS, MAX_CONFIRM_FAILURES, MAX_LIVE_EMAILS } from "./policy";
import type { addEmailInput, confirmEmailInput, deleteEmailInput } from "./schemas";

/** A fresh code from the CSPRNG, zero-padded: every one of the 10^8 codes equally likely. */
export function newConfirmCode(): string {
  return String(randomInt(0, 10 ** CONFIRM_CODE_DIGITS)).padStart(CONFIRM_CODE_DIGITS, "0");
}

/**
 * The customer's row, locked until the transaction ends: every add and delete of one customer's
 * addresses takes it first, so two desks at once cannot both count 2 and both add a third.
 */
async function lockCustomer(tx: Tx, customerId: string): Promise<void> {
  const [row] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1).for("update");
  if (!row) throw new ActionError("not_found", "customers.errors.notFound");
}

function liveOf(tx: Tx, customerId: string) {
  return tx.select().from(registeredEmails).where(and(eq(registeredEmails.customerId, customerId), isNull(registeredEmails.deletedAt))).orderBy(asc(registeredEmails.createdAt));
}

export interface AddedEmail {
  emailId: string;
  maskedAddress: string;
  confirmBy: string;
  notices: number;
}

/**
 * Registers an address as waiting for confirmation and mails it the code (to it alone); the
 * customer's confirmed addresses are told an address was added. The code is kept only as an
 * argon2id hash, and returned to no one: not the desk, not the audit log.
 *
 * Why no letter for an addition: the new address receives nothing but its code until the customer
 * enters it in internet banking, so an address registered by mistake (or by an impostor who got
 * past verification) gains nothing without the customer's own sign-in; the confirmed addresses
 * hear at once. Removing an address is different — it may leave the customer with no e-mail at
 * all — and that is told by post too.
 */
export async function addEmail(tx: Tx, input: z.output<typeof addEmailInput>, now: Date): Promise<{ data: AddedEmail; audit: ActionAudit<"email.add"> }> {
  // Hashed before the lock: argon2 takes a while, and the customer's row need not wait for it.
  const code = newConfirmCode();
  const codeHash = await hashPassword(code);
  await lockCustomer(tx, input.customerId);
  const live = await liveOf(tx, input.customerId);
  if (live.some((e) => sameAddress(e.address, input.address))) {
    throw new ActionError("conflict", "emails.errors.duplicate", { address: "emails.errors.duplicate" }, { customerId: input.customerId, details: { live: live.length } });
  }
  if (live.length >= MAX_LIVE_EMAILS) {
    throw new ActionError("conflict", "emails.errors.limit", undefined, { customerId: input.customerId, details: { live: live.length } });
  }
  const confirmBy = new Date(now.getTime() + CONFIRM_VALID_MS);
  const [row] = await tx
    .insert(registeredEmails)
    .values({ customerId: input.customerId, address: input.address, createdAt: now, confirmCodeHash: codeHash, confirmExpiresAt: confirmBy, confirmFailures: 0 })
    .returning({ id: registeredEmails.id });
  const maskedAddress = maskAddress(input.address);
  const codeMail = await enqueueNotices(tx, { customerId: input.customerId, kind: "email_confirmation", facts: { address: input.address, code, confirmBy }, now });
  const told = await enqueueNotices(tx, { customerId: input.customerId, kind: "email_added", facts: { maskedAddress }, now });
  const notices = codeMail.length + told.length;
  const emailId = row!.id;
  return {
    data: { emailId, maskedAddress, confirmBy: confirmBy.toISOString(), notices },
    audit: { customerId: input.customerId, details: { emailId, maskedAddress, confirmBy, notices } },
  };
}

export interface DeletedEmail {
  emailId: string;
  maskedAddress: string;
  remaining: number;
  notices: number;
  /** How the customer is told, as the notices were queued: masked addresses only. */
  told: {
    /** A letter to the registered postal address. */
    post: boolean;
    /** The remaining confirmed addresses that get an e-mail. */
    remainingAddresses: string[];
    /** The removed address itself (only when it had been confirmed). */
    removedAddress: boolean;
  };
}

/**
 * Soft-deletes one live address (the row stays for the record) and voids any code it was waiting
 * for. The customer is told on their remaining confirmed addresses, on the removed address if it
 * was confirmed, and always by post: after the last address goes, the letter is the only way to
 * reach them (they register a new one in their own login-password reset).
 */
export async function deleteEmail(tx: Tx, input: z.output<typeof deleteEmailInput>, now: Date): Promise<{ data: DeletedEmail; audit: ActionAudit<"email.delete"> }> {
  await lockCustomer(tx, input.customerId);
  const [row] = await tx
    .select()
    .from(registeredEmails)
    .where(and(eq(registeredEmails.id, input.emailId), eq(registeredEmails.customerId, input.customerId), isNull(registeredEmails.deletedAt)))
    .limit(1)
    .for("update");
  if (!row) throw new ActionError("conflict", "emails.errors.notFound", undefined, { customerId: input.customerId, details: { emailId: input.emailId } });
  await tx.update(registeredEmails).set({ deletedAt: now, confirmCodeHash: null }).where(eq(registeredEmails.id, row.id));
  const [{ remaining }] = (await tx.select({ remaining: count() }).from(registeredEmails).where(and(eq(registeredEmails.customerId, input.customerId), isNull(registeredEmails.deletedAt)))) as [{ remaining: number }];
  const maskedAddress = maskAddress(row.address);
  // An address that never proved to be the customer's is not told either.
  const facts = row.confirmedAt ? { maskedAddress, removedAddress: row.address } : { maskedAddress };
  const queued = await enqueueNotices(tx, { customerId: input.customerId, kind: "email_removed", facts, now });
  const mailed = queued.filter((n) => n.channel === "email").map((n) => n.recipient);
  const isRemoved = (address: string) => address.toLowerCase() === row.address.toLowerCase();
  const told = { post: queued.some((n) => n.channel === "post"), remainingAddresses: mailed.filter((a) => !isRemoved(a)).map(maskAddress), removedAddress: mailed.some(isRemoved) };
  const notices = queued.length;
  return {
    data: { emailId: row.id, maskedAddress, remaining, notices, told },
    audit: { customerId: input.customerId, details: { emailId: row.id, maskedAddress, remaining, notices } },
  };
}

export interface ConfirmedEmail {
  result: "confirmed";
  confirmedAt: string;
}

type ConfirmAudit = ActionAudit<"token_service.confirm_email">;

/**
 * The customer's code, passed on by internet banking. A wrong code counts (the fifth voids the
 * code: the desk must register the address again); an expired, void or already confirmed address
 * is refused. Refusals commit their count and are recorded as failed; nothing records the code.
 */
export async function confirmEmail(tx: Tx, input: z.output<typeof confirmEmailInput>, now: Date): Promise<{ data: ServiceResult<ConfirmedEmail>; audit: ConfirmAudit }> {
  const [row] = await tx
    .select({ email: registeredEmails })
    .from(registeredEmails)
    .innerJoin(customers, eq(customers.id, registeredEmails.customerId))
    .where(and(eq(customers.contractId, input.contractId), isNull(registeredEmails.deletedAt), sql`lower(${registeredEmails.address}) = lower(${input.address})`))
    .limit(1)
    .for("update", { of: registeredEmails });
  if (!row) {
    // As slow as a wrong code, so the answer's timing does not tell which addresses are waiting.
    await burnPasswordCheck(input.code);
    return refused(null, null, "unknown_email");
  }
  const email = row.email;
  const ids = { customerId: email.customerId, emailId: email.id };
  const state = emailState(email, now);
  if (state === "confirmed") return refused(ids, email.address, "email_already_confirmed");
  if (state === "void") return refused(ids, email.address, "confirmation_void");
  if (state === "expired") return refused(ids, email.address, "confirmation_expired");
  if (!(await verifyPassword(email.confirmCodeHash!, input.code))) {
    const failures = email.confirmFailures + 1;
    const voidNow = failures >= MAX_CONFIRM_FAILURES;
    // The fifth wrong code forgets the hash: nothing is left to guess against.
    await tx.update(registeredEmails).set({ confirmFailures: failures, ...(voidNow ? { confirmCodeHash: null } : {}) }).where(eq(registeredEmails.id, email.id));
    return refused(ids, email.address, "wrong_confirmation_code", { failures, ...(voidNow ? { lockedNow: true } : {}) });
  }
  await tx.update(registeredEmails).set({ confirmedAt: now, confirmCodeHash: null }).where(eq(registeredEmails.id, email.id));
  return {
    data: { ok: true, result: "confirmed", confirmedAt: now.toISOString() },
    audit: { customerId: email.customerId, details: { result: "accepted", emailId: email.id, maskedAddress: maskAddress(email.address) } },
  };
}

function refused(
  ids: { customerId: string; emailId: string } | null,
  address: string | null,
  reason: "unknown_email" | "email_already_confirmed" | "confirmation_void" | "confirmation_expired" | "wrong_confirmation_code",
  extra: { failures?: number; lockedNow?: true } = {},
): { data: ServiceResult<ConfirmedEmail>; audit: ConfirmAudit } {
  return {
    data: refusal(reason, null, extra.lockedNow === true),
    audit: {
      customerId: ids?.customerId ?? null,
      outcome: "failed",
      details: { result: "refused", reason, ...(ids ? { emailId: ids.emailId } : {}), ...(address ? { maskedAddress: maskAddress(address) } : {}), ...extra },
    },
  };
}
