import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditChain, auditEvents, type AuditEvent } from "@/db/schema";
import { GENESIS_HASH, computeHash } from "./chain";

/**
 * Sealing: giving committed audit events their chain position (seq) and hash, after the fact.
 *
 * Request transactions only INSERT into audit_events; each event carries the id of the
 * transaction that wrote it (`xid`, default pg_current_xact_id()). The sequencer appends to
 * audit_chain, in (xid, id) order, exactly the events whose xid is below the xmin of its own
 * statement snapshot (pg_snapshot_xmin(pg_current_snapshot())). Why that is gap-free and total:
 *
 * 1. Every transaction with xid < xmin had ended (committed or aborted) when the snapshot was
 *    taken, and the snapshot sees everything committed before it. So the events with xid < xmin
 *    that the query sees are all the events with xid < xmin that will ever exist: none can
 *    commit later.
 * 2. A transaction that has no xid yet when the snapshot is taken gets one >= the snapshot's xmax
 *    >= xmin (xids are handed out in increasing order), so it can never fall below this xmin.
 * 3. xmin never decreases between the sequencer's snapshots, and each batch takes the pending
 *    events in (xid, id) order starting after the head. So every event later sealed sorts after
 *    every event already sealed: the chain order is the (xid, id) order of all committed events,
 *    with no gap and nothing inserted behind the head. Verification checks exactly that.
 * 4. The first statement of the sealing transaction (the lock) assigns it no xid, and the
 *    snapshot excludes only our own xid, so the sealing transaction cannot hide itself.
 *
 * A sealing transaction holds a transaction-scoped advisory lock, so two sealers (two portal
 * processes, a CLI) never interleave; audit_chain's primary key (seq) and unique event_id make a
 * double seal fail rather than fork. A long-running transaction anywhere in the cluster holds xmin
 * back and therefore delays sealing (visible as lag), never breaks it.
 */
export const SEAL_LOCK = 7170303;

export interface ChainHead {
  seq: number;
  hash: string;
  eventId: number | null;
  xid: string | null;
}

export interface SealResult {
  sealed: number;
  head: ChainHead | null;
}

/** Inserting the chain rows in slices keeps each statement under the bind-parameter limit. */
const INSERT_SLICE = 2000;

export async function chainHead(db: Pick<Db, "select">): Promise<ChainHead | null> {
  const [head] = await db
    .select({ seq: auditChain.seq, hash: auditChain.hash, eventId: auditChain.eventId, xid: auditEvents.xid })
    .from(auditChain)
    .leftJoin(auditEvents, eq(auditEvents.id, auditChain.eventId))
    .orderBy(desc(auditChain.seq))
    .limit(1);
  return head ?? null;
}

/** Seals up to `limit` pending events in one transaction; returns how many and the new head. */
export async function sealPending(db: Db, limit = 10_000, now: () => Date = () => new Date()): Promise<SealResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`);
    const head = await chainHead(tx);
    if (head && head.xid === null) throw new Error(`audit chain head (sequence ${head.seq}) points at a missing event; run npm run audit:verify`);
    const pending: AuditEvent[] = await tx
      .select()
      .from(auditEvents)
      .where(
        and(
          head ? sql`(${auditEvents.xid}, ${auditEvents.id}) > (${head.xid}::xid8, ${head.eventId})` : undefined,
          sql`${auditEvents.xid} < pg_snapshot_xmin(pg_current_snapshot())`,
        ),
      )
      .orderBy(asc(auditEvents.xid), asc(auditEvents.id))
      .limit(limit);
    if (!pending.length) return { sealed: 0, head };
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const sealedAt = now();
    const rows = pending.map((event) => {
      seq += 1;
      const hash = computeHash({ ...event, seq, prevHash });
      const row = { seq, eventId: event.id, prevHash, hash, sealedAt };
      prevHash = hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += INSERT_SLICE) await tx.insert(auditChain).values(rows.slice(i, i + INSERT_SLICE));
    const last = pending.at(-1)!;
    return { sealed: rows.length, head: { seq, hash: prevHash, eventId: last.id, xid: last.xid } };
  });
}

/** Seals until nothing sealable is left (events of still-running transactions stay pending). */
export async function sealAll(db: Db, batch = 10_000): Promise<SealResult> {
  let total = 0;
  for (;;) {
    const result = await sealPending(db, batch);
    total += result.sealed;
    if (result.sealed < batch) return { sealed: total, head: result.head };
  }
}

export interface SealingLag {
  /** Committed events that have no chain position yet. */
  unsealed: number;
  /** occurred_at of the oldest of them. */
  oldestUnsealedAt: Date | null;
  /** How long ago that was (ms), 0 when nothing is pending. */
  oldestUnsealedAgeMs: number;
  headSeq: number;
}

/** How far sealing is behind: one index range scan past the head's (xid, id). */
export async function sealingLag(db: Db): Promise<SealingLag> {
  const head = await chainHead(db);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${auditEvents.occurredAt})`.mapWith(auditEvents.occurredAt) })
    .from(auditEvents)
    .where(head?.xid ? sql`(${auditEvents.xid}, ${auditEvents.id}) > (${head.xid}::xid8, ${head.eventId})` : undefined);
  const oldest = row?.oldest ?? null;
  return { unsealed: Number(row?.n ?? 0), oldestUnsealedAt: oldest, oldestUnsealedAgeMs: oldest ? Math.max(0, Date.now() - oldest.getTime()) : 0, headSeq: head?.seq ?? 0 };
}
