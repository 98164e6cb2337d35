import { randomUUID } from "node:crypto";

/** The fields of a PostgreSQL error that locate it without repeating any value it was given. */
interface DbErrorFields {
  code?: unknown;
  table_name?: unknown;
  constraint_name?: unknown;
  routine?: unknown;
  table?: unknown;
  constraint?: unknown;
}

/**
 * Logs an unexpected error as one JSON line and returns the id the client may see instead. The
 * client never gets the error's text: a database error's message can quote the query, its
 * parameters or what a trigger said (ids, roles, counts), so for those only the SQLSTATE and where
 * it happened are logged; other errors keep their first line, cut short.
 */
export function reportUnexpected(event: string, error: unknown, facts: Record<string, string> = {}): string {
  const errorId = randomUUID();
  console.error(JSON.stringify({ level: "error", event, errorId, ...facts, ...describeError(error) }));
  return errorId;
}

export function describeError(error: unknown): Record<string, string | undefined> {
  const err = error instanceof Error ? error : new Error(typeof error === "string" ? error : "non-Error thrown");
  const db = databaseError(err);
  if (db) {
    return {
      name: err.name,
      dbCode: text(db.code),
      table: text(db.table_name ?? db.table),
      constraint: text(db.constraint_name ?? db.constraint),
      routine: text(db.routine),
      at: appFrame(err.stack),
    };
  }
  return { name: err.name, message: err.message.split("\n")[0]!.slice(0, 200), at: appFrame(err.stack) };
}

/** The SQLSTATE of a database error, however deeply drizzle wrapped it (undefined for others). */
export function sqlState(error: unknown): string | undefined {
  return error instanceof Error ? text(databaseError(error)?.code) : undefined;
}

/** drizzle wraps the driver's error ("Failed query: …") with the original as its cause. */
function databaseError(err: Error): DbErrorFields | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const fields = e as DbErrorFields & { message?: unknown };
    if (typeof fields.code === "string" && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
  }
  return err.message.startsWith("Failed query") ? {} : null;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.slice(0, 120) : undefined;
}

/** The first stack frame in the app's own code (a file and line, never a value). */
function appFrame(stack: string | undefined): string | undefined {
  const frames = (stack ?? "").split("\n").slice(1).map((l) => l.trim());
  const frame = frames.find((l) => /\/(lib|app|db)\//.test(l) && !l.includes("node_modules")) ?? frames[0];
  const match = frame?.match(/\(?([^()\s]+:\d+:\d+)\)?$/);
  return match?.[1]?.replace(process.cwd(), ".");
}
