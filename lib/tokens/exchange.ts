import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { tokens, type Token } from "@/db/schema";
import { ActionError, type ActionAudit, type Principal } from "@/lib/actions/types";
import { checkTokenOtp } from "@/lib/otp/engine";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { OTP_CODE, typedDigitsField, uuidField } from "@/lib/validation/identifiers";
import { lockCustomer } from "@/lib/verification/lock-customer";
import { callerVerificationMethod, type ActivationDelivery } from "./activation-delivery";
import { issueTokenForCustomer } from "./issue-at-desk";
import { lockDeskToken } from "./lock-desk-token";
import type { ServiceRefusal } from "./outcome";
import { otpStateOf, recordOtpFailure, recordOtpSuccess } from "./otp-use";

/**
 * 交換 (old phone in hand): the caller reads the old token's current code, checked as the verify
 * API checks it (a wrong one counts towards the lock and commits, so the desk is no free oracle);
 * then a new token is issued beside it, pending, and linked. The old one keeps working until the
 * new one is activated — activation revokes it ("replaced") in the same transaction.
 */

export const exchangeTokenInput = z.strictObject({
  customerId: uuidField,
  tokenId: uuidField,
  otp: typedDigitsField(OTP_CODE, "verification.validation.otp"),
  ...deskChangeFields,
});

export type ExchangeResult =
  | { ok: true; oldSerial: string; serial: string; serviceId: string; userId: string; tokenId: string; activationDeadline: Date; delivery: ActivationDelivery; notices: number; slipPdf: string | null }
  | { ok: false; oldSerial: string; reason: ServiceRefusal["reason"]; otpFailures: number; lockedNow: boolean };

export async function exchangeToken(tx: Tx, principal: Principal, input: z.output<typeof exchangeTokenInput>, now: Date): Promise<{ data: ExchangeResult; audit: ActionAudit<"token.exchange"> }> {
  const method = await callerVerificationMethod(tx, principal, input.customerId, now);
  if (!method) throw new ActionError("forbidden", "errors.forbidden");
  await lockCustomer(tx, input.customerId);
  const old = await lockDeskToken(tx, input.customerId, input.tokenId, "exchange", now);
  const state = otpStateOf(old);
  if (!state) throw new ActionError("conflict", "tokenActions.why.notActivated", undefined, { tokenId: old.id });
  const check = checkTokenOtp(state, input.otp, now);
  const before = { status: old.status, otpFailures: old.otpFailures };
  if (!check.ok) {
    const failure = await recordOtpFailure(tx, old, check.reason, now);
    const lockedNow = failure.refusal.lockedNow ?? false;
    return {
      data: { ok: false, oldSerial: old.serial, reason: failure.refusal.reason, otpFailures: failure.otpFailures, lockedNow },
      audit: { tokenId: old.id, outcome: "failed", details: { serial: old.serial, notices: 0, before, after: { status: lockedNow ? "locked" : old.status, otpFailures: failure.otpFailures }, result: "refused", reason: failure.refusal.reason } },
    };
  }
  await recordOtpSuccess(tx, old, check.step, now);
  const issued = await issueTokenForCustomer(tx, { customerId: old.customerId, serviceId: old.serviceId }, { method, staffName: principal.staff?.displayName ?? "", change: "exchange" }, now);
  await tx.update(tokens).set({ replacedByTokenId: issued.tokenId, updatedAt: now }).where(eq(tokens.id, old.id));
  return {
    data: { ok: true, oldSerial: old.serial, serial: issued.serial, serviceId: issued.serviceId, userId: issued.userId, tokenId: issued.tokenId, activationDeadline: issued.activationDeadline, delivery: issued.delivery ?? "letter", notices: issued.notices, slipPdf: issued.slipPdf },
    audit: { tokenId: old.id, details: { serial: old.serial, notices: issued.notices, before, after: { status: old.status, otpFailures: 0 }, result: "accepted", newTokenId: issued.tokenId, newSerial: issued.serial, delivery: issued.delivery ?? "letter" } },
  };
}

/**
 * Called by activation in its transaction: the tokens this one was issued to take over (an
 * exchange) stop now. Returns the serials revoked.
 */
export async function retireExchangedTokens(tx: Tx, activated: Pick<Token, "id" | "customerId">, now: Date): Promise<string[]> {
  const rows = await tx
    .update(tokens)
    .set({ status: "revoked", revokeReason: "replaced", revokedAt: now, updatedAt: now })
    .where(and(eq(tokens.replacedByTokenId, activated.id), eq(tokens.customerId, activated.customerId), ne(tokens.status, "revoked")))
    .returning({ serial: tokens.serial });
  return rows.map((r) => r.serial);
}
