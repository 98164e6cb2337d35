import { readAhead } from "@/lib/server/read-ahead";
import { stringify } from "csv-stringify/sync";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import type { Translate } from "@/lib/i18n/translate";
import { formatJstSeconds } from "@/lib/time/format";
import { decodeCursor, encodeCursor, explorerRow, NameBook, pageSql, rawRows, type ExplorerColumn, type ExplorerRow, type RawEvent } from "./explorer";

/** Rows per keyset batch: large enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH = 5_000;

interface Cursor {
  [Symbol.asyncIterator](): AsyncIterator<RawEvent[]>;
}
interface PostgresJs {
  unsafe(query: string, params: unknown[]): { cursor(rows: number): Cursor };
}

/**
 * The filter's stored rows in batches, memory flat. On PostgreSQL one statement read through a
 * server-side cursor (one plan, one snapshot; the next batch is requested while this one is
 * formatted); on PGlite (one connection, no cursors) keyset batches of the grid's own statement.
 */
export async function* storedBatches(db: Queryable, where: SQL, sort: "asc" | "desc", batchSize: number): AsyncGenerator<RawEvent[]> {
  const client = (db as unknown as { $client?: PostgresJs | object }).$client;
  if (client && "unsafe" in client) {
    const query = new PgDialect().sqlToQuery(pageSql(where, { sort }));
    yield* readAhead<RawEvent[]>(client.unsafe(query.sql, query.params).cursor(batchSize)[Symbol.asyncIterator]());
    return;
  }
  let after: string | undefined;
  for (;;) {
    const raw = await rawRows(db, pageSql(where, { sort, after: decodeCursor(after), limit: batchSize }));
    if (!raw.length) return;
    yield raw;
    if (raw.length < batchSize) return;
    const last = raw.at(-1)!;
    after = encodeCursor({ at: new Date(last.occurred_at).getTime(), id: Number(last.id) });
  }
}

/** The filter's rows as the explorer shows them (names, masking), batch by batch. */
export async function* exportBatches(db: Queryable, where: SQL, sort: "asc" | "desc", batchSize = EXPORT_BATCH): AsyncGenerator<ExplorerRow[]> {
  const book = new NameBook();
  for await (const raw of storedBatches(db, where, sort, batchSize)) {
    await book.load(db, raw);
    yield raw.map((r) => explorerRow(r, book));
  }
}

/** One cell as a reader sees it on screen: words, not keys; JST time. */
export function cellValue(row: ExplorerRow, column: ExplorerColumn, t: Translate): string | number | null {
  return rowCells([column], t)(row)[0]!;
}

/**
 * A row's chosen cells, as a function built once per export: labels are looked up once per key
 * (an export asks for the same few thousand times), so a row costs a few map reads.
 */
export function rowCells(columns: readonly ExplorerColumn[], t: Translate): (row: ExplorerRow) => Array<string | number | null> {
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
  const cell = (row: ExplorerRow, column: ExplorerColumn): string | number | null => {
    switch (column) {
      case "id":
        return row.id;
      case "seq":
        return row.seq;
      case "occurredAt":
        return formatJstSeconds(row.occurredAt);
      case "actor":
        return row.actorType === "staff" ? row.actorName : [label(`audit.actorTypes.${row.actorType}`, row.actorType), row.actorName].filter(Boolean).join(" ");
      case "role":
        return row.actorRole ? label(`roles.${row.actorRole}`, row.actorRole) : null;
      case "action":
        return label(`actions.${row.action}`, row.action);
      case "outcome":
        return label(`audit.outcomes.${row.outcome}`, row.outcome);
      case "channel":
        return label(`auditExplorer.channels.${row.channel}`, row.channel);
      case "details":
        return row.details.map((f) => `${f.path}=${f.value}`).join("; ") || null;
      default:
        return (row[column] as string | null) ?? null;
    }
  };
  return (row) => columns.map((c) => cell(row, c));
}

export function columnHeader(column: ExplorerColumn, t: Translate): string {
  return t(`auditExplorer.columns.${column}`);
}

/**
 * The export as bytes: CSV (UTF-8 with a BOM so spreadsheet software reads Japanese; cells that
 * start like a formula neutralised by csv-stringify's escape_formulas) or JSON Lines, one batch
 * at a time. Stopping the stream (the browser cancelled) stops the reads.
 */
export function exportStream(db: Queryable, where: SQL, options: { sort: "asc" | "desc"; columns: ExplorerColumn[]; format: "csv" | "jsonl"; t: Translate; batchSize?: number }): ReadableStream<Uint8Array> {
  const { columns, format, t } = options;
  const cells = rowCells(columns, t);
  const encoder = new TextEncoder();
  const batches = exportBatches(db, where, options.sort, options.batchSize);
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value: rows, done } = await batches.next();
        if (first && format === "csv") {
          controller.enqueue(encoder.encode(stringify([columns.map((c) => columnHeader(c, t))], { bom: true, escape_formulas: true })));
        }
        first = false;
        if (done) return controller.close();
        if (format === "csv") {
          controller.enqueue(encoder.encode(stringify(rows.map(cells), { escape_formulas: true })));
        } else {
          const lines = rows.map((row) => {
            const values = cells(row);
            return JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i]])));
          });
          controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
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
