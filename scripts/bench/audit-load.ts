import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appendAuditEvent, type AuditContext, type AuditInput } from "@/lib/audit/append";
import { canonicalJson } from "@/lib/audit/canonical";

/** Tables the baselines write to. The floor's is audit_events' twin: same columns, defaults and indexes. */
export const BENCH_TABLES_SQL = [
  `create table if not exists bench_plain_events (like audit_events including all)`,
  `create table if not exists bench_locked_events (seq bigint primary key, occurred_at timestamptz(3) not null, actor_type text not null,
     actor_id text, action text not null, outcome text not null, channel text not null, request_id text, details jsonb not null,
     prev_hash text not null, hash text not null)`,
];

const input = (n: number): AuditInput => ({ actor: { type: "api_client", id: "bench", role: "api_client" }, action: "token_service.verify", outcome: "success", details: { n, result: "accepted", serviceId: "10112890" } });
const context: AuditContext = { channel: "api", requestId: "bench" };

export type Append = (db: Db, n: number) => Promise<void>;

/** (a) The floor: one plain INSERT of an event row per transaction, nothing else. */
export const plainInsert: Append = (db, n) =>
  db.transaction(async (tx) => {
    const i = input(n);
    await tx.execute(sql`insert into bench_plain_events (occurred_at, actor_type, actor_id, actor_role, action, outcome, channel, request_id, details)
      values (${new Date().toISOString()}, ${i.actor.type}, ${i.actor.id}, ${i.actor.role}, ${i.action}, ${i.outcome}, ${context.channel}, ${context.requestId}, ${JSON.stringify(i.details)}::jsonb)`);
  });

/**
 * (b) The previous algorithm, kept here as the baseline: a global advisory lock held until commit,
 * read the last hash, hash, insert — every audited transaction in the system runs one at a time.
 */
export const lockedChainAppend: Append = (db, n) =>
  db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7170302)`);
    const result = (await tx.execute(sql`select seq, hash from bench_locked_events order by seq desc limit 1`)) as unknown as Array<{ seq: string; hash: string }>;
    const last = result[0];
    const i = input(n);
    const row = { seq: Number(last?.seq ?? 0) + 1, occurredAt: new Date(), actorType: i.actor.type, actorId: i.actor.id, action: i.action, outcome: i.outcome, channel: context.channel, requestId: context.requestId, details: i.details, prevHash: last?.hash ?? "0".repeat(64) };
    const hash = createHash("sha256").update(row.prevHash).update(canonicalJson(row)).digest("hex");
    await tx.execute(sql`insert into bench_locked_events (seq, occurred_at, actor_type, actor_id, action, outcome, channel, request_id, details, prev_hash, hash)
      values (${row.seq}, ${row.occurredAt.toISOString()}, ${row.actorType}, ${row.actorId}, ${row.action}, ${row.outcome}, ${row.channel}, ${row.requestId}, ${JSON.stringify(row.details)}::jsonb, ${row.prevHash}, ${hash})`);
  });

/** (c) The new append: the application's own appendAuditEvent, in its own transaction. */
export const sequencedAppend: Append = (db, n) =>
  db.transaction(async (tx) => {
    await appendAuditEvent(tx, input(n), context, new Date());
  });

export interface LoadResult {
  transactions: number;
  seconds: number;
  perSecond: number;
  p95ms: number;
}

/** `clients` concurrent loops running `append` back to back for `seconds`. */
export async function runLoad(db: Db, append: Append, clients: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await append(db, n++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { transactions: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p95ms: latencies[Math.floor(latencies.length * 0.95)] ?? 0 };
}

/**
 * Fills audit_events with `count` events in one statement (the bench's bulk path); the real
 * sequencer then seals them, computing the real hashes.
 */
export async function bulkEvents(db: Db, count: number): Promise<void> {
  await db.execute(sql`insert into audit_events (occurred_at, actor_type, actor_id, actor_role, action, outcome, channel, request_id, details)
    select now() - make_interval(secs => ${count} - g), 'api_client', 'bench', 'api_client', 'token_service.verify', 'success', 'api', 'bench-' || g,
           jsonb_build_object('n', g, 'result', 'accepted', 'serviceId', '10112890', 'userId', lpad(g::text, 12, '0'))
    from generate_series(1, ${count}) g`);
}
