import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { sql } from "drizzle-orm";
import * as schema from "./schema";
import { dataHome } from "@/lib/config/env";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DatabaseConfig =
  | { driver: "postgres"; url: string; max?: number }
  | { driver: "pglite"; dataDir: string | null };

export interface DbHandle {
  db: Db;
  driver: DatabaseConfig["driver"];
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** DATABASE_URL selects PostgreSQL; otherwise the embedded PGlite under .data/ (or TOKENDESK_HOME). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) return { driver: "postgres", url: env.DATABASE_URL };
  return { driver: "pglite", dataDir: path.join(dataHome(env), "pglite") };
}

/** Opens a database and applies every pending migration before returning it. */
export async function openDatabase(config: DatabaseConfig): Promise<DbHandle> {
  if (config.driver === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(config.url, { max: config.max ?? 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    // Several processes may start at once (app servers, CI); one migrates, the others wait.
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7170301)`);
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    });
    return { db: db as unknown as Db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  // pg_trgm backs partial name search (the trigram indexes in the search migration).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite({ ...(config.dataDir ? { dataDir: config.dataDir } : {}), extensions: { pg_trgm } });
  await client.waitReady;
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}

const globalDb = globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> };

/**
 * The process-wide database, opened lazily on first use — never at import time, because
 * Next evaluates modules during the build and in several workers.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalDb.__tokendeskDb) {
    globalDb.__tokendeskDb = openDatabase(configFromEnv()).catch((error: unknown) => {
      globalDb.__tokendeskDb = undefined;
      throw error;
    });
  }
  return globalDb.__tokendeskDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = globalDb.__tokendeskDb;
  globalDb.__tokendeskDb = undefined;
  if (handle) await (await handle).close();
}
