import path from "node:path";
import { describeUrl } from "@/db/roles";
import { dataHome } from "./env";

/**
 * Printed (start banner, server log, db:migrate) when the portal's own role migrates: it then owns
 * the tables and could `ALTER TABLE audit_events DISABLE TRIGGER`. Fine for a developer's machine,
 * never for production.
 */
export const SINGLE_ROLE_WARNING =
  "WARNING: single database role — the portal's role owns the tables and could disable the audit log's protection. " +
  "Production: set MIGRATION_DATABASE_URL to the owner role and DATABASE_URL to the runtime role (README, production settings).";

/** The database the portal uses, for a banner: never a password. */
export function describeDatabase(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.DATABASE_URL) return `PGlite (embedded) in ${path.join(dataHome(env), "pglite")}`;
  const migrations = env.MIGRATION_DATABASE_URL ? `, migrations as ${describeUrl(env.MIGRATION_DATABASE_URL).split(" as ")[1]}` : "";
  return `PostgreSQL ${describeUrl(env.DATABASE_URL)}${migrations}`;
}
