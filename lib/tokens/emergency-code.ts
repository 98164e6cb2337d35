import { and, desc, eq, gt, isNotNull, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { approvalRequests, registeredEmails, tokens, type ApprovalRequest } from "@/db/schema";
import { ActionError, type Principal } from "@/lib/actions/types";
import { hashPassword, verifyPassword, burnPasswordCheck } from "@/lib/auth/password";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { uuidField } from "@/lib/validation/identifiers";
import { lockCustomer } from "@/lib/verification/lock-customer";
import { randomDigits } from "./issue";
import { loadLiveTokenForUpdate } from "./load";
import { refusal, type ServiceResult } from "./outcome";
import { EMERGENCY_CODE_DIGITS, EMERGENCY_CODE_TTL_MS, isKnownService } from "./policy";
import { APPROVAL_TTL_MS, callerEvidence, EMAIL_CHANGE_WINDOW_MS, pendingRequest, recentEmailChanges, replacementRiskFlags } from "./replace";

/**
 * 緊急用コード: for a customer who must make an urgent transfer before the new token works. The
 * desk asks, a supervisor who is not the requester approves, and only then is a code made: random
 * digits, stored only as a hash, valid 24 hours, accepted once by the token-service API in place of
 * a one-time password. It is a secret: never on the desk's screen, it goes by e-mail to the
 * customer's confirmed addresses — never one the desk added within the last 24 hours, so an
 * address an impostor just had added never receives it.
 */

export const requestEmergencyCodeInput = z.strictObject({ customerId: uuidField, ...deskChangeFields });

export async function requestEmergencyCode(tx: Tx, principal: Principal, input: z.output<typeof requestEmergencyCodeInput>, now: Date) {
  const evidence = await callerEvidence(tx, principal, input.customerId, now);
  await lockCustomer(tx, input.customerId);
  const waiting = await pendingRequest(tx, input.customerId, "emergency_code", now);
  if (waiting) throw new ActionError("conflict", "emergencyCode.errors.pending", undefined, { details: { requestId: waiting.id } });
  if ((await seasonedAddresses(tx, input.customerId, now)).length === 0) throw new ActionError("conflict", "emergencyCode.errors.noAddress");
  if (!(await hasBridgeableToken(tx, input.customerId))) throw new ActionError("conflict", "emergencyCode.noToken");
  const riskFlags = await replacementRiskFlags(tx, input.customerId, now);
  const expiresAt = new Date(now.getTime() + APPROVAL_TTL_MS);
  const [row] = await tx
    .insert(approvalRequests)
    .values({
      kind: "emergency_code", customerId: input.customerId, note: input.reason, requestedBy: principal.staff!.id, requesterRole: principal.staff!.role,
      verificationId: evidence.id, verificationMethod: evidence.method, riskFlags, createdAt: now, expiresAt,
    })
    .returning({ id: approvalRequests.id });
  return { requestId: row!.id, expiresAt, riskFlags };
}

/**
 * Internet banking takes the code only together with a token's service ID and user ID, so a
 * customer whose every token is cancelled has nothing the code could stand in for.
 */
export async function hasBridgeableToken(tx: Tx, customerId: string): Promise<boolean> {
  const [row] = await tx.select({ id: tokens.id }).from(tokens).where(and(eq(tokens.customerId, customerId), ne(tokens.status, "revoked"))).limit(1);
  return row !== undefined;
}

/** Confirmed addresses the desk did not add within the e-mail change window: where a secret may go. */
async function seasonedAddresses(tx: Tx, customerId: string, now: Date): Promise<string[]> {
  const fresh = new Set(await recentEmailChanges(tx, customerId, new Date(now.getTime() - EMAIL_CHANGE_WINDOW_MS), ["email.add"]));
  const rows = await tx
    .select({ id: registeredEmails.id, address: registeredEmails.address })
    .from(registeredEmails)
    .where(and(eq(registeredEmails.customerId, customerId), isNull(registeredEmails.deletedAt), isNotNull(registeredEmails.confirmedAt)));
  return rows.filter((r) => !fresh.has(r.id)).map((r) => r.address);
}

/** Makes the code on approval and mails it; the caller stores only the hash it returns. */
export async function issueEmergencyCode(tx: Tx, request: ApprovalRequest, now: Date): Promise<{ codeHash: string; expiresAt: Date; notices: number }> {
  const addresses = await seasonedAddresses(tx, request.customerId, now);
  if (addresses.length === 0) throw new ActionError("conflict", "emergencyCode.errors.noAddress", undefined, { customerId: request.customerId });
  const code = randomDigits(EMERGENCY_CODE_DIGITS);
  const expiresAt = new Date(now.getTime() + EMERGENCY_CODE_TTL_MS);
  let notices = 0;
  for (const address of addresses) {
    notices += (await enqueueNotices(tx, { customerId: request.customerId, kind: "emergency_code", facts: { address, code, validUntil: expiresAt }, now })).length;
  }
  return { codeHash: await hashPassword(code), expiresAt, notices };
}

/**
 * The token-service side: internet banking sends the customer's service ID + user ID (any of
 * their live tokens, typically the new one not yet set up) and the code in place of an OTP. The
 * first right answer spends the code; a second use, a lapsed code or a wrong one is refused. A
 * customer may hold more than one live code (asked again before using the first): the typed code
 * is checked against each, newest first, since every mail promised its own code for a day.
 */
export async function verifyEmergencyCode(tx: Tx, input: { serviceId: string; userId: string; emergencyCode: string }, now: Date): Promise<{ result: ServiceResult<{ usedAt: Date }>; tokenId: string | null; customerId: string | null }> {
  const none = { tokenId: null, customerId: null };
  if (!isKnownService(input.serviceId)) return { ...none, result: refusal("unknown_service", "S0A1") };
  const token = await loadLiveTokenForUpdate(tx, input.serviceId, input.userId);
  if (!token) {
    await burnPasswordCheck(input.emergencyCode);
    return { ...none, result: refusal("unknown_token") };
  }
  const ids = { tokenId: token.id, customerId: token.customerId };
  const live = await tx
    .select({ id: approvalRequests.id, codeHash: approvalRequests.codeHash })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.customerId, token.customerId), eq(approvalRequests.kind, "emergency_code"), eq(approvalRequests.status, "approved"), isNull(approvalRequests.codeUsedAt), gt(approvalRequests.codeExpiresAt, now), isNotNull(approvalRequests.codeHash)))
    .orderBy(desc(approvalRequests.decidedAt))
    .for("update");
  if (live.length === 0) {
    await burnPasswordCheck(input.emergencyCode);
    return { ...ids, result: refusal("invalid_code") };
  }
  for (const code of live) {
    if (!(await verifyPassword(code.codeHash!, input.emergencyCode))) continue;
    await tx.update(approvalRequests).set({ codeUsedAt: now }).where(eq(approvalRequests.id, code.id));
    return { ...ids, result: { ok: true, usedAt: now } };
  }
  return { ...ids, result: refusal("invalid_code") };
}
