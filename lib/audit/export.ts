import { sql, type SQL } from "drizzle-orm";
import { getDb, ownConnectionOf, type Queryable } from "@/db/client";
import { CSV_BOM, csvLines } from "@/lib/csv";
import type { Translate } from "@/lib/i18n/translate";
import { copyOutBatches } from "@/lib/server/copy-out";
import { readAhead } from "@/lib/server/read-ahead";
import { detailText } from "./details";
import type { ExportStart } from "./explorer-queries";
import { NameBook, pageSql, selectRows, type Cursor, type ExplorerColumn } from "./explorer";
import { maskAuditDetails, maskIp } from "./redact";

/** Rows per batch: large enough to amortise a round trip, small enough to keep memory flat. */
export const EXPORT_BATCH = 5_000;

/**
 * The export asks the database for each chosen column as text, the JST time already formatted
 * and the channel as the explorer names it, in one statement over audit_events alone: joined to
 * the name tables, the planner sorts a month of events on disk before the first row leaves,
 * where alone it walks the time index and streams at once. Names come from a NameBook per batch,
 * as on the grid. What stays in JavaScript is what has one definition there — masking the
 * details, the memo and the address, translating keys into the reader's language — so an
 * exported cell says exactly what the explorer's grid says.
 */
const FIELDS = {
  id: sql`e.id::text`,
  // Japan keeps no daylight saving: JST is UTC + 9 hours, as formatJstSeconds writes it.
  jst: sql`to_char((e.occurred_at at time zone 'UTC') + interval '9 hours', 'YYYY/MM/DD HH24:MI:SS')`,
  actorType: sql`e.actor_type::text`,
  actorId: sql`e.actor_id`,
  role: sql`e.actor_role`,
  action: sql`e.action`,
  outcome: sql`e.outcome::text`,
  customerId: sql`e.customer_id::text`,
  tokenId: sql`e.token_id::text`,
  targetId: sql`e.target_staff_id::text`,
  channel: sql`case when e.actor_type = 'system' then 'system' when e.channel = 'web' then 'desk' else e.channel::text end`,
  reason: sql`e.reason`,
  details: sql`e.details::text`,
  ip: sql`e.ip`,
  requestId: sql`e.request_id`,
  /** The keyset position, for reading in pages where no COPY is available. */
  atMs: sql`(extract(epoch from e.occurred_at) * 1000)::bigint::text`,
} satisfies Record<string, SQL>;
type Field = keyof typeof FIELDS;

const COLUMN_FIELDS: Record<ExplorerColumn, Field[]> = {
  id: ["id"],
  seq: ["id"],
  occurredAt: ["jst"],
  actor: ["actorType", "actorId"],
  role: ["role"],
  action: ["action"],
  outcome: ["outcome"],
  customer: ["customerId"],
  token: ["tokenId"],
  target: ["targetId"],
  channel: ["channel"],
  reason: ["reason"],
  memo: ["details"],
  ip: ["ip"],
  requestId: ["requestId"],
  details: ["details"],
};

type Values = Array<string | null>;
/** A batch's names and chain positions. */
interface BatchNames {
  seqs: Map<string, string>;
  book: NameBook;
}
export type Cell = string | number | null;

/** What the export of some columns reads: its fields in order and where each one is in a row. */
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
    const columns = sql.join(
      this.fields.map((f, i) => sql`${FIELDS[f]} as ${sql.raw(`f${i}`)}`),
      sql`, `,
    );
    return pageSql(where, { sort, ...(page ?? {}) }, { columns, from: sql`audit_events e` });
  }

  /** The ids a batch needs names for, in the shape the NameBook reads. */
  idsOf(rows: Values[]) {
    const at = (f: Field) => this.at[f] ?? -1;
    const [type, actor, customer, token, target] = [at("actorType"), at("actorId"), at("customerId"), at("tokenId"), at("targetId")];
    return rows.map((r) => ({ actor_type: r[type] ?? "", actor_id: r[actor] ?? null, customer_id: r[customer] ?? null, token_id: r[token] ?? null, target_staff_id: r[target] ?? null }));
  }

  value(row: Values, field: Field): string | null {
    return row[this.at[field]!] ?? null;
  }

  cursorOf(row: Values): Cursor {
    return { at: Number(this.value(row, "atMs")), id: Number(this.value(row, "id")) };
  }

  /**
   * A row's cells as the explorer shows them, by a function built once per export: each column
   * becomes one small function reading its fields by position, and a label is looked up once per
   * key (an export asks for the same few thousand labels a million times).
   */
  cells(t: Translate): (row: Values, names: BatchNames) => Cell[] {
    const labels = (prefix: string) => {
      const cache = new Map<string, string>();
      return (key: string) => {
        let text = cache.get(key);
        if (text === undefined) {
          const found = t(`${prefix}.${key}` as Parameters<Translate>[0]);
          text = found === `${prefix}.${key}` ? key : found;
          cache.set(key, text);
        }
        return text;
      };
    };
    const [actorType, role, action, outcome, channel] = [labels("audit.actorTypes"), labels("roles"), labels("actions"), labels("audit.outcomes"), labels("auditExplorer.channels")] as const;
    const at = (field: Field) => this.at[field]!;
    const text = (field: Field) => {
      const i = at(field);
      return (row: Values): Cell => row[i] ?? null;
    };
    const [id, type, actorId, roleAt, actionAt, outcomeAt, channelAt, ipAt, detailsAt, customerId, tokenId, targetId] = (
      ["id", "actorType", "actorId", "role", "action", "outcome", "channel", "ip", "details", "customerId", "tokenId", "targetId"] as const
    ).map((f) => this.at[f] ?? -1) as number[];
    // Details and memo come from one parse of the stored details, masked, per row.
    let memo: string | null = null;
    let details: string | null = null;
    const cell: Record<ExplorerColumn, (row: Values, names: BatchNames) => Cell> = {
      id: (row) => Number(row[id!]),
      seq: (row, { seqs }) => {
        const seq = seqs.get(row[id!]!);
        return seq === undefined ? null : Number(seq);
      },
      occurredAt: text("jst"),
      actor: (row, { book }) => {
        const name = book.actorName({ actor_type: row[type!]!, actor_id: row[actorId!] ?? null });
        return row[type!] === "staff" ? name : [actorType(row[type!]!), name].filter(Boolean).join(" ");
      },
      role: (row) => (row[roleAt!] ? role(row[roleAt!]!) : null),
      action: (row) => action(row[actionAt!]!),
      outcome: (row) => outcome(row[outcomeAt!]!),
      channel: (row) => channel(row[channelAt!]!),
      customer: (row, { book }) => book.contract(row[customerId!] ?? null),
      token: (row, { book }) => book.serial(row[tokenId!] ?? null),
      target: (row, { book }) => book.staffLogin(row[targetId!] ?? null),
      reason: text("reason"),
      memo: () => memo,
      details: () => details,
      ip: (row) => (row[ipAt!] ? maskIp(row[ipAt!]!) : null),
      requestId: text("requestId"),
    };
    const chosen = this.columns.map((c) => cell[c]);
    const wantsDetails = this.columns.includes("details") || this.columns.includes("memo");
    return (row, names) => {
      if (wantsDetails) {
        const stored = row[detailsAt!];
        const { memo: m, ...rest } = maskAuditDetails(stored ? (JSON.parse(stored) as Record<string, unknown>) : {});
        memo = typeof m === "string" ? m : null;
        details = detailText(rest) || null;
      }
      return chosen.map((f) => f(row, names));
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
    // The next batch is read while this one is formatted: the server keeps writing meanwhile.
    yield* readAhead(copyOutBatches(open, shape.statement(where, sort), batchSize));
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
  // Each batch's names and seals are looked up while the batch before it is formatted; a NameBook
  // per batch, so no lookup in flight can be forgotten by another batch's.
  const namesOf = async (rows: Values[]): Promise<BatchNames> => {
    const book = new NameBook();
    const [seqs] = await Promise.all([sealed ? sealsOf(db, rows.map((r) => shape.value(r, "id")!)) : none, book.load(db, shape.idsOf(rows))]);
    return { seqs, book };
  };
  let previous: { rows: Values[]; names: Promise<BatchNames> } | null = null;
  for await (const rows of exportRows(db, where, shape, options.sort, options.batchSize)) {
    const current = { rows, names: namesOf(rows) };
    // An unawaited lookup that fails is reported when its turn comes, not as an unhandled rejection.
    current.names.catch(() => {});
    if (previous) {
      const names = await previous.names;
      yield previous.rows.map((r) => cells(r, names));
    }
    previous = current;
  }
  if (previous) {
    const names = await previous.names;
    yield previous.rows.map((r) => cells(r, names));
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

/**
 * The stream of an export the auditor started (and the pipeline recorded), read from the
 * portal's database: exactly the rows and columns the start validated and counted.
 */
export async function startedExportStream(start: ExportStart, t: Translate): Promise<ReadableStream<Uint8Array>> {
  return exportStream(await getDb(), start.where, { sort: start.sort, columns: start.columns, format: start.format, t });
}
