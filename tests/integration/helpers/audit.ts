import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditChain, auditEvents, type AuditChainRow, type AuditEvent } from "@/db/schema";
import { sealAll, sealingLag } from "@/lib/audit/sequencer";
import { verifyAuditChain, type ChainReport } from "@/lib/audit/verify";

export type SealedEvent = AuditEvent & Pick<AuditChainRow, "seq" | "prevHash" | "hash">;

/**
 * Seals everything pending, as the server's sequencer would. On a PostgreSQL server shared with
 * other work, a transaction open in another database holds the cluster's xmin back and so delays
 * sealing (never breaks it): wait for it, as the sequencer does.
 */
export async function sealEverything(db: Db, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sealAll(db);
    if ((await sealingLag(db)).unsealed === 0) return;
    if (Date.now() > deadline) throw new Error("events stayed unsealed: a long transaction holds the database server's xmin back");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Seals everything pending, then returns the chain in order. */
export async function sealedChain(db: Db): Promise<SealedEvent[]> {
  await sealEverything(db);
  const rows = await db.select({ event: auditEvents, chain: auditChain }).from(auditChain).innerJoin(auditEvents, eq(auditEvents.id, auditChain.eventId)).orderBy(asc(auditChain.seq));
  return rows.map(({ event, chain }) => ({ ...event, seq: chain.seq, prevHash: chain.prevHash, hash: chain.hash }));
}

/** Runs statements as a database superuser would: with every trigger on both audit tables off. */
export async function asSuperuser(raw: (query: string) => Promise<unknown>, statements: string[]): Promise<void> {
  await raw("alter table audit_events disable trigger all");
  await raw("alter table audit_chain disable trigger all");
  try {
    for (const statement of statements) await raw(statement);
  } finally {
    await raw("alter table audit_events enable trigger all");
    await raw("alter table audit_chain enable trigger all");
  }
}

/** What `npm run audit:verify` does: seal what is pending, then walk the chain. */
export async function sealAndVerify(db: Db): Promise<ChainReport> {
  await sealEverything(db);
  return verifyAuditChain(db);
}
