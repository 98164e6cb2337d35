import { sql, type SQL } from "drizzle-orm";
import { ownConnectionOf, type Queryable } from "@/db/client";
import { CSV_BOM, csvLines } from "@/lib/csv";
import type { Translate } from "@/lib/i18n/translate";
import { copyOutBatches } from "@/lib/server/copy-out";
import { detailFields } from "./details";
import { pageSql, selectRows, type Cursor, type ExplorerColumn } from "./explorer";
import { maskAuditDetails, maskIp } from "./redact";

/** Rows per batch: large enough to amortise a round trip, small enough to keep memory flat. */
export const EXPORT_BATCH = 5_000;

/**
 * The export asks the database for each chosen column as text, already in words where SQL can
 * say them: the JST time formatted, names and identifiers joined in, the channel as the explorer
 * names it. What stays in JavaScript is what has one definition there — masking the details and
 * the memo, masking the address, translating keys into the reader's language — so an exported
 * cell says exactly what the explorer's grid says.
 */
type Join = "actor" | "customer" | "token" | "target";
const JOINS: Record<Join, SQL> = {
  actor: sql`left join staff xs on e.actor_type = 'staff' and xs.id::text = e.actor_id left join api_clients xa on e.actor_type = 'api_client' and xa.id::text = e.actor_id`,
  customer: sql`left join customers xc on xc.id = e.customer_id`,
  token: sql`left join tokens xt on xt.id = e.token_id`,
  target: sql`left join staff xg on xg.id = e.target_staff_id`,
};

const FIELDS = {
  id: { select: sql`e.id::text` },
  // Japan keeps no daylight saving: JST is UTC + 9 hours, as formatJstSeconds writes it.
  jst: { select: sql`to_char((e.occurred_at at time zone 'UTC') + interval '9 hours', 'YYYY/MM/DD HH24:MI:SS')` },
  actorType: { select: sql`e.actor_type::text` },
  // A system actor's id is its job's name; anyone else is named only if they are known.
  actorName: { select: sql`case e.actor_type when 'staff' then xs.display_name when 'api_client' then xa.name when 'system' then e.actor_id end`, join: "actor" },
  role: { select: sql`e.actor_role` },
  action: { select: sql`e.action` },
  outcome: { select: sql`e.outcome::text` },
  contract: { select: sql`xc.contract_id`, join: "customer" },
  serial: { select: sql`xt.serial`, join: "token" },
  target: { select: sql`xg.login_id`, join: "target" },
  channel: { select: sql`case when e.actor_type = 'system' then 'system' when e.channel = 'web' then 'desk' else e.channel::text end` },
  reason: { select: sql`e.reason` },
  details: { select: sql`e.details::text` },
  ip: { select: sql`e.ip` },
  requestId: { select: sql`e.request_id` },
  /** The keyset position, for reading in pages where no COPY is available. */
  atMs: { select: sql`(extract(epoch from e.occurred_at) * 1000)::bigint::text` },
} satisfies Record<string, { select: SQL; join?: Join }>;
type Field = keyof typeof FIELDS;
const joinOf = (field: Field): Join | undefined => (FIELDS[field] as { join?: Join }).join;

const COLUMN_FIELDS: Record<ExplorerColumn, Field[]> = {
  id: ["id"],
  seq: ["id"],
  occurredAt: ["jst"],
  actor: ["actorType", "actorName"],
  role: ["role"],
  action: ["action"],
  outcome: ["outcome"],
  customer: ["contract"],
  token: ["serial"],
  target: ["target"],
  channel: ["channel"],
  reason: ["reason"],
  memo: ["details"],
  ip: ["ip"],
  requestId: ["requestId"],
  details: ["details"],
};

type Values = Array<string | null>;
export type Cell = string | number | null;

/** What the export of some columns reads: its fields in order, where each one is, the joins. */
export class ExportShape {
  readonly fields: Field[];
  private readonly at: Record<string, number>;

  /** `paged`: the rows are read in keyset pages, which need each row's position. */
  constructor(
    readonly columns: readonly ExplorerColumn[],
    paged: boolean,
  ) {
    this.fields = [...new Set<Field>(["id", ...columns.flatMap((c) => COLUMN_FIELDS[c]), ...(paged ? (["atMs"] as const) : [])])];
    this.at = Object.fromEntries(this.fields.map((f, i) => [f, i]));
  }

  /** The statement, in the grid's order; with `page`, one keyset page of it. */
  statement(where: SQL, sort: "asc" | "desc", page?: { after: Cursor | null; limit: number }): SQL {
    const joins = [...new Set(this.fields.map(joinOf).filter((j): j is Join => !!j))];
    const columns = sql.join(
      this.fields.map((f, i) => sql`${FIELDS[f].select} as ${sql.raw(`f${i}`)}`),
      sql`, `,
    );
    const from = sql`audit_events e ${sql.join(
      joins.map((j) => JOINS[j]),
      sql` `,
    )}`;
    return pageSql(where, { sort, ...(page ?? {}) }, { columns, from });
  }

  value(row: Values, field: Field): string | null {
    return row[this.at[field]!] ?? null;
  }

  cursorOf(row: Values): Cursor {
    return { at: Number(this.value(row, "atMs")), id: Number(this.value(row, "id")) };
  }

  /**
   * A row's cells as the explorer shows them, by a function built once per export: a label is
   * looked up once per key (an export asks for the same few thousand times over).
   */
  cells(t: Translate): (row: Values, seqs: Map<string, string>) => Cell[] {
    const cache = new Map<string, string | null>();
    const label = (key: string, fallback: string | null) => {
      let text = cache.get(key);
      if (text === undefined) {
        const found = t(key as Parameters<Translate>[0]);
        text = found === key ? fallback : found;
        cache.set(key, text);
      }
      return text;
    };
    const wantsDetails = this.columns.includes("details") || this.columns.includes("memo");
    const get = (row: Values, field: Field) => this.value(row, field);
    return (row, seqs) => {
      let memo: string | null = null;
      let details: string | null = null;
      if (wantsDetails) {
        const text = get(row, "details");
        const { memo: m, ...rest } = maskAuditDetails(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        memo = typeof m === "string" ? m : null;
        details = detailFields(rest).map((f) => `${f.path}=${f.value}`).join("; ") || null;
      }
      return this.columns.map((column): Cell => {
        switch (column) {
          case "id":
            return Number(get(row, "id"));
          case "seq": {
            const seq = seqs.get(get(row, "id")!);
            return seq === undefined ? null : Number(seq);
          }
          case "occurredAt":
            return get(row, "jst");
          case "actor": {
            const type = get(row, "actorType")!;
            const name = get(row, "actorName");
            return type === "staff" ? name : [label(`audit.actorTypes.${type}`, type), name].filter(Boolean).join(" ");
          }
          case "role": {
            const role = get(row, "role");
            return role ? label(`roles.${role}`, role) : null;
          }
          case "action":
            return label(`actions.${get(row, "action")}`, get(row, "action"));
          case "outcome":
            return label(`audit.outcomes.${get(row, "outcome")}`, get(row, "outcome"));
          case "channel":
            return label(`auditExplorer.channels.${get(row, "channel")}`, get(row, "channel"));
          case "customer":
            return get(row, "contract");
          case "token":
            return get(row, "serial");
          case "target":
            return get(row, "target");
          case "reason":
            return get(row, "reason");
          case "memo":
            return memo;
          case "details":
            return details;
          case "ip": {
            const ip = get(row, "ip");
            return ip ? maskIp(ip) : null;
          }
          case "requestId":
            return get(row, "requestId");
        }
      });
    };
  }
}

/**
 * The filter's rows in batches, memory flat. On PostgreSQL one statement read with COPY on a
 * connection of its own (one plan, one snapshot); on PGlite, which has one connection and no COPY
 * to a client, and inside a transaction, keyset pages of it.
 */
export async function* exportRows(db: Queryable, where: SQL, shape: ExportShape, sort: "asc" | "desc", batchSize = EXPORT_BATCH): AsyncGenerator<Values[]> {
  const open = ownConnectionOf(db);
  if (open) {
    yield* copyOutBatches(open, shape.statement(where, sort), batchSize);
    return;
  }
  let after: Cursor | null = null;
  for (;;) {
    const rows: Array<Record<string, string | null>> = await selectRows(db, shape.statement(where, sort, { after, limit: batchSize }));
    if (!rows.length) return;
    const values: Values[] = rows.map((r) => shape.fields.map((_, i) => r[`f${i}`] ?? null));
    yield values;
    if (rows.length < batchSize) return;
    after = shape.cursorOf(values.at(-1)!);
  }
}

/**
 * The chain positions of a batch's events, in one indexed read: events of one batch were written
 * close together, so their ids usually span a short range; a sparse filter asks for the ids.
 */
async function sealsOf(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const numbers = ids.map(Number);
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  const range = high - low < 4 * ids.length ? sql`event_id between ${low} and ${high}` : sql`event_id = any(${`{${numbers.join(",")}}`}::bigint[])`;
  const rows = await selectRows<{ event_id: string | number; seq: string | number }>(db, sql`select event_id, seq from audit_chain where ${range}`);
  return new Map(rows.map((r) => [String(r.event_id), String(r.seq)]));
}

/** The filter's rows as cells, batch by batch. */
export async function* exportCells(db: Queryable, where: SQL, options: { sort: "asc" | "desc"; columns: readonly ExplorerColumn[]; t: Translate; batchSize?: number }): AsyncGenerator<Cell[][]> {
  const shape = new ExportShape(options.columns, !ownConnectionOf(db));
  const cells = shape.cells(options.t);
  const sealed = options.columns.includes("seq");
  const none = new Map<string, string>();
  for await (const rows of exportRows(db, where, shape, options.sort, options.batchSize)) {
    const seqs = sealed ? await sealsOf(db, rows.map((r) => shape.value(r, "id")!)) : none;
    yield rows.map((r) => cells(r, seqs));
  }
}

export function columnHeader(column: ExplorerColumn, t: Translate): string {
  return t(`auditExplorer.columns.${column}`);
}

/**
 * The export as bytes: CSV (UTF-8 with a BOM so spreadsheet software reads Japanese; formula
 * cells neutralised) or JSON Lines, one batch at a time. Stopping the stream (the browser
 * cancelled) stops the reads.
 */
export function exportStream(db: Queryable, where: SQL, options: { sort: "asc" | "desc"; columns: ExplorerColumn[]; format: "csv" | "jsonl"; t: Translate; batchSize?: number }): ReadableStream<Uint8Array> {
  const { columns, format, t } = options;
  const encoder = new TextEncoder();
  const batches = exportCells(db, where, options);
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (first && format === "csv") controller.enqueue(encoder.encode(CSV_BOM + csvLines([columns.map((c) => columnHeader(c, t))])));
        first = false;
        const { value: rows, done } = await batches.next();
        if (done) return controller.close();
        if (format === "csv") {
          controller.enqueue(encoder.encode(csvLines(rows)));
        } else {
          const lines = rows.map((values) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i]]))));
          controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
        }
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
