import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/**
 * Reading a large result with `COPY (query) TO STDOUT` on PostgreSQL: the server writes rows as
 * tab-separated text without the per-row protocol messages and per-column parsing of an ordinary
 * result, so one statement streams several times as many rows a second as a cursor through
 * postgres.js does.
 */

/** The part of a postgres.js connection this needs. */
export interface CopyConnection {
  unsafe(query: string): PromiseLike<unknown> & { readable(): Promise<Readable> };
  end(options: { timeout: number }): Promise<void>;
}

/**
 * COPY takes no bind parameters, so the statement's values are written into it as literals.
 * Escape-string syntax (E'…' with backslash and quote escaped) reads the same whatever the
 * server's standard_conforming_strings says, so no value can end its literal early.
 */
class LiteralDialect extends PgDialect {
  override escapeString(value: string): string {
    return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  }
}
const literalDialect = new LiteralDialect();

/** A statement with its values written in as literals (strings, numbers and booleans only). */
export function withLiterals(statement: SQL): string {
  const query = literalDialect.sqlToQuery(statement.inlineParams());
  if (query.params.length) throw new Error("a value could not be written as a literal");
  return query.sql;
}

const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** One line of COPY's text format as its fields: \N is NULL; backslash escapes undone. */
export function copyFields(line: string): Array<string | null> {
  const fields: Array<string | null> = line.split("\t");
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field === "\\N") fields[i] = null;
    else if (field.includes("\\")) fields[i] = field.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
  }
  return fields;
}

/**
 * A COPY … TO STDOUT command's output as it arrives (after `settings`, if any), read only as the
 * caller takes it (the server waits meanwhile), on a connection of the caller's own that is closed
 * at the end, finished or not: stopped early (a cancelled download), closing it ends the COPY on
 * the server too.
 */
export async function* copyOut(open: () => Promise<CopyConnection>, command: string, settings: string[] = []): AsyncGenerator<Buffer> {
  const connection = await open();
  try {
    // SET statements for this connection alone, which closes with the COPY.
    for (const setting of settings) await connection.unsafe(setting);
    const stream = await connection.unsafe(command).readable();
    // Closing the connection mid-stream errors the stream; nobody is reading it by then.
    stream.on("error", () => {});
    yield* stream as AsyncIterable<Buffer>;
  } finally {
    await connection.end({ timeout: 0 });
  }
}

/** The statement's rows as arrays of text fields, in batches of about `batchSize`, memory flat. */
export async function* copyOutBatches(open: () => Promise<CopyConnection>, statement: SQL, batchSize: number): AsyncGenerator<Array<Array<string | null>>> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let batch: Array<Array<string | null>> = [];
  for await (const chunk of copyOut(open, `copy (${withLiterals(statement)}) to stdout`)) {
    const lines = (rest + decoder.write(chunk)).split("\n");
    rest = lines.pop()!;
    for (const line of lines) batch.push(copyFields(line));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  rest += decoder.end();
  if (rest) batch.push(copyFields(rest));
  if (batch.length) yield batch;
}
