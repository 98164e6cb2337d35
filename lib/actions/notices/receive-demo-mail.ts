import { eq } from "drizzle-orm";
import { z } from "zod";
import { customerNotices, demoMailbox, noticeChannels } from "@/db/schema";
import { NOTICE_BODY_MAX } from "@/lib/notifications/policy";
import { sealedEnvelopePattern } from "@/lib/letters/sealed";
import { text } from "@/lib/validation/text";
import { ActionError, defineAction } from "../types";

/**
 * Demo mode: the in-process SMTP receiver (and the demo post office) files what arrived in the
 * customer's demo mailbox. The notice id travels in the message, so the mailbox belongs to the
 * customer the notice was written for, not whoever owns the address.
 */
export const receiveDemoMail = defineAction({
  name: "demo.mailbox_receive",
  permission: "demo.mailbox_receive",
  input: z.strictObject({
    noticeId: z.uuid(),
    channel: z.enum(noticeChannels),
    recipient: text({ multiline: true }).min(1).max(500),
    subject: text().max(1_000),
    body: text({ multiline: true }).max(NOTICE_BODY_MAX),
    /** A letter carrying a secret, still sealed: the mailbox renders it when it is opened. */
    letterEnc: z.string().max(20_000).regex(sealedEnvelopePattern).optional(),
  }),
  assurance: "none", subject: { kind: "customer" },
  async run({ tx, now }, input) {
    const [notice] = await tx.select({ customerId: customerNotices.customerId, kind: customerNotices.kind }).from(customerNotices).where(eq(customerNotices.id, input.noticeId)).limit(1);
    if (!notice) throw new ActionError("not_found", "notices.errors.notFound");
    const [entry] = await tx.insert(demoMailbox).values({ ...input, customerId: notice.customerId, receivedAt: now }).returning({ id: demoMailbox.id });
    return { data: { entryId: entry!.id }, audit: { customerId: notice.customerId, details: { noticeId: input.noticeId, kind: notice.kind, channel: input.channel } } };
  },
});
