/**
 * Keeps query parameters (searched names, phone numbers: personal data) out of every log line.
 * drizzle wraps a failed query as "Failed query: …\nparams: …" and keeps `query`/`params` on the
 * error; the database's own message can quote the offending value too ("invalid input syntax for
 * type uuid: "…""). Next logs unexpected errors with console.error, so the server patches the
 * console once (instrumentation.ts) and every database error is logged as its SQLSTATE only.
 */

const PARAMS_TAIL = /params: [\s\S]*/;

function sqlState(value: unknown): string | undefined {
  for (let e = value, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function isDatabaseError(value: unknown): boolean {
  for (let e = value, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const o = e as Record<string, unknown>;
    if (o.name === "DrizzleQueryError" || o.name === "PostgresError" || "params" in o || "parameters" in o || "query" in o) return true;
    if (typeof o.severity === "string" && sqlState(o)) return true;
    if (typeof o.message === "string" && /^Failed query: /.test(o.message)) return true;
  }
  return false;
}

/** A string with anything after "params: " withheld. */
export function redactText(value: string): string {
  return value.replace(PARAMS_TAIL, "params: [withheld]");
}

/**
 * The error as it may be logged: a database error becomes "Database query failed (SQLSTATE …)"
 * with the original stack frames but neither message, query, parameters nor cause.
 */
export function redactError(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (!(value instanceof Error) || !isDatabaseError(value)) return value;
  const state = sqlState(value);
  const safe = new Error(`Database query failed${state ? ` (SQLSTATE ${state})` : ""}; query and parameters withheld from the log`);
  safe.name = "DatabaseError";
  const frames = (value.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames].join("\n");
  const digest = (value as { digest?: unknown }).digest;
  if (typeof digest === "string") Object.assign(safe, { digest });
  return safe;
}

const installed = globalThis as unknown as { __tokendeskLogRedaction?: boolean };

/** Patches console.{error,warn,log,info,debug} so every argument passes through redactError. */
export function installLogRedaction(): void {
  if (installed.__tokendeskLogRedaction) return;
  installed.__tokendeskLogRedaction = true;
  for (const method of ["error", "warn", "log", "info", "debug"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(...args.map(redactError));
  }
}

/** One structured line for a request that failed unexpectedly: where, and what kind, never data. */
export function requestErrorRecord(error: unknown, request: { path: string; method: string }, context: { routePath?: string; routeType?: string }) {
  const safe = redactError(error);
  const digest = typeof error === "object" && error !== null && "digest" in error ? String((error as { digest: unknown }).digest) : undefined;
  return {
    level: "error",
    event: "request_error",
    method: request.method,
    // The query string can carry personal data; the route is enough to find the code.
    path: request.path.split("?")[0],
    route: context.routePath,
    routeType: context.routeType,
    error: safe instanceof Error ? `${safe.name}: ${redactText(safe.message).slice(0, 300)}` : "non-error thrown",
    digest,
  };
}
