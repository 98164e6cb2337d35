import { describeUrl } from "@/db/roles";
import { describeDatabase } from "@/lib/config/database";
import { redactError } from "@/lib/server/log-redaction";

/**
 * Runs a CLI entry point: prints a one-line error (no stack, no query parameters) and exits
 * non-zero on failure. A database that cannot be reached or opened is explained (which database,
 * what the server said, what to check) instead of a bare SQLSTATE.
 */
export function runCli(main: () => Promise<number | void>, database: () => CliDatabase | null = portalDatabase): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const unreachable = databaseUnreachable(error, database());
      if (unreachable) {
        console.error(`Error: ${unreachable}`);
        process.exit(1);
      }
      const safe = redactError(error);
      console.error(`Error: ${safe instanceof Error ? safe.message : String(safe)}`);
      process.exit(1);
    },
  );
}

/** What a connection failure means, by the network error code or the server's SQLSTATE. */
const connectionProblems: Record<string, string> = {
  ECONNREFUSED: "nothing answers at that host and port (is PostgreSQL running there?)",
  ENOTFOUND: "that host name is unknown",
  EAI_AGAIN: "that host name could not be looked up",
  ETIMEDOUT: "the server did not answer in time",
  EHOSTUNREACH: "that host cannot be reached",
  CONNECT_TIMEOUT: "the server did not answer in time",
  "3D000": "that database does not exist — create it first (createdb), or name another",
  "28000": "the server refused that user (no such role, or pg_hba.conf does not let it in)",
  "28P01": "the server refused the password",
};

/** The first code along the error's causes: a Node network code or a SQLSTATE. */
function errorCodes(value: unknown): string[] {
  const codes: string[] = [];
  for (let e = value, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

/** The PostgreSQL a command uses, for its connection errors: described without the password. */
export interface CliDatabase {
  described: string;
  /** What to check, e.g. "Check DATABASE_URL". */
  advice: string;
}

/** The portal's database (DATABASE_URL); null on the embedded one, which has no URL to get wrong. */
export function portalDatabase(env: NodeJS.ProcessEnv = process.env): CliDatabase | null {
  if (!env.DATABASE_URL) return null;
  const settings = env.MIGRATION_DATABASE_URL ? "DATABASE_URL and MIGRATION_DATABASE_URL" : "DATABASE_URL";
  return { described: describeDatabase(env), advice: `Check ${settings}, or unset DATABASE_URL for the embedded demo database.` };
}

/** One line for a PostgreSQL that cannot be reached or opened; null for any other error. */
export function databaseUnreachable(error: unknown, database: CliDatabase | null): string | null {
  const code = errorCodes(error).find((c) => c in connectionProblems);
  if (!database || !code) return null;
  return `Cannot open the database ${database.described}: ${connectionProblems[code]}. ${database.advice}`;
}

/**
 * An action's refusal in one line for the command line: each field's messages after the flag that
 * sets it (`--user: Wrong format.`), else the action's message — never the field errors' JSON.
 */
export function describeRefusal(result: { message: string; fieldErrors?: Record<string, string[]> }, flags: Record<string, string> = {}): string {
  const fields = Object.entries(result.fieldErrors ?? {}).map(([field, messages]) => `${flags[field] ?? field}: ${messages.join(" ")}`);
  return fields.length ? fields.join("; ") : result.message;
}

/** The benchmarks' own database (scripts/bench-db.ts), for their connection errors. */
export function benchDatabase(url: string): () => CliDatabase {
  return () => ({ described: `PostgreSQL ${describeUrl(url)}`, advice: "Check BENCH_DATABASE_URL (default: the local server as postgres)." });
}

export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
