import { sql, type SQL } from "drizzle-orm";
import { getDb, ownConnectionOf, type Queryable } from "@/db/client";
import { apiClients, approvalRequests, staff } from "@/db/schema";
import { CSV_BOM, crlfLineEnds, csvLineRewriter, csvLines, type ChunkRewriter } from "@/lib/csv";
import { catalogues, type MessageKey, type Translate } from "@/lib/i18n/translate";
import { copyOut, withLiterals } from "@/lib/server/copy-out";
import type { ExportStart } from "./explorer-queries";
import { detailLine, readDetails, type DetailNames } from "./details";
import { explorerColumns, pageSql, selectRows, type Cursor, type ExplorerColumn } from "./explorer";
import { maskAuditDetails } from "./redact";

/** Rows per page where the export reads in keyset pages (PGlite, inside a transaction). */
export const EXPORT_BATCH = 5_000;

/**
 * An export writes each cell as the explorer's grid shows it — names and words, JST time,
 * personal data masked. The database renders every cell but the details: on PostgreSQL the export
 * is one COPY whose output is already CSV (or JSON Lines), and Node renders only the details cell —
 * masking and flattening a record takes about a microsecond in JavaScript and several in SQL —
 * writing it in place of the stored details, which the statement sends as its last field.
 * Parsing and rewriting every cell of a million rows in Node took several times as long. Where
 * there is no COPY the same cells are read in keyset pages and written by papaparse.
 *
 * Each cell is the grid's rendering (explorerRow, its label lookups, maskIp; the details through
 * maskAuditDetails, readDetails and detailLine themselves, with the event's type and outcome sent
 * beside the stored details); tests/integration/audit-export-cells.test.ts holds every column to
 * the grid on both databases.
 */

/** What a column's cell is, and which tables it needs beside audit_events. */
interface CellSql {
  value: SQL;
  /** A number in JSON Lines (and never a formula in CSV). */
  number?: true;
  /** Can begin like a spreadsheet formula: neutralised in CSV. */
  formula?: true;
  /** The stored details with the event's type and outcome, rendered in Node: the last column whenever chosen. */
  details?: true;
  join?: "customer" | "token" | "chain";
}

/**
 * An event joins at most one row of customers, tokens and audit_chain, each by a unique key, so a
 * join is one index probe per event (Memoize caching the customers and tokens seen before). Left
 * to choose, the planner hashes the whole chain instead — ten million rows, spilled to disk in
 * batches — and a month's export with the seal column ran a third slower.
 */
const JOIN_BY_LOOKUP = ["set enable_hashjoin = off", "set enable_mergejoin = off"];

/** The reader's words for each vocabulary, and the names of staff and API clients, as jsonb literals. */
interface Dictionaries {
  actorTypes: SQL;
  roles: SQL;
  actions: SQL;
  outcomes: SQL;
  channels: SQL;
  staffNames: SQL;
  staffLogins: SQL;
  clientNames: SQL;
  /** The names the details cells say: staff, API clients and approval requests by id. */
  names: DetailNames;
}

const JOINS: Record<NonNullable<CellSql["join"]>, SQL> = {
  customer: sql`left join customers x_customer on x_customer.id = e.customer_id`,
  token: sql`left join tokens x_token on x_token.id = e.token_id`,
  chain: sql`left join audit_chain x_chain on x_chain.event_id = e.id`,
};

const jsonb = (value: Record<string, string>) => sql`${JSON.stringify(value)}::jsonb`;
/** A key's label from a dictionary; a key without one reads as itself, as on the grid. */
const label = (dictionary: SQL, key: SQL) => sql`coalesce(${dictionary} ->> ${key}, ${key})`;

function cellSql(column: ExplorerColumn, d: Dictionaries): CellSql {
  switch (column) {
    case "id":
      return { value: sql`e.id`, number: true };
    case "seq":
      return { value: sql`x_chain.seq`, number: true, join: "chain" };
    case "occurredAt":
      // Japan keeps no daylight saving: JST is UTC + 9 hours, as formatJstSeconds writes it.
      return { value: sql`to_char((e.occurred_at at time zone 'UTC') + interval '9 hours', 'YYYY/MM/DD HH24:MI:SS')` };
    case "actor":
      // A staff member by name; anyone else as what they are, then their name (a job's, a client's).
      return {
        value: sql`case e.actor_type when 'staff' then ${d.staffNames} ->> e.actor_id
          else concat_ws(' ', ${label(d.actorTypes, sql`e.actor_type::text`)},
            nullif(case e.actor_type when 'api_client' then ${d.clientNames} ->> e.actor_id when 'system' then e.actor_id end, '')) end`,
        formula: true,
      };
    // Words from the catalogue or the vocabulary's own keys, none beginning like a formula (a unit
    // test holds the catalogue to that), so CSV writes them unchecked.
    case "role":
      // A staff role, else what the actor is (an API client, the system), as the grid says it.
      return { value: sql`case when e.actor_role <> '' then coalesce(${d.roles} ->> e.actor_role, ${d.actorTypes} ->> e.actor_role, e.actor_role) end` };
    case "action":
      return { value: label(d.actions, sql`e.action`) };
    case "outcome":
      return { value: label(d.outcomes, sql`e.outcome::text`) };
    case "channel":
      return { value: label(d.channels, sql`(case when e.actor_type = 'system' then 'system' when e.channel = 'web' then 'desk' else e.channel::text end)`) };
    case "customer":
      return { value: sql`x_customer.contract_id`, formula: true, join: "customer" };
    case "token":
      return { value: sql`x_token.serial`, formula: true, join: "token" };
    case "target":
      return { value: sql`${d.staffLogins} ->> e.target_staff_id::text`, formula: true };
    case "reason":
      return { value: sql`e.reason`, formula: true };
    case "memo":
      // Free text: only its length (in characters, as the grid counts them).
      return {
        value: sql`case jsonb_typeof(e.details -> 'memo') when 'string' then '•••• (' || char_length(e.details ->> 'memo') || ')' when 'null' then null
          else case when e.details ? 'memo' then '••••' end end`,
      };
    case "ip":
      // The network stays readable, the host does not: 192.0.2.*, 2001:db8:*.
      return {
        value: sql`case when e.ip <> '' then case
          when strpos(e.ip, ':') > 0 then split_part(e.ip, ':', 1) || ':' || split_part(e.ip, ':', 2) || ':*'
          when length(e.ip) - length(replace(e.ip, '.', '')) = 3 then split_part(e.ip, '.', 1) || '.' || split_part(e.ip, '.', 2) || '.' || split_part(e.ip, '.', 3) || '.*'
          else '*' end end`,
      };
    case "requestId":
      return { value: sql`e.request_id`, formula: true };
    case "details":
      return { value: sql`json_build_array(e.action, e.outcome, e.details)::text`, details: true };
  }
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets an
 * apostrophe in front, as papaparse does it where the export is written in Node.
 */
function neutralised(cell: CellSql): SQL {
  if (!cell.formula) return cell.value;
  return sql`(case when left((${cell.value}), 1) in ('=', '+', '-', '@', E'\\t', E'\\r') then '''' || (${cell.value}) else (${cell.value}) end)`;
}

/** Renders one details cell from the statement's last field: [type, outcome, stored details]. */
type DetailsCell = (stored: string | null) => string | null;

/** An event's details cell as the grid says it: the details but the call memo, masked, read in words, "label: value; …". */
function detailsCellOf(t: Translate, names: DetailNames): DetailsCell {
  return (stored) => {
    if (!stored) return null;
    const [action, outcome, details] = JSON.parse(stored) as [string, string, Record<string, unknown> | null];
    // The call memo has a column of its own.
    const rest = { ...maskAuditDetails(details ?? {}) };
    delete rest.memo;
    return detailLine(readDetails(action, outcome, rest, names), t) || null;
  };
}

/** The keys of one vocabulary with the reader's word for each (keys without a label are left out). */
function labels(t: Translate, prefix: string): Record<string, string> {
  let node: unknown = catalogues.ja;
  for (const part of prefix.split(".")) node = (node as Record<string, unknown>)[part];
  const out: Record<string, string> = {};
  for (const key of Object.keys(node as Record<string, unknown>)) {
    const text = t(`${prefix}.${key}` as MessageKey);
    if (text !== `${prefix}.${key}`) out[key] = text;
  }
  return out;
}

async function dictionaries(db: Queryable, t: Translate): Promise<Dictionaries> {
  // Staff and API clients are a few hundred rows: written into the statement, each name is one
  // lookup in a constant; customers and tokens are joined.
  const [people, clients, requests] = await Promise.all([
    db.select({ id: staff.id, name: staff.displayName, login: staff.loginId }).from(staff),
    db.select({ id: apiClients.id, name: apiClients.name }).from(apiClients),
    // Four-eyes requests are a handful a day: each detail naming one says which and when.
    db.select({ id: approvalRequests.id, kind: approvalRequests.kind, createdAt: approvalRequests.createdAt }).from(approvalRequests),
  ]);
  const staffNames = new Map(people.map((p) => [p.id, p.name]));
  const clientNames = new Map(clients.map((c) => [c.id, c.name]));
  const requestOf = new Map(requests.map((r) => [r.id, { kind: r.kind, createdAt: new Date(r.createdAt).toISOString() }]));
  return {
    actorTypes: jsonb(labels(t, "audit.actorTypes")),
    roles: jsonb(labels(t, "roles")),
    actions: jsonb(labels(t, "actions")),
    outcomes: jsonb(labels(t, "audit.outcomes")),
    channels: jsonb(labels(t, "auditExplorer.channels")),
    staffNames: jsonb(Object.fromEntries(people.map((p) => [p.id, p.name]))),
    staffLogins: jsonb(Object.fromEntries(people.map((p) => [p.id, p.login]))),
    clientNames: jsonb(Object.fromEntries(clients.map((c) => [c.id, c.name]))),
    names: { staffName: (id) => staffNames.get(id) ?? null, clientName: (id) => clientNames.get(id) ?? null, request: (id) => requestOf.get(id) ?? null },
  };
}

/** The export's statement over the filter, in the grid's order; `page` reads one keyset page of it. */
class ExportStatement {
  private readonly cells: CellSql[];
  private readonly from: SQL;
  /** The details column is chosen (in the grid's order it comes last): the last field is the stored details. */
  readonly details: boolean;
  readonly detailsCell: DetailsCell;

  constructor(
    readonly columns: readonly ExplorerColumn[],
    d: Dictionaries,
    t: Translate,
    private readonly where: SQL,
    private readonly sort: "asc" | "desc",
  ) {
    this.cells = columns.map((c) => cellSql(c, d));
    this.detailsCell = detailsCellOf(t, d.names);
    this.details = columns.at(-1) === "details";
    const joins = [...new Set(this.cells.flatMap((c) => (c.join ? [c.join] : [])))].map((j) => JOINS[j]);
    this.from = sql.join([sql`audit_events e`, ...joins], sql` `);
  }

  private select(columns: SQL[]): SQL {
    return pageSql(this.where, { sort: this.sort }, { columns: sql.join(columns, sql`, `), from: this.from });
  }

  /** One row per event, each cell CSV-ready (formulas neutralised), the stored details last. */
  csv(): SQL {
    return this.select(this.cells.map(neutralised));
  }

  /** One JSON object per event, keyed by column in column order, and the stored details beside it. */
  jsonl(): SQL {
    const fields = this.cells.flatMap((c, i) => (c.details ? [] : [sql`${sql.raw(`'${this.columns[i]}'`)}, ${c.value}`]));
    return this.select([sql`json_build_object(${sql.join(fields, sql`, `)})::text`, ...(this.details ? [this.cells.at(-1)!.value] : [])]);
  }

  /** The cells as values (numbers as numbers, details rendered), a page at a time, with each row's keyset position. */
  page(after: Cursor | null, limit: number): SQL {
    const columns = sql.join(
      [...this.cells.map((c, i) => sql`${c.value} as ${sql.raw(`c${i}`)}`), sql`e.id::text as k_id`, sql`(extract(epoch from e.occurred_at) * 1000)::bigint::text as k_at`],
      sql`, `,
    );
    return pageSql(this.where, { sort: this.sort, after, limit }, { columns, from: this.from });
  }

  valuesOf(row: Record<string, unknown>): Array<string | number | null> {
    return this.cells.map((c, i) => {
      const v = row[`c${i}`];
      if (c.details) return this.detailsCell(v === null || v === undefined ? null : String(v));
      if (v === null || v === undefined) return null;
      return c.number ? Number(v) : String(v);
    });
  }
}

export function columnHeader(column: ExplorerColumn, t: Translate): string {
  return t(`auditExplorer.columns.${column}`);
}

/** A keyset page of rows where no COPY is available. */
async function* pagedRows(db: Queryable, statement: ExportStatement, batchSize: number): AsyncGenerator<Array<Array<string | number | null>>> {
  let after: Cursor | null = null;
  for (;;) {
    const rows: Array<Record<string, unknown>> = await selectRows<Record<string, unknown>>(db, statement.page(after, batchSize));
    if (!rows.length) return;
    yield rows.map((r) => statement.valuesOf(r));
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = { at: Number(last.k_at), id: Number(last.k_id) };
  }
}

/**
 * COPY's CSV as the export writes it: CRLF line ends, and where the details column is chosen, the
 * stored details in each line's last field replaced by the details cell. papaparse writes a chunk's
 * details cells in one call, with NUL between them — no text stored in PostgreSQL holds one.
 */
function csvFromCopy(details: boolean, detailsCell: DetailsCell): ChunkRewriter {
  if (!details) return crlfLineEnds();
  let prefixes: Buffer[] = [];
  let cells: Array<[string | null]> = [];
  return csvLineRewriter(
    (buffer, start, lastField, end) => {
      let stored = buffer.toString("utf8", lastField, end);
      if (stored.startsWith('"')) stored = stored.slice(1, -1).replaceAll('""', '"');
      prefixes.push(buffer.subarray(start, lastField));
      cells.push([detailsCell(stored)]);
    },
    () => {
      if (!cells.length) return Buffer.alloc(0);
      const written = csvLines(cells, "\0").split("\0");
      const parts: Buffer[] = [];
      prefixes.forEach((prefix, i) => parts.push(prefix, Buffer.from(`${written[i]}\r\n`)));
      prefixes = [];
      cells = [];
      return Buffer.concat(parts);
    },
  );
}

/**
 * COPY's JSON Lines with the details rendered: each line holds the object of the other columns and,
 * after a \x02 (COPY's delimiter there, \x01 its quote), the stored details, which go into the
 * object as its last key.
 */
function jsonlFromCopy(details: boolean, others: boolean, detailsCell: DetailsCell): ChunkRewriter {
  if (!details) return { write: (chunk) => chunk, end: () => Buffer.alloc(0) };
  const key = others ? ', "details" : ' : '"details" : ';
  let parts: Buffer[] = [];
  return csvLineRewriter(
    (buffer, start, lastField, end) => {
      // The object without its closing brace (and the delimiter after it), then the details and the brace.
      parts.push(buffer.subarray(start, lastField - 2), Buffer.from(`${key}${JSON.stringify(detailsCell(buffer.toString("utf8", lastField, end)))}}\n`));
    },
    () => {
      const out = Buffer.concat(parts);
      parts = [];
      return out;
    },
    { quote: 0x01, delimiter: 0x02 },
  );
}

export interface ExportOptions {
  sort: "asc" | "desc";
  /** Written in the grid's order. */
  columns: readonly ExplorerColumn[];
  format: "csv" | "jsonl";
  t: Translate;
  /** Rows per keyset page, where pages are read. */
  batchSize?: number;
}

/**
 * The export's bytes, chunk by chunk. On PostgreSQL one COPY on a connection of its own (one
 * plan, one snapshot); on PGlite, which has one connection and no COPY to a client, and inside a
 * transaction, keyset pages of the same cells.
 */
async function* exportChunks(db: Queryable, where: SQL, options: ExportOptions): AsyncGenerator<Uint8Array> {
  const { format, t } = options;
  // The grid's order, whatever order they were asked in: the details, when chosen, come last.
  const columns = explorerColumns.filter((c) => options.columns.includes(c));
  const statement = new ExportStatement(columns, await dictionaries(db, t), t, where, options.sort);
  if (format === "csv") yield Buffer.from(CSV_BOM + csvLines([columns.map((c) => columnHeader(c, t))]));
  const open = ownConnectionOf(db);
  if (open) {
    // JSON Lines through COPY's CSV format with a quote and a delimiter JSON never holds (it
    // escapes every control character): each line's fields are written as they are.
    const command =
      format === "csv" ? `copy (${withLiterals(statement.csv())}) to stdout (format csv)` : `copy (${withLiterals(statement.jsonl())}) to stdout (format csv, delimiter E'\\x02', quote E'\\x01')`;
    const finish = format === "csv" ? csvFromCopy(statement.details, statement.detailsCell) : jsonlFromCopy(statement.details, columns.length > 1, statement.detailsCell);
    for await (const chunk of copyOut(open, command, JOIN_BY_LOOKUP)) {
      const out = finish.write(chunk);
      if (out.length) yield out;
    }
    const last = finish.end();
    if (last.length) yield last;
    return;
  }
  for await (const rows of pagedRows(db, statement, options.batchSize ?? EXPORT_BATCH)) {
    if (format === "csv") yield Buffer.from(csvLines(rows));
    else yield Buffer.from(`${rows.map((values) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i]])))).join("\n")}\n`);
  }
}

/** The export as a stream for a response: read as the browser takes it; cancelling stops the reads. */
export function exportStream(db: Queryable, where: SQL, options: ExportOptions): ReadableStream<Uint8Array> {
  const chunks = exportChunks(db, where, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
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
