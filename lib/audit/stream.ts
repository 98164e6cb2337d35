import type { Db } from "@/db/client";
import type { ActorType, AuditChannel, AuditOutcome } from "@/db/schema";
import type { EventFields } from "./chain";

/** One chain row with its event (null fields when the event row is gone). */
export interface ChainRow {
  seq: number;
  eventId: number;
  prevHash: string;
  hash: string;
  /** null: the event this chain row names does not exist. */
  event: (EventFields & { id: number; xid: string }) | null;
}

const COLUMNS = `c.seq, c.event_id, c.prev_hash, c.hash, e.id, e.xid::text as xid,
  (extract(epoch from e.occurred_at) * 1000)::float8 as occurred_ms, e.actor_type, e.actor_id, e.actor_role,
  e.action, e.outcome, e.reason, e.ticket, e.customer_id, e.token_id, e.target_staff_id, e.verification_id,
  e.channel, e.ip, e.user_agent, e.request_id, e.details`;

type Raw = Record<string, unknown>;

function toRow(r: Raw): ChainRow {
  const event =
    r.id === null || r.id === undefined
      ? null
      : {
          id: Number(r.id),
          xid: String(r.xid),
          occurredAt: new Date(Number(r.occurred_ms)),
          actorType: r.actor_type as ActorType,
          actorId: r.actor_id as string | null,
          actorRole: r.actor_role as string | null,
          action: r.action as string,
          outcome: r.outcome as AuditOutcome,
          reason: r.reason as string | null,
          ticket: r.ticket as string | null,
          customerId: r.customer_id as string | null,
          tokenId: r.token_id as string | null,
          targetStaffId: r.target_staff_id as string | null,
          verificationId: r.verification_id as string | null,
          channel: r.channel as AuditChannel,
          ip: r.ip as string | null,
          userAgent: r.user_agent as string | null,
          requestId: r.request_id as string | null,
          details: (typeof r.details === "string" ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
        };
  return { seq: Number(r.seq), eventId: Number(r.event_id), prevHash: r.prev_hash as string, hash: r.hash as string, event };
}

interface PostgresJs {
  unsafe(query: string, params?: unknown[]): { cursor(rows: number): AsyncIterable<Raw[]> };
}
interface PGliteLike {
  query<T>(query: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The chain in sequence order with each row's event, in batches, memory flat: a server-side cursor
 * on PostgreSQL (one snapshot for the whole walk), keyset pages on PGlite (one connection, no
 * concurrent writer while this runs).
 */
export async function* streamChain(db: Db, batchSize = 5000): AsyncGenerator<ChainRow[]> {
  const client = (db as unknown as { $client: PostgresJs | PGliteLike }).$client;
  if ("unsafe" in client) {
    const query = `select ${COLUMNS} from audit_chain c left join audit_events e on e.id = c.event_id order by c.seq`;
    for await (const rows of client.unsafe(query).cursor(batchSize)) yield rows.map(toRow);
    return;
  }
  let after = -1;
  for (;;) {
    const { rows } = await client.query<Raw>(`select ${COLUMNS} from audit_chain c left join audit_events e on e.id = c.event_id where c.seq > $1 order by c.seq limit ${batchSize}`, [after]);
    if (!rows.length) return;
    const batch = rows.map(toRow);
    yield batch;
    after = batch.at(-1)!.seq;
    if (rows.length < batchSize) return;
  }
}
