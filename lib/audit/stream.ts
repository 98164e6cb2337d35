import type { Db } from "@/db/client";
import type { ActorType, AuditChannel, AuditOutcome } from "@/db/schema";
import type { HashedFields } from "./chain";

/** One chain row with its event (null when the event row is gone). */
export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  /** Ready to hash: the event's fields with this row's seq and prev_hash. */
  event: (HashedFields & { id: number; xid: string }) | null;
}

/** Column order matters: rows are read by position. */
const COLUMNS = `c.seq, c.prev_hash, c.hash, e.id, e.xid::text,
  round(extract(epoch from e.occurred_at) * 1000)::bigint, e.actor_type, e.actor_id, e.actor_role,
  e.action, e.outcome, e.reason, e.ticket, e.customer_id, e.token_id, e.target_staff_id, e.verification_id,
  e.channel, e.ip, e.user_agent, e.request_id, e.details`;
const FROM = "from audit_chain c left join audit_events e on e.id = c.event_id";
/** The same columns, details as its JSON text, for drivers that would otherwise parse them. */
const COLUMNS_TEXT = COLUMNS.replace("e.details", "e.details::text as details");

type Field = string | null;

function toRow(f: Field[]): ChainRow {
  const seq = Number(f[0]);
  const event =
    f[3] === null
      ? null
      : {
          id: Number(f[3]),
          xid: f[4]!,
          occurredAt: new Date(Number(f[5])),
          actorType: f[6] as ActorType,
          actorId: f[7]!,
          actorRole: f[8]!,
          action: f[9]!,
          outcome: f[10] as AuditOutcome,
          reason: f[11]!,
          ticket: f[12]!,
          customerId: f[13]!,
          tokenId: f[14]!,
          targetStaffId: f[15]!,
          verificationId: f[16]!,
          channel: f[17] as AuditChannel,
          ip: f[18]!,
          userAgent: f[19]!,
          requestId: f[20]!,
          details: JSON.parse(f[21]!) as Record<string, unknown>,
          seq,
          prevHash: f[1]!,
        };
  return { seq, prevHash: f[1]!, hash: f[2]!, event };
}

interface PostgresJs {
  unsafe(query: string): { cursor(rows: number): AsyncIterable<Array<Record<string, unknown>>> };
}
interface PGliteLike {
  query<T>(query: string, params?: unknown[], options?: { rowMode: "array" }): Promise<{ rows: T[] }>;
}

/**
 * The chain in sequence order with each row's event, in batches, memory flat: a cursor on
 * PostgreSQL, keyset pages by seq on PGlite (one connection; the chain is append-only, so pages
 * read at different moments still join up).
 */
export async function* streamChain(db: Db, batchSize = 5000): AsyncGenerator<ChainRow[]> {
  const client = (db as unknown as { $client: PostgresJs | PGliteLike }).$client;
  if ("unsafe" in client) {
    // A server-side cursor: one statement, one snapshot, memory flat. (COPY … TO STDOUT reads
    // several times faster, but postgres.js can leave a COPY's connection paused for good.)
    const query = `select ${COLUMNS_TEXT} ${FROM} order by c.seq`;
    for await (const rows of client.unsafe(query).cursor(batchSize)) yield rows.map((r) => toRow(Object.values(r).map((v) => (v === null || v === undefined ? null : String(v)))));
    return;
  }
  let after = -1;
  for (;;) {
    const { rows } = await client.query<unknown[]>(`select ${COLUMNS_TEXT} ${FROM} where c.seq > $1 order by c.seq limit ${batchSize}`, [after], { rowMode: "array" });
    if (!rows.length) return;
    const batch = rows.map((r) => toRow(r.map((v) => (v === null || v === undefined ? null : String(v)))));
    yield batch;
    after = batch.at(-1)!.seq;
    if (rows.length < batchSize) return;
  }
}
