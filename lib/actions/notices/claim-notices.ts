import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import { customerNotices, noticeChannels } from "@/db/schema";
import { DEFAULT_LEASE_MS, MAX_ATTEMPTS } from "@/lib/notifications/policy";
import { defineAction } from "../types";

/**
 * The worker claims due notices: pending ones, failed ones whose retry time has come, and ones
 * left in `sending` past the lease by a worker that died. FOR UPDATE SKIP LOCKED lets several
 * portal processes claim at once without waiting on, or taking, each other's rows; the claim
 * commits before anything is sent, so no transaction is held open across the network.
 */
export const claimNotices = defineAction({
  name: "notice.claim",
  permission: "notice.claim",
  input: z.strictObject({
    limit: z.number().int().min(1).max(100),
    channels: z.array(z.enum(noticeChannels)).min(1).max(2),
    leaseMs: z.number().int().min(1_000).max(3_600_000).default(DEFAULT_LEASE_MS),
  }),
  assurance: "none", subject: { kind: "none" },
  async run({ tx, now }, input) {
    const leaseCutoff = new Date(now.getTime() - input.leaseMs);
    const due = await tx
      .select({ id: customerNotices.id, attempts: customerNotices.attempts })
      .from(customerNotices)
      .where(and(
        inArray(customerNotices.channel, input.channels),
        or(
          and(inArray(customerNotices.status, ["pending", "failed"]), lte(customerNotices.nextAttemptAt, now)),
          and(eq(customerNotices.status, "sending"), lte(customerNotices.claimedAt, leaseCutoff)),
        ),
      ))
      .orderBy(customerNotices.nextAttemptAt)
      .limit(input.limit)
      .for("update", { skipLocked: true });
    // A notice whose last allowed attempt was lost with its worker is not tried a ninth time.
    const exhausted = due.filter((n) => n.attempts >= MAX_ATTEMPTS).map((n) => n.id);
    const claimable = due.filter((n) => n.attempts < MAX_ATTEMPTS).map((n) => n.id);
    if (exhausted.length > 0) {
      await tx.update(customerNotices).set({ status: "stuck", lastError: "lease_expired", claimedAt: null }).where(inArray(customerNotices.id, exhausted));
    }
    const claimed = claimable.length === 0 ? [] : await tx
      .update(customerNotices)
      .set({ status: "sending", attempts: sql`${customerNotices.attempts} + 1`, claimedAt: now })
      .where(inArray(customerNotices.id, claimable))
      .returning({
        id: customerNotices.id, customerId: customerNotices.customerId, kind: customerNotices.kind, channel: customerNotices.channel,
        recipient: customerNotices.recipient, subject: customerNotices.subject, body: customerNotices.body, attempt: customerNotices.attempts,
        // A sealed letter travels to the sender as ciphertext; it is opened only to print it.
        letterEnc: customerNotices.letterEnc,
      });
    return {
      data: { claimed },
      // Ids, kinds, channels and attempt numbers only: the recipient is personal data.
      audit: { details: { claimed: claimed.map((n) => ({ noticeId: n.id, kind: n.kind, channel: n.channel, attempt: n.attempt })), stuck: exhausted } },
    };
  },
});
