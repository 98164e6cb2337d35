import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const noticeChannels = ["email", "post"] as const;
export type NoticeChannel = (typeof noticeChannels)[number];
export const noticeChannelEnum = pgEnum("notice_channel", noticeChannels);

/** pending → sending → sent; a failed send waits for its retry; after the last attempt it is stuck. */
export const noticeStatuses = ["pending", "sending", "sent", "failed", "stuck"] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];
export const noticeStatusEnum = pgEnum("notice_status", noticeStatuses);

/**
 * The outbox: one row per message to one channel of one customer, written in the transaction of
 * the change it tells about. `recipient` is the e-mail address or the postal address — personal
 * data that lives here and in the customer's record, never in audit details or logs.
 */
export const customerNotices = pgTable(
  "customer_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    channel: noticeChannelEnum("channel").notNull(),
    recipient: text("recipient").notNull(),
    /** A key of lib/notifications/kinds.ts. */
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: noticeStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the current `sending` claim was taken: past the lease, another worker may reclaim it. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** A short code (e.g. smtp_550), never the server's own text, which may quote the address. */
    lastError: text("last_error"),
    /** The printed letter (post), once the letter module produces one. */
    letterRef: text("letter_ref"),
    /**
     * Content that carries a secret, sealed with the application's key (lib/crypto/secretbox.ts):
     * for a letter (a new activation password) its facts, rendered to PDF only when it goes to
     * print; for an e-mail (a confirmation code) its body. Cleared once sent, so the secret does
     * not outlive the message.
     */
    letterEnc: text("letter_enc"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("customer_notices_due_idx").on(t.status, t.nextAttemptAt),
    index("customer_notices_customer_idx").on(t.customerId, t.createdAt),
  ],
);

export type CustomerNotice = typeof customerNotices.$inferSelect;

/**
 * Demo mode only: what the in-process SMTP receiver (and the demo "post office") delivered, so the
 * demo mailbox page can show each customer what they would have received.
 */
export const demoMailbox = pgTable(
  "demo_mailbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    noticeId: uuid("notice_id").references(() => customerNotices.id),
    channel: noticeChannelEnum("channel").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The letter as the customer would open it (demo mode only), sealed like the outbox's. */
    letterEnc: text("letter_enc"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("demo_mailbox_customer_idx").on(t.customerId, t.receivedAt)],
);

export type DemoMailboxEntry = typeof demoMailbox.$inferSelect;
