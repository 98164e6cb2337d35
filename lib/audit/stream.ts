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

/** Column order matters: the COPY parser reads fields by position. */
const COLUMNS = `c.seq, c.prev_hash, c.hash, e.id, e.xid::text,
  round(extract(epoch from e.occurred_at) * 1000)::bigint, e.actor_type, e.actor_id, e.actor_role,
  e.action, e.outcome, e.reason, e.ticket, e.customer_id, e.token_id, e.target_staff_id, e.verification_id,
  e.channel, e.ip, e.user_agent, e.request_id, e.details`;
const FROM = "from audit_chain c left join audit_events e on e.id = c.event_id";

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

const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

/** One field of COPY's text format: \N is NULL; backslash escapes (named or octal) otherwise. */
function copyField(text: string): Field {
  if (text === "\\N") return null;
  if (!text.includes("\\")) return text;
  return text.replace(/\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) =>
    e.length > 1 || /[0-7]/.test(e) ? String.fromCharCode(e[0] === "x" ? parseInt(e.slice(1), 16) : parseInt(e, 8)) : (ESCAPES[e] ?? e),
  );
}

interface PostgresJs {
  unsafe(query: string): { readable(): Promise<AsyncIterable<Buffer>> };
}
interface PGliteLike {
  query<T>(query: string, params?: unknown[], options?: { rowMode: "array" }): Promise<{ rows: T[] }>;
}

/**
 * The chain in sequence order with each row's event, in batches, memory flat (one page at a time):
 * keyset pages by seq — COPY on PostgreSQL, queries on PGlite. The chain is append-only, so pages
 * read at different moments still join up.
 */
export async function* streamChain(db: Db, batchSize = 5000): AsyncGenerator<ChainRow[]> {
  const client = (db as unknown as { $client: PostgresJs | PGliteLike }).$client;
  if ("unsafe" in client) {
    // Pages of COPY … TO STDOUT by seq, each read to the end before it is parsed: COPY's text format
    // is several times cheaper to read than row-by-row protocol parsing; a page is read whole, so a
    // caller that stops early never leaves a COPY half-read.
    const page = Math.max(batchSize, 20_000);
    let after = 0;
    for (;;) {
      const stream = await client.unsafe(`copy (select ${COLUMNS} ${FROM} where c.seq > ${after} order by c.seq limit ${page}) to stdout`).readable();
      // Flowing mode, never paused: postgres.js pauses its socket when a COPY stream's buffer is full
      // and, if that happens on the last chunk, never resumes it (the connection then hangs).
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        (stream as unknown as NodeJS.ReadableStream).on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", resolve).on("error", reject);
      });
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text) return;
      const lines = text.split("\n");
      lines.pop();
      const rows = lines.map((line) => toRow(line.split("\t").map(copyField)));
      for (let i = 0; i < rows.length; i += batchSize) yield rows.slice(i, i + batchSize);
      if (rows.length < page) return;
      after = rows.at(-1)!.seq;
    }
  }
  let after = -1;
  for (;;) {
    const { rows } = await client.query<unknown[]>(`select ${COLUMNS}, e.details::text ${FROM} where c.seq > $1 order by c.seq limit ${batchSize}`, [after], { rowMode: "array" });
    if (!rows.length) return;
    const batch = rows.map((r) => toRow([...r.slice(0, 21).map((v) => (v === null || v === undefined ? null : String(v))), (r[22] as string | null) ?? null]));
    yield batch;
    after = batch.at(-1)!.seq;
    if (rows.length < batchSize) return;
  }
}
