import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";
import { checkDatabaseUrls, dataHome } from "@/lib/config/env";
import { applyRuntimeGrants, assertMigrated, connectedAsOwner, credentialsOf, ensureLoginRole } from "./roles";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DatabaseConfig =
  | {
      driver: "postgres";
      /** The portal's connection (the runtime role in production). */
      url: string;
      /** The owner role that migrates and grants; absent = DATABASE_URL's role migrates itself. */
      migrationUrl?: string;
      max?: number;
    }
  | { driver: "pglite"; dataDir: string | null };

/**
 * How the database roles are set up: "separate" (an owner migrated, the portal's role only has
 * grants), "single" (the portal's role owns the tables: it could disable the audit triggers),
 * "embedded" (PGlite, single-user by nature).
 */
export type RoleSetup = "separate" | "single" | "embedded";

export interface DbHandle {
  db: Db;
  driver: DatabaseConfig["driver"];
  roles: RoleSetup;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** DATABASE_URL selects PostgreSQL; otherwise the embedded PGlite under .data/ (or TOKENDESK_HOME). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  checkDatabaseUrls(env);
  if (env.DATABASE_URL) {
    return { driver: "postgres", url: env.DATABASE_URL, ...(env.MIGRATION_DATABASE_URL ? { migrationUrl: env.MIGRATION_DATABASE_URL } : {}) };
  }
  return { driver: "pglite", dataDir: path.join(dataHome(env), "pglite") };
}

/** A postgres.js pool that never prints notices or queries (they may carry personal data). */
async function openPostgres(url: string, max: number) {
  const { default: postgres } = await import("postgres");
  return postgres(url, { max, onnotice: () => {}, debug: false });
}

/**
 * Migrates as `ownerUrl`'s role, then (when given) grants `appRole` the runtime rights on every
 * table — re-run after every migration so new tables are covered. Serialised across processes.
 */
export async function migratePostgres(ownerUrl: string, appRole: string | null): Promise<void> {
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // Two connections: the lock holder and the migrator.
  const owner = await openPostgres(ownerUrl, 2);
  try {
    await owner.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7170301)`;
      await migrate(drizzle(owner, { schema }), { migrationsFolder });
      if (appRole) await applyRuntimeGrants(tx, appRole);
    });
  } finally {
    await owner.end({ timeout: 5 });
  }
}

/** Opens a database and applies every pending migration before returning it. */
export async function openDatabase(config: DatabaseConfig): Promise<DbHandle> {
  if (config.driver === "postgres") {
    const { drizzle } = await import("drizzle-orm/postgres-js");
    let roles: RoleSetup | undefined;
    const runtime = credentialsOf(config.url);
    if (config.migrationUrl && credentialsOf(config.migrationUrl).user !== runtime.user) {
      // The owner creates the runtime role only when it is told the password to give it.
      if (runtime.password !== null) {
        const owner = await openPostgres(config.migrationUrl, 1);
        await ensureLoginRole(owner, runtime.user, runtime.password).finally(() => owner.end({ timeout: 5 }));
      }
      await migratePostgres(config.migrationUrl, runtime.user);
      roles = "separate";
    }
    const client = await openPostgres(config.url, config.max ?? 10);
    roles ??= (await connectedAsOwner(client)) ? "single" : "separate";
    if (roles === "single") await migratePostgres(config.url, null);
    else await assertMigrated(client, migrationsFolder);
    // No drizzle logger: a failed query's message would carry its parameters (personal data).
    const db = drizzle(client, { schema, logger: false });
    Object.defineProperty(db, OWN_CONNECTION, { value: () => openPostgres(config.url, 1) });
    return { db: db as unknown as Db, driver: "postgres", roles, close: () => client.end({ timeout: 5 }) };
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
  return { db: db as unknown as Db, driver: "pglite", roles: "embedded", close: () => client.close() };
}

/**
 * A connection of its own for one long read (an audit export streamed with COPY), opened with the
 * portal's own credentials. Closing it is the one sure way to stop a COPY the reader abandoned:
 * a pooled connection would go back to the pool still owing the rest of the stream.
 */
type OpenOwn = () => Promise<import("postgres").Sql>;
/**
 * Kept on the database object under a registered symbol, not in a module-level map: Next bundles
 * this module more than once (pages, route handlers, server actions) while the process shares one
 * database object, and every copy must find the opener.
 */
const OWN_CONNECTION = Symbol.for("tokendesk.ownConnection");

/** Opens such a connection for `db`, or null where there is none (PGlite, an open transaction). */
export function ownConnectionOf(db: Queryable): OpenOwn | null {
  return (db as unknown as Record<symbol, OpenOwn | undefined>)[OWN_CONNECTION] ?? null;
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
