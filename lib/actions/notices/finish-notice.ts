import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { customerNotices } from "@/db/schema";
import { backoffMs, errorCodePattern, MAX_ATTEMPTS } from "@/lib/notifications/policy";
import { ActionError, defineAction } from "../types";

const claim = { noticeId: z.uuid(), attempt: z.number().int().min(1).max(MAX_ATTEMPTS) };

/**
 * Only the claim that sent it may finish a notice: the row must still be `sending` at the same
 * attempt. A worker whose lease ran out and whose notice was reclaimed gets a conflict instead.
 */
async function finish(tx: Tx, noticeId: string, attempt: number, set: Partial<typeof customerNotices.$inferInsert>) {
  const [row] = await tx
    .update(customerNotices)
    .set({ ...set, claimedAt: null })
    .where(and(eq(customerNotices.id, noticeId), eq(customerNotices.status, "sending"), eq(customerNotices.attempts, attempt)))
    .returning({ customerId: customerNotices.customerId, kind: customerNotices.kind, channel: customerNotices.channel, status: customerNotices.status });
  if (!row) throw new ActionError("conflict", "notices.errors.claimLost", undefined, { details: { noticeId, attempt } });
  return row;
}

export const markNoticeSent = defineAction({
  name: "notice.mark_sent",
  permission: "notice.mark_sent",
  input: z.strictObject(claim),
  assurance: "none",
  subject: { kind: "customer" },
  async run({ tx, now }, input) {
    // A sealed letter's secret (an activation password) does not outlive the letter.
    const row = await finish(tx, input.noticeId, input.attempt, { status: "sent", sentAt: now, lastError: null, letterEnc: null });
    return { data: { status: row.status }, audit: { customerId: row.customerId, details: { noticeId: input.noticeId, kind: row.kind, channel: row.channel, attempt: input.attempt, result: "sent" } } };
  },
});

export const markNoticeFailed = defineAction({
  name: "notice.mark_failed",
  permission: "notice.mark_failed",
  input: z.strictObject({ ...claim, errorCode: z.string().regex(errorCodePattern) }),
  assurance: "none",
  subject: { kind: "customer" },
  async run({ tx, now }, input) {
    const stuck = input.attempt >= MAX_ATTEMPTS;
    const nextAttemptAt = new Date(now.getTime() + backoffMs(input.attempt));
    const row = await finish(tx, input.noticeId, input.attempt, stuck ? { status: "stuck", lastError: input.errorCode } : { status: "failed", lastError: input.errorCode, nextAttemptAt });
    return {
      data: { status: row.status, nextAttemptAt: stuck ? null : nextAttemptAt },
      audit: { customerId: row.customerId, details: { noticeId: input.noticeId, kind: row.kind, channel: row.channel, attempt: input.attempt, result: row.status, errorCode: input.errorCode } },
    };
  },
});
