import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { customerNotices, customers, demoMailbox, type NoticeChannel, type NoticeStatus } from "@/db/schema";

/** The customers a demo mailbox can be opened for, by name (the page never shows their id). */
export async function listMailboxCustomers(db: Queryable): Promise<Array<{ id: string; name: string; kana: string; received: number }>> {
  const rows = await db
    .select({ id: customers.id, name: customers.nameKanji, kana: customers.nameKana, received: count(demoMailbox.id) })
    .from(customers)
    .leftJoin(demoMailbox, eq(demoMailbox.customerId, customers.id))
    .groupBy(customers.id)
    .orderBy(desc(count(demoMailbox.id)), asc(customers.nameKana))
    .limit(500);
  return rows.map((r) => ({ ...r, received: Number(r.received) }));
}

export interface MailboxEntry {
  id: string;
  channel: NoticeChannel;
  recipient: string;
  subject: string;
  body: string;
  receivedAt: Date;
  /** A letter with its own PDF (an activation password), opened through the demo letter route. */
  hasLetter: boolean;
}

/** What one customer received, newest first, as the receiver filed it. */
export async function listMailbox(db: Queryable, customerId: string): Promise<MailboxEntry[]> {
  return db
    .select({ id: demoMailbox.id, channel: demoMailbox.channel, recipient: demoMailbox.recipient, subject: demoMailbox.subject, body: demoMailbox.body, receivedAt: demoMailbox.receivedAt, hasLetter: sql<boolean>`${demoMailbox.letterEnc} is not null` })
    .from(demoMailbox)
    .where(eq(demoMailbox.customerId, customerId))
    .orderBy(desc(demoMailbox.receivedAt))
    .limit(200);
}

/** The sealed letter of one mailbox entry, or null (no such entry, or a plain notice). */
export async function mailboxLetter(db: Queryable, entryId: string): Promise<string | null> {
  const [row] = await db.select({ letterEnc: demoMailbox.letterEnc }).from(demoMailbox).where(and(eq(demoMailbox.id, entryId), isNotNull(demoMailbox.letterEnc))).limit(1);
  return row?.letterEnc ?? null;
}

export interface StuckNotice {
  id: string;
  kind: string;
  channel: NoticeChannel;
  status: NoticeStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
}

/** Notices waiting on a retry or given up, oldest first — without their recipients. */
export async function listStuckNotices(db: Queryable): Promise<StuckNotice[]> {
  return db
    .select({
      id: customerNotices.id, kind: customerNotices.kind, channel: customerNotices.channel, status: customerNotices.status,
      attempts: customerNotices.attempts, lastError: customerNotices.lastError, createdAt: customerNotices.createdAt, nextAttemptAt: customerNotices.nextAttemptAt,
    })
    .from(customerNotices)
    .where(inArray(customerNotices.status, ["failed", "stuck"]))
    .orderBy(asc(customerNotices.createdAt))
    .limit(200);
}
