import { sql } from "drizzle-orm";
import { ownConnectionOf, type Db } from "@/db/client";
import { copyOutBatches } from "@/lib/server/copy-out";
import { readAhead } from "@/lib/server/read-ahead";
import type { TextRow } from "./chain";

/**
 * The columns in chain.ts's Col order, as text where the driver would otherwise parse them
 * (details as its JSON text, the time as epoch milliseconds): verification hashes the text
 * directly instead of building an event object per row.
 */
const COLUMNS = `c.seq, c.prev_hash, c.hash, e.id, e.xid::text, round(extract(epoch from e.occurred_at) * 1000)::bigint,
  e.action, e.actor_id, e.actor_role, e.actor_type, e.channel, e.customer_id, e.details::text, e.ip, e.outcome, e.reason,
  e.request_id, e.target_staff_id, e.ticket, e.token_id, e.user_agent, e.verification_id`;
const FROM = "from audit_chain c left join audit_events e on e.id = c.event_id";

interface PGliteLike {
  query<T>(query: string, params?: unknown[], options?: { rowMode: "array" }): Promise<{ rows: T[] }>;
}

const asText = (r: unknown[]): TextRow => r.map((v) => (v === null || v === undefined ? null : String(v)));

/**
 * The chain in sequence order with each row's event columns (null when the event row is gone),
 * in batches, memory flat: one COPY on PostgreSQL (one statement, one snapshot, read on a
 * connection of its own while the previous batch is hashed), keyset pages by seq on PGlite (one
 * connection; the chain is append-only, so pages read at different moments still join up).
 */
export async function* streamChain(db: Db, batchSize = 10_000): AsyncGenerator<TextRow[]> {
  const open = ownConnectionOf(db);
  if (open) {
    // Every column is text or NULL in COPY's output, as the hashing wants it.
    yield* readAhead(copyOutBatches(open, sql.raw(`select ${COLUMNS} ${FROM} order by c.seq`), batchSize));
    return;
  }
  const client = (db as unknown as { $client: PGliteLike }).$client;
  let after = -1;
  for (;;) {
    const { rows } = await client.query<unknown[]>(`select ${COLUMNS} ${FROM} where c.seq > $1 order by c.seq limit ${batchSize}`, [after], { rowMode: "array" });
    if (!rows.length) return;
    const batch = rows.map(asText);
    yield batch;
    after = Number(batch.at(-1)![0]);
    if (rows.length < batchSize) return;
  }
}
