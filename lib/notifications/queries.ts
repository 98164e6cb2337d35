import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { openLetter } from "@/lib/letters/sealed";
import { uuidField } from "@/lib/validation/identifiers";
import { listMailbox, listMailboxCustomers, listStuckNotices, mailboxLetter, type MailboxEntry, type StuckNotice } from "./mailbox";

export interface DemoMailboxView {
  customers: Array<{ id: string; name: string; received: number }>;
  selected: { id: string; name: string } | null;
  entries: MailboxEntry[];
}

/**
 * Demo mode only (the page answers 404 otherwise): the customers a mailbox can be opened for and,
 * when one of them is chosen, what they received. A malformed customer id chooses no one, as an
 * unknown one does. Not audited, like the letters: it holds the demo customers' mail only.
 */
export const demoMailboxQuery = defineQuery({
  name: "demo.mailbox",
  permission: "demo.mailbox_read",
  input: z.strictObject({ customerId: uuidField.optional().catch(undefined) }),
  async run({ db }, input): Promise<DemoMailboxView> {
    const customers = await listMailboxCustomers(db);
    const selected = customers.find((c) => c.id === input.customerId) ?? null;
    return {
      customers: customers.map(({ id, name, received }) => ({ id, name, received })),
      selected: selected ? { id: selected.id, name: selected.name } : null,
      entries: selected ? await listMailbox(db, selected.id) : [],
    };
  },
});

/**
 * Demo mode only (the route answers 404 otherwise): one letter of the demo mailbox, opened from its
 * sealed facts as the customer would read it; null when the entry holds no letter. The mailbox
 * page's gate, and like the page not audited: it holds the demo customers' mail only.
 */
export const demoMailboxLetterQuery = defineQuery({
  name: "demo.mailbox_letter",
  permission: "demo.mailbox_read",
  input: z.strictObject({ entryId: uuidField }),
  async run({ db }, input) {
    const envelope = await mailboxLetter(db, input.entryId);
    return envelope ? openLetter(envelope) : null;
  },
});

/**
 * The supervisors' list of notices waiting on a retry or given up, with their age in whole minutes
 * at the time of the read. It names no customer and no recipient, so a look is not audited.
 */
export const stuckNoticesQuery = defineQuery({
  name: "notice.stuck",
  permission: "notice.read_stuck",
  input: z.object({}),
  async run({ db, now }): Promise<Array<StuckNotice & { ageMinutes: number }>> {
    const notices = await listStuckNotices(db);
    return notices.map((n) => ({ ...n, ageMinutes: Math.max(0, Math.floor((now.getTime() - n.createdAt.getTime()) / 60_000)) }));
  },
});
