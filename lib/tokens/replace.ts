import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Tx } from "@/db/client";
import { approvalRequests, auditEvents, tokens, type ApprovalRequest, type RiskFlag, type Token } from "@/db/schema";
import { ActionError, type Principal } from "@/lib/actions/types";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { DAY, HOUR } from "@/lib/time/clock";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { uuidField } from "@/lib/validation/identifiers";
import { liveVerification } from "@/lib/verification/live";
import { lockCustomer } from "@/lib/verification/lock-customer";
import type { ActivationDelivery } from "./activation-delivery";
import { effectiveStatus } from "./desk-rules";
import { issueTokenForCustomer } from "./issue-at-desk";
import { lockDeskToken } from "./lock-desk-token";

/**
 * 再発行: the old phone is lost, stolen, wiped or the app deleted. The old token stops at once and a
 * new one (new user ID and serial, new activation password out of band) takes its place.
 * - At the counter (an in-person check), the teller completes it directly: slip handed over, or a
 *   letter by post if the customer prefers.
 * - After a phone check, it becomes a request: the old token is suspended at once (a thief cannot
 *   use it meanwhile) and a supervisor who is not the requester approves it (the replacement runs
 *   then, letter by post) or rejects it with a reason. Nobody alone replaces a token for a caller
 *   known only by voice.
 */

export { replaceReasons, type ReplaceReason } from "./replace-reasons";
import { replaceReasons, type ReplaceReason } from "./replace-reasons";

/** How long a supervisor has to decide a request before it lapses. */
export const APPROVAL_TTL_MS = 24 * HOUR;
/** A replacement this soon after an e-mail change is the account-takeover pattern: flag it. */
export const EMAIL_CHANGE_WINDOW_MS = 24 * HOUR;
/** A second replacement within this window flags the customer. */
export const REPEAT_REPLACEMENT_WINDOW_MS = 30 * DAY;

export const replaceTokenInput = z.strictObject({
  customerId: uuidField,
  tokenId: uuidField,
  replaceReason: z.enum(replaceReasons),
  /** At the counter only: the customer may ask for the letter by post instead of the slip. */
  delivery: z.enum(["counter_slip", "letter"]).optional(),
  ...deskChangeFields,
});
export type ReplaceTokenInput = z.output<typeof replaceTokenInput>;

export type ReplaceResult =
  | {
      outcome: "replaced";
      oldSerial: string;
      serviceId: string;
      userId: string;
      serial: string;
      tokenId: string;
      activationDeadline: Date;
      delivery: ActivationDelivery;
      notices: number;
      /** The counter slip (base64 PDF) this once; null for a letter. */
      slipPdf: string | null;
      riskFlags: RiskFlag[];
      carrierReminder: boolean;
    }
  | {
      outcome: "requested";
      oldSerial: string;
      requestId: string;
      expiresAt: Date;
      notices: number;
      riskFlags: RiskFlag[];
      carrierReminder: boolean;
    };

/** Lost or stolen: the caller should also stop the SIM with their carrier. */
export const needsCarrierCall = (reason: ReplaceReason | null): boolean => reason === "lost" || reason === "stolen";

/**
 * Why this replacement deserves a second look, worked out from the record at `now`:
 * - an e-mail address added or removed within 24 hours (the takeover pattern: change where the
 *   notices go, then ask for a new token);
 * - another replacement of this customer's token within 30 days.
 */
export async function replacementRiskFlags(tx: Queryable, customerId: string, now: Date): Promise<RiskFlag[]> {
  const flags: RiskFlag[] = [];
  const emailSince = new Date(now.getTime() - EMAIL_CHANGE_WINDOW_MS);
  if ((await recentEmailChanges(tx, customerId, emailSince, ["email.add", "email.delete"])).length > 0) flags.push("recent_email_change");
  const [replaced] = await tx
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.customerId, customerId), inArray(tokens.revokeReason, [...replaceReasons]), gt(tokens.revokedAt, new Date(now.getTime() - REPEAT_REPLACEMENT_WINDOW_MS))))
    .limit(1);
  if (replaced) flags.push("repeat_replacement");
  return flags;
}

/**
 * The desk's e-mail changes of this customer since `since`, read from the audit log (the record of
 * who changed what, when): the addresses' ids. An import's addresses are not changes.
 */
export async function recentEmailChanges(tx: Queryable, customerId: string, since: Date, actions: Array<"email.add" | "email.delete">): Promise<string[]> {
  const rows = await tx
    .select({ emailId: sql<string | null>`${auditEvents.details}->>'emailId'` })
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, customerId), inArray(auditEvents.action, actions), eq(auditEvents.outcome, "success"), gt(auditEvents.occurredAt, since)));
  return rows.flatMap((r) => (r.emailId ? [r.emailId] : []));
}

/** Requests of this customer whose time ran out are marked so; they no longer hold the one pending place. */
async function lapseStaleRequests(tx: Tx, customerId: string, kind: ApprovalRequest["kind"], now: Date): Promise<void> {
  await tx
    .update(approvalRequests)
    .set({ status: "expired" })
    .where(and(eq(approvalRequests.customerId, customerId), eq(approvalRequests.kind, kind), eq(approvalRequests.status, "pending"), lte(approvalRequests.expiresAt, now)));
}

/** The request still waiting for this customer, if any (after lapsing stale ones). */
export async function pendingRequest(tx: Tx, customerId: string, kind: ApprovalRequest["kind"], now: Date): Promise<ApprovalRequest | null> {
  await lapseStaleRequests(tx, customerId, kind, now);
  const [row] = await tx
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.customerId, customerId), eq(approvalRequests.kind, kind), eq(approvalRequests.status, "pending")))
    .limit(1);
  return row ?? null;
}

/** This staff member's live check of the caller, read inside the transaction: the request keeps it as evidence. */
export async function callerEvidence(tx: Tx, principal: Principal, customerId: string, now: Date) {
  if (!principal.staff) throw new ActionError("forbidden", "errors.forbidden");
  const live = await liveVerification(tx, principal.staff.id, customerId, "verified", now);
  if (!live) throw new ActionError("verification_required", "errors.verificationRequired");
  return live;
}

/**
 * The replacement itself, for an old token already row-locked: revoked with the reason (its codes
 * are refused from this moment), a new token with a new user ID and serial, the two linked, the
 * activation password by letter or slip, and the customer told on every channel.
 */
export async function performReplacement(tx: Tx, old: Token, reason: ReplaceReason, delivery: { method: "phone" | "in_person"; staffName: string }, now: Date) {
  await tx.update(tokens).set({ status: "revoked", revokeReason: reason, revokedAt: now, updatedAt: now }).where(eq(tokens.id, old.id));
  const issued = await issueTokenForCustomer(tx, { customerId: old.customerId, serviceId: old.serviceId }, { ...delivery, change: "replace" }, now);
  await tx.update(tokens).set({ replacedByTokenId: issued.tokenId }).where(eq(tokens.id, old.id));
  return issued;
}

/**
 * The desk's replacement: directly after an in-person check, as a request after a phone check.
 * The customer row is locked first (then the token), so parallel requests from several desks run
 * one after another: the first suspends and files the request, the others find it and are told.
 */
export async function replaceToken(tx: Tx, principal: Principal, input: ReplaceTokenInput, now: Date): Promise<{ result: ReplaceResult; old: Token; before: string }> {
  const evidence = await callerEvidence(tx, principal, input.customerId, now);
  await lockCustomer(tx, input.customerId);
  const old = await lockDeskToken(tx, input.customerId, input.tokenId, "replace", now);
  const before = effectiveStatus(old, now);
  const waiting = await pendingRequest(tx, input.customerId, "replacement", now);
  if (waiting) throw new ActionError("conflict", "replacement.errors.pending", undefined, { tokenId: old.id, details: { requestId: waiting.id } });
  const riskFlags = await replacementRiskFlags(tx, input.customerId, now);
  const carrierReminder = needsCarrierCall(input.replaceReason);

  if (evidence.method === "in_person") {
    const issued = await performReplacement(tx, old, input.replaceReason, { method: input.delivery === "letter" ? "phone" : "in_person", staffName: principal.staff!.displayName }, now);
    return {
      old,
      before,
      result: {
        outcome: "replaced", oldSerial: old.serial, serviceId: issued.serviceId, userId: issued.userId, serial: issued.serial, tokenId: issued.tokenId,
        activationDeadline: issued.activationDeadline, delivery: issued.delivery ?? "letter", notices: issued.notices, slipPdf: issued.slipPdf, riskFlags, carrierReminder,
      },
    };
  }

  if (input.delivery === "counter_slip") throw new ActionError("invalid_input", "errors.invalidInput", { delivery: "replacement.errors.slipInPersonOnly" });
  if (old.status !== "suspended") await tx.update(tokens).set({ status: "suspended", suspendedAt: now, updatedAt: now }).where(eq(tokens.id, old.id));
  const expiresAt = new Date(now.getTime() + APPROVAL_TTL_MS);
  const [request] = await tx
    .insert(approvalRequests)
    .values({
      kind: "replacement", customerId: input.customerId, tokenId: old.id, revokeReason: input.replaceReason, note: input.reason,
      requestedBy: principal.staff!.id, requesterRole: principal.staff!.role, verificationId: evidence.id, verificationMethod: evidence.method,
      riskFlags, createdAt: now, expiresAt,
    })
    .returning({ id: approvalRequests.id });
  const notices = (await enqueueNotices(tx, { customerId: input.customerId, kind: "replacement_requested", facts: {}, now })).length;
  return { old, before, result: { outcome: "requested", oldSerial: old.serial, requestId: request!.id, expiresAt, notices, riskFlags, carrierReminder } };
}

/**
 * The back office's replacement (the CLI, no caller): the customer's live token is revoked with the
 * reason under its row lock, in the issuing transaction; the new token is linked after issue. The
 * token revoked is returned for the issuing event to name.
 */
export async function retireForBackOffice(tx: Tx, customerId: string, tokenId: string, reason: ReplaceReason, now: Date): Promise<Token> {
  await lockCustomer(tx, customerId);
  const old = await lockDeskToken(tx, customerId, tokenId, "replace", now);
  await tx.update(tokens).set({ status: "revoked", revokeReason: reason, revokedAt: now, updatedAt: now }).where(eq(tokens.id, old.id));
  return old;
}

export async function linkReplacement(tx: Tx, oldTokenId: string, newTokenId: string): Promise<void> {
  await tx.update(tokens).set({ replacedByTokenId: newTokenId }).where(eq(tokens.id, oldTokenId));
}
