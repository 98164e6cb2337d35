import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { approvalRequests, tokens, type Token, type TokenStatus } from "@/db/schema";
import { ActionError, type ActionAudit } from "@/lib/actions/types";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import type { NoticeFacts, NoticeKind } from "@/lib/notifications/kinds";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { OTP_CODE, typedDigitsField, uuidField } from "@/lib/validation/identifiers";
import { lockDeskToken } from "./lock-desk-token";
import { effectiveStatus, nextJstDay, type DeskTokenAction } from "./desk-rules";
import type { AppErrorCode, ServiceRefusal } from "./outcome";
import { otpStateOf } from "./otp-use";
import { MAX_ACTIVATION_FAILURES, MAX_OTP_FAILURES } from "./policy";
import { resyncLoadedToken } from "./verify";

/**
 * The desk's changes to one token's life: unlock after wrong codes, password correction on the
 * caller's behalf, suspend (利用停止), resume (利用再開) and cancel (利用解除). Each locks the token
 * row (by id and customer), re-checks what its state allows (desk-rules) and writes the customer's
 * notices in the same transaction.
 */

const tokenRef = { customerId: uuidField, tokenId: uuidField };
/** What the caller reads from the app, typed by the operator: full-width digits and spaces folded. */
const callerCode = typedDigitsField(OTP_CODE, "verification.validation.otp");

export const unlockTokenInput = z.strictObject({ ...tokenRef, ...deskChangeFields });
export const resyncCallerTokenInput = z.strictObject({ ...tokenRef, otp1: callerCode, otp2: callerCode, ...deskChangeFields });
export const suspendTokenInput = z.strictObject({ ...tokenRef, ...deskChangeFields });
export const resumeTokenInput = z.strictObject({ ...tokenRef, ...deskChangeFields });
export const cancelTokenInput = z.strictObject({ ...tokenRef, ...deskChangeFields });

type TokenRef = { customerId: string; tokenId: string };
type Done<D, N extends "token.unlock" | "token.resync" | "token.suspend" | "token.resume" | "token.cancel"> = Promise<{ data: D; audit: ActionAudit<N> }>;

/** What the success line names: the token as the caller reads it in the app. */
export interface TokenNamed {
  serial: string;
  serviceId: string;
}

/** The customer's token, row-locked for the rest of the transaction, if the desk action is still allowed. */
const lockForDesk = (tx: Tx, input: TokenRef, action: DeskTokenAction, now: Date): Promise<Token> => lockDeskToken(tx, input.customerId, input.tokenId, action, now);

async function notify<K extends NoticeKind>(tx: Tx, customerId: string, kind: K, facts: NoticeFacts<K>, now: Date): Promise<number> {
  return (await enqueueNotices(tx, { customerId, kind, facts, now })).length;
}

const named = (token: Token): TokenNamed => ({ serial: token.serial, serviceId: token.serviceId });

/** ロック解除: a token locked by ten wrong codes works again; the failure run starts from zero. */
export async function unlockToken(tx: Tx, input: TokenRef, now: Date): Done<TokenNamed, "token.unlock"> {
  const token = await lockForDesk(tx, input, "unlock", now);
  await tx.update(tokens).set({ status: "active", otpFailures: 0, updatedAt: now }).where(eq(tokens.id, token.id));
  const notices = await notify(tx, token.customerId, "token_unlocked", {}, now);
  return {
    data: named(token),
    audit: { tokenId: token.id, details: { serial: token.serial, notices, before: { status: token.status, otpFailures: token.otpFailures }, after: { status: "active", otpFailures: 0 } } },
  };
}

export type DeskResync =
  | (TokenNamed & { ok: true; offsetSteps: number; unlocked: boolean })
  | (TokenNamed & { ok: false; reason: ServiceRefusal["reason"]; appError: AppErrorCode | null; otpFailures: number; lockedNow: boolean });

/**
 * パスワード補正 on the caller's behalf: the two consecutive codes the caller reads out, checked by
 * the same rule as the app's own correction. They prove the phone holds the token, so a locked
 * token becomes active with them. A pair that matches nowhere counts as a wrong code and commits
 * (the caller of a refused pair must not get unlimited tries); the codes are never recorded.
 */
export async function resyncForCaller(tx: Tx, input: TokenRef & { otp1: string; otp2: string }, now: Date): Done<DeskResync, "token.resync"> {
  const token = await lockForDesk(tx, input, "resync", now);
  const state = otpStateOf(token);
  if (!state) throw new ActionError("conflict", "tokenActions.why.notActivated", undefined, { tokenId: token.id });
  const wasLocked = token.status === "locked";
  const outcome = await resyncLoadedToken(tx, token, state, input, now, wasLocked ? { status: "active" } : {});
  const before = { status: token.status, clockOffsetSteps: token.clockOffsetSteps, otpFailures: token.otpFailures };
  if (!outcome.result.ok) {
    const refused = outcome.result;
    // A token already locked stays locked; only an active one is locked "now".
    const lockedNow = (refused.lockedNow ?? false) && !wasLocked;
    const after = { ...before, status: lockedNow ? "locked" : token.status, otpFailures: outcome.otpFailures };
    return {
      data: { ...named(token), ok: false, reason: refused.reason, appError: refused.appError, otpFailures: outcome.otpFailures, lockedNow },
      audit: { tokenId: token.id, outcome: "failed", details: { serial: token.serial, notices: 0, before, after, result: "refused", reason: refused.reason, ...(lockedNow ? { lockedNow } : {}) } },
    };
  }
  // Lifting a lock is a change the customer hears of, as with an unlock.
  const notices = wasLocked ? await notify(tx, token.customerId, "token_unlocked", {}, now) : 0;
  const after = { status: "active", clockOffsetSteps: outcome.result.offsetSteps, otpFailures: 0 };
  return {
    data: { ...named(token), ok: true, offsetSteps: outcome.result.offsetSteps, unlocked: wasLocked },
    audit: { tokenId: token.id, details: { serial: token.serial, notices, before, after, result: "accepted" } },
  };
}

/** 利用停止: the token stops working at once (the API refuses its codes and its set-up) until resumed. */
export async function suspendToken(tx: Tx, input: TokenRef, now: Date): Done<TokenNamed, "token.suspend"> {
  const token = await lockForDesk(tx, input, "suspend", now);
  await tx.update(tokens).set({ status: "suspended", suspendedAt: now, updatedAt: now }).where(eq(tokens.id, token.id));
  const notices = await notify(tx, token.customerId, "token_suspended", {}, now);
  return {
    data: named(token),
    audit: { tokenId: token.id, details: { serial: token.serial, notices, before: { status: effectiveStatus(token, now) }, after: { status: "suspended" } } },
  };
}

/**
 * The state a suspended token returns to, read from what the row still says rather than stored
 * at suspension: not yet set up (an activation password waiting, never activated) → waiting for
 * set-up, or activation-locked if its wrong tries had reached the limit; otherwise in use, or
 * locked if its wrong codes had — so suspending and resuming never lifts a lock.
 */
export function statusAfterSuspension(token: Pick<Token, "activatedAt" | "activationPasswordHash" | "activationFailures" | "otpFailures">): TokenStatus {
  if (!token.activatedAt && token.activationPasswordHash) {
    return token.activationFailures >= MAX_ACTIVATION_FAILURES ? "activation_locked" : "pending_activation";
  }
  return token.otpFailures >= MAX_OTP_FAILURES ? "locked" : "active";
}

/** 利用再開: a suspended token goes back to the state it was in. */
export async function resumeToken(tx: Tx, input: TokenRef, now: Date): Done<TokenNamed & { status: TokenStatus }, "token.resume"> {
  const token = await lockForDesk(tx, input, "resume", now);
  const status = statusAfterSuspension(token);
  await tx.update(tokens).set({ status, suspendedAt: null, updatedAt: now }).where(eq(tokens.id, token.id));
  const notices = await notify(tx, token.customerId, "token_resumed", {}, now);
  return {
    data: { ...named(token), status },
    audit: { tokenId: token.id, details: { serial: token.serial, notices, before: { status: "suspended" }, after: { status } } },
  };
}

/**
 * 利用解除: the token is revoked for good — its codes are refused from this moment — and the
 * customer may be issued a new one from the next day in Japan time.
 */
export async function cancelToken(tx: Tx, input: TokenRef & { reason: string }, now: Date): Done<TokenNamed & { newTokenFrom: string; withdrawnRequest: boolean }, "token.cancel"> {
  const token = await lockForDesk(tx, input, "cancel", now);
  await tx.update(tokens).set({ status: "revoked", revokeReason: "cancelled", revokedAt: now, updatedAt: now }).where(eq(tokens.id, token.id));
  // A replacement still waiting for this token has nothing left to replace: it leaves the queue now,
  // rather than wait for a supervisor whose approval could only fail.
  const [withdrawn] = await tx
    .update(approvalRequests)
    .set({ status: "withdrawn", decidedAt: now, decisionReason: input.reason })
    .where(and(eq(approvalRequests.tokenId, token.id), eq(approvalRequests.status, "pending")))
    .returning({ id: approvalRequests.id });
  const newTokenFrom = nextJstDay(now);
  const notices = await notify(tx, token.customerId, "token_cancelled", { newTokenFrom }, now);
  return {
    data: { ...named(token), newTokenFrom: newTokenFrom.toISOString(), withdrawnRequest: Boolean(withdrawn) },
    audit: {
      tokenId: token.id,
      details: {
        serial: token.serial, notices, before: { status: effectiveStatus(token, now) }, after: { status: "revoked" }, newTokenFrom: newTokenFrom.toISOString(),
        ...(withdrawn ? { withdrawnRequestId: withdrawn.id } : {}),
      },
    },
  };
}
