import type { KeyObject } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditChain, auditEvents } from "@/db/schema";
import { Col, GENESIS_HASH, computeHashOfText } from "./chain";
import { readCheckpoints, verifyCheckpointSeries, type CheckpointProblem } from "./checkpoint";
import { chainHead } from "./sequencer";
import { streamChain } from "./stream";

export type ChainProblem =
  /** The event's fields (or its seq) do not give the recorded hash: an edited row. */
  | "hash_mismatch"
  /** prev_hash is not the previous row's hash: a row removed, inserted or moved in the chain. */
  | "broken_link"
  /** A sequence number is absent: a chain row deleted. */
  | "missing_sequence"
  /** The chain row names an event that no longer exists: an event deleted. */
  | "missing_event"
  /** Events are not in the sequencer's (xid, id) order: rows reordered. */
  | "out_of_order"
  /** An event sorts before the head but has no chain position: a row inserted behind the sequencer. */
  | "unsealed_behind_head"
  /** A signed checkpoint names a sequence the chain no longer has: the tail was cut. */
  | "checkpoint_beyond_head"
  /** The chain's hash at a checkpointed sequence differs from the signed one: the chain was recomputed. */
  | "checkpoint_mismatch"
  | CheckpointProblem;

export type ChainReport =
  | { ok: true; checked: number; lastSeq: number; lastHash: string; pending: number; checkpoints: number }
  | {
      ok: false;
      checked: number;
      firstBadSeq: number;
      problem: ChainProblem;
      /** For checkpoint problems: which checkpoint file (its number). */
      checkpoint?: number;
      /** checkpoint_mismatch: the change lies between this sequence and firstBadSeq. */
      fromSeq?: number;
    };

export interface VerifyOptions {
  /** Checkpoint directory and the public key they must be signed with; omit to check the chain alone. */
  checkpoints?: { dir: string; publicKey: KeyObject } | null;
  batchSize?: number;
  /** Called after each batch with the number of rows verified so far (a background run's progress). */
  onProgress?: (checked: number) => void | Promise<void>;
}

/** xid8 as decimal text: compare by length, then digits (no leading zeros). */
function xidBefore(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

/**
 * Walks the whole chain in sequence order (streamed, memory flat) and names the first sequence
 * number that does not verify: each row's hash and link, sequence numbers without gaps, every
 * chain row's event present and in (xid, id) order, no event left unsealed behind the head, and
 * every signed checkpoint matching the chain at its sequence and not beyond the head.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<ChainReport> {
  const series = options.checkpoints ? verifyCheckpointSeries(readCheckpoints(options.checkpoints.dir), options.checkpoints.publicKey) : { valid: [], problem: null };
  const signed = new Map(series.valid.map((c) => [c.seq, c]));
  let previousCheckpointSeq = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  // The head so far in (xid, id) order; xid stays decimal text, compared by xidBefore.
  let prevXid: string | null = null;
  let prevId = 0;
  let checked = 0;
  let failure: Extract<ChainReport, { ok: false }> | null = null;
  const fail = (firstBadSeq: number, problem: ChainProblem, extra: Partial<Extract<ChainReport, { ok: false }>> = {}) => {
    failure = { ok: false, checked, firstBadSeq, problem, ...extra };
  };

  walk: for await (const rows of streamChain(db, options.batchSize)) {
    for (const row of rows) {
      const seq = Number(row[Col.Seq]);
      const hash = row[Col.Hash]!;
      const xid = row[Col.Xid]!;
      const id = Number(row[Col.EventId]);
      if (seq !== expectedSeq) fail(expectedSeq, "missing_sequence");
      else if (row[Col.EventId] === null) fail(seq, "missing_event");
      else if (row[Col.PrevHash] !== prevHash) fail(seq, "broken_link");
      else if (computeHashOfText(row) !== hash) fail(seq, "hash_mismatch");
      else if (prevXid !== null && !(xidBefore(prevXid, xid) || (prevXid === xid && prevId < id))) fail(seq, "out_of_order");
      else {
        const checkpoint = signed.get(seq);
        if (checkpoint && checkpoint.hash !== hash) fail(seq, "checkpoint_mismatch", { checkpoint: checkpoint.index, fromSeq: previousCheckpointSeq + 1 });
        if (checkpoint) previousCheckpointSeq = seq;
      }
      if (failure) break walk;
      prevHash = hash;
      prevXid = xid;
      prevId = id;
      expectedSeq++;
      checked++;
    }
    await options.onProgress?.(checked);
  }
  const prev = prevXid === null ? null : { xid: prevXid, id: prevId };
  const lastSeq = expectedSeq - 1;
  if (!failure) {
    const beyond = series.valid.find((c) => c.seq > lastSeq);
    if (beyond) fail(lastSeq + 1, "checkpoint_beyond_head", { checkpoint: beyond.index });
  }
  if (!failure && prev) {
    const behind = await firstUnsealedBehind(db, prev);
    if (behind !== null) fail(behind, "unsealed_behind_head");
  }
  const cp = series.problem;
  const found = failure as Extract<ChainReport, { ok: false }> | null;
  if (cp && (!found || cp.firstBadSeq <= found.firstBadSeq)) return { ok: false, checked: Math.min(checked, cp.firstBadSeq - 1), firstBadSeq: cp.firstBadSeq, problem: cp.kind, checkpoint: cp.index };
  if (found) return found;
  const pending = await pendingCount(db, prev);
  return { ok: true, checked, lastSeq, lastHash: prevHash, pending, checkpoints: series.valid.length };
}

/** Events not yet sealed: those after the head in (xid, id) order. */
async function pendingCount(db: Db, head: { xid: string; id: number } | null): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(head ? sql`(${auditEvents.xid}, ${auditEvents.id}) > (${head.xid}::xid8, ${head.id})` : undefined);
  return Number(row?.n ?? 0);
}

/**
 * The sequencer seals in (xid, id) order, so every event up to the head is in the chain: the count
 * of events up to the head must equal the chain's length. Only when it does not, find the first
 * chain position an unsealed event would have taken.
 */
async function firstUnsealedBehind(db: Db, head: { xid: string; id: number }): Promise<number | null> {
  const upTo = sql`(${auditEvents.xid}, ${auditEvents.id}) <= (${head.xid}::xid8, ${head.id})`;
  const [events] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(upTo);
  const top = await chainHead(db);
  if (Number(events?.n ?? 0) === (top?.seq ?? 0)) return null;
  const [intruder] = await db
    .select({ xid: auditEvents.xid, id: auditEvents.id })
    .from(auditEvents)
    .where(sql`${upTo} and not exists (select 1 from ${auditChain} where ${auditChain.eventId} = ${auditEvents.id})`)
    .orderBy(auditEvents.xid, auditEvents.id)
    .limit(1);
  if (!intruder) return null;
  const [after] = await db
    .select({ seq: sql<number>`min(${auditChain.seq})` })
    .from(auditChain)
    .innerJoin(auditEvents, sql`${auditEvents.id} = ${auditChain.eventId}`)
    .where(sql`(${auditEvents.xid}, ${auditEvents.id}) > (${intruder.xid}::xid8, ${intruder.id})`);
  return Number(after?.seq ?? top?.seq ?? 1);
}
