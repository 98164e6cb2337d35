import { getDb } from "@/db/client";
import { isDemoMode } from "@/lib/config/env";
import { listMailbox, listMailboxCustomers, listStuckNotices, type MailboxEntry, type StuckNotice } from "./mailbox";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DemoMailboxView {
  customers: Array<{ id: string; name: string; received: number }>;
  selected: { id: string; name: string } | null;
  entries: MailboxEntry[];
}

/** The demo mailbox page's data; null outside demo mode (the page answers 404). */
export async function readDemoMailbox(customerParam: string | undefined): Promise<DemoMailboxView | null> {
  if (!isDemoMode()) return null;
  const db = await getDb();
  const customers = await listMailboxCustomers(db);
  const selected = customerParam && UUID.test(customerParam) ? (customers.find((c) => c.id === customerParam) ?? null) : null;
  return {
    customers: customers.map(({ id, name, received }) => ({ id, name, received })),
    selected: selected ? { id: selected.id, name: selected.name } : null,
    entries: selected ? await listMailbox(db, selected.id) : [],
  };
}

/** Stuck and retrying notices with their age in minutes, measured once when the page is read. */
export async function readStuckNotices(): Promise<Array<StuckNotice & { ageMinutes: number }>> {
  const notices = await listStuckNotices(await getDb());
  const now = Date.now();
  return notices.map((n) => ({ ...n, ageMinutes: Math.max(0, Math.floor((now - n.createdAt.getTime()) / 60_000)) }));
}
