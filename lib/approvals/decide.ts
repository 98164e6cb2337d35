import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { approvalRequests, customers, tokens, type ApprovalRequest } from "@/db/schema";
import { ActionError, type Principal } from "@/lib/actions/types";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { formatJst } from "@/lib/time/format";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { uuidField } from "@/lib/validation/identifiers";
import { lockCustomer } from "@/lib/verification/lock-customer";
import { issueEmergencyCode } from "@/lib/tokens/emergency-code";
import { performReplacement, type ReplaceReason } from "@/lib/tokens/replace";

/**
 * A supervisor's decision on a four-eyes request. Enforced here, whatever a screen shows: the
 * decider is not the requester (and the database refuses it too), the request is still pending,
 * and its time has not run out by the clock — a lapsed request is read as expired even before
 * anything marks it so.
 */

export const decideRequestInput = z.strictObject({ requestId: uuidField, ...deskChangeFields });

export interface Decided {
  requestId: string;
  kind: ApprovalRequest["kind"];
  customerId: string;
  requestedBy: string;
  /** Whom it was for, as the queue names them: the supervisor's confirmation says so. */
  customerName: string;
  /** The requester's verification of the caller: the evidence the decision was taken on. */
  verificationId: string;
}

async function customerName(tx: Tx, customerId: string): Promise<string> {
  const [row] = await tx.select({ name: customers.nameKanji }).from(customers).where(eq(customers.id, customerId)).limit(1);
  return row!.name;
}

async function lockPending(tx: Tx, principal: Principal, requestId: string, now: Date): Promise<ApprovalRequest> {
  if (!principal.staff) throw new ActionError("forbidden", "errors.forbidden");
  const [found] = await tx.select({ customerId: approvalRequests.customerId }).from(approvalRequests).where(eq(approvalRequests.id, requestId)).limit(1);
  if (!found) throw new ActionError("not_found", "approvals.errors.notFound");
  // Customer first, then the request: the same order as the desk's replacement, so no deadlock.
  await lockCustomer(tx, found.customerId);
  const [request] = await tx.select().from(approvalRequests).where(eq(approvalRequests.id, requestId)).for("update").limit(1);
  const facts = { customerId: request!.customerId, tokenId: request!.tokenId, details: { requestId, kind: request!.kind } };
  if (request!.requestedBy === principal.staff.id) throw new ActionError("forbidden", "approvals.errors.selfDecision", undefined, facts);
  if (request!.status !== "pending") throw new ActionError("conflict", `approvals.errors.already.${request!.status}`, undefined, facts);
  if (request!.expiresAt <= now) throw new ActionError("conflict", "approvals.errors.expired", undefined, facts, { at: formatJst(request!.expiresAt) });
  return request!;
}

async function markDecided(tx: Tx, principal: Principal, request: ApprovalRequest, status: "approved" | "rejected", reason: string, now: Date, extra: Partial<ApprovalRequest> = {}) {
  await tx
    .update(approvalRequests)
    .set({ status, decidedBy: principal.staff!.id, decidedAt: now, decisionReason: reason, ...extra })
    .where(and(eq(approvalRequests.id, request.id), eq(approvalRequests.status, "pending")));
}

export type ApproveResult = Decided &
  (
    | { kind: "replacement"; oldTokenId: string; oldSerial: string; serial: string; tokenId: string; delivery: "letter"; notices: number }
    | { kind: "emergency_code"; codeExpiresAt: Date; notices: number }
  );

/**
 * 承認: for a replacement the old token (still suspended) is revoked with the request's reason and
 * the new token issued, its activation password by letter to the registered address — the caller
 * was verified only by phone, so nothing goes anywhere but the address on record.
 */
export async function approveRequest(tx: Tx, principal: Principal, input: z.output<typeof decideRequestInput>, now: Date): Promise<ApproveResult> {
  const request = await lockPending(tx, principal, input.requestId, now);
  const decided = { requestId: request.id, customerId: request.customerId, requestedBy: request.requestedBy, verificationId: request.verificationId, customerName: await customerName(tx, request.customerId) };
  if (request.kind === "emergency_code") {
    const code = await issueEmergencyCode(tx, request, now);
    await markDecided(tx, principal, request, "approved", input.reason, now, { codeHash: code.codeHash, codeExpiresAt: code.expiresAt });
    return { ...decided, kind: "emergency_code", codeExpiresAt: code.expiresAt, notices: code.notices };
  }
  const [old] = await tx.select().from(tokens).where(and(eq(tokens.id, request.tokenId!), eq(tokens.customerId, request.customerId))).for("update").limit(1);
  // The desk may have cancelled or replaced the token at the counter meanwhile: nothing left to replace.
  if (!old || old.status === "revoked") throw new ActionError("conflict", "approvals.errors.tokenGone", undefined, { customerId: request.customerId, tokenId: request.tokenId, details: { requestId: request.id } });
  const issued = await performReplacement(tx, old, request.revokeReason as ReplaceReason, { method: "phone", staffName: principal.staff!.displayName }, now);
  await markDecided(tx, principal, request, "approved", input.reason, now, { newTokenId: issued.tokenId });
  return { ...decided, kind: "replacement", oldTokenId: old.id, oldSerial: old.serial, serial: issued.serial, tokenId: issued.tokenId, delivery: "letter", notices: issued.notices };
}

/**
 * 却下: nothing is issued. A replacement's old token stays suspended (the caller may come to the
 * counter with documents) and the customer is told; no longer awaiting a decision, the token is the
 * desk's again (resume, or a replacement at the counter). A request nobody decides in time lapses
 * the same way: the token stays suspended and the desk may act on it (desk-rules).
 */
export type RejectResult = Decided & { tokenId: string | null; serial: string | null; notices: number };

export async function rejectRequest(tx: Tx, principal: Principal, input: z.output<typeof decideRequestInput>, now: Date): Promise<RejectResult> {
  const request = await lockPending(tx, principal, input.requestId, now);
  await markDecided(tx, principal, request, "rejected", input.reason, now);
  const notices = request.kind === "replacement" ? (await enqueueNotices(tx, { customerId: request.customerId, kind: "replacement_rejected", facts: {}, now })).length : 0;
  const [token] = request.tokenId ? await tx.select({ serial: tokens.serial }).from(tokens).where(eq(tokens.id, request.tokenId)).limit(1) : [];
  // The token the request named: its history tells that it no longer waits, though still suspended.
  return {
    requestId: request.id, kind: request.kind, customerId: request.customerId, requestedBy: request.requestedBy, verificationId: request.verificationId,
    customerName: await customerName(tx, request.customerId), tokenId: request.tokenId, serial: token?.serial ?? null, notices,
  };
}
