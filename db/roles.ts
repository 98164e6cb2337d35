import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import type { Sql, TransactionSql } from "postgres";

/**
 * The two PostgreSQL roles. The owner (MIGRATION_DATABASE_URL) runs the migrations and owns every
 * table; the portal runs as a runtime role (DATABASE_URL's user) that may only read and append the
 * audit tables and read/write the others. Without ownership the runtime role cannot disable the
 * append-only triggers, alter or drop a table, and TRUNCATE/TRIGGER/REFERENCES are never granted.
 *
 * PGlite is exempt: it is a single-user embedded database with no roles to separate.
 */

type Runner = Sql | TransactionSql;

/** Tables whose name starts with this take INSERT and SELECT only, new ones included. */
export const AUDIT_TABLE_PREFIX = "audit_";

export class RoleSetupError extends Error {
  override name = "RoleSetupError";
}

/** A role name quoted as an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The user a URL without one logs in as: postgres.js falls back to PGUSER, then the OS user. */
function defaultUser(): string {
  return process.env.PGUSERNAME || process.env.PGUSER || userInfo().username;
}

/** The user and password of a postgres:// URL (decoded), as the driver would log in. */
export function credentialsOf(url: string): { user: string; password: string | null } {
  const parsed = new URL(url);
  return { user: parsed.username ? decodeURIComponent(parsed.username) : defaultUser(), password: parsed.password ? decodeURIComponent(parsed.password) : null };
}

/** "host:port/db as user" without the password, for banners and logs. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname || "/"} as ${credentialsOf(url).user}`;
}

/**
 * Creates a LOGIN role if it does not exist. Roles are cluster-wide and several processes (test
 * files, app servers) may race here: a duplicate from a concurrent creator counts as success.
 */
export async function ensureLoginRole(sql: Runner, name: string, password: string | null): Promise<void> {
  const [found] = await sql`select 1 as one from pg_roles where rolname = ${name}`;
  if (found) return;
  const pw = password === null ? "" : ` PASSWORD ${quoteLiteral(password)}`;
  try {
    await sql.unsafe(`CREATE ROLE ${quoteIdent(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE${pw}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 42710 duplicate_object; 23505 when two CREATE ROLEs collide on pg_authid's unique index.
    if (code !== "42710" && code !== "23505") throw error;
  }
}

/**
 * Grants the runtime role exactly what the portal needs, on every table as it exists now. Run by
 * the owner after every migration (idempotent: it revokes first), so tables a later migration adds
 * are covered — an `audit_…` table gets INSERT and SELECT like audit_events.
 */
export async function applyRuntimeGrants(sql: Runner, appRole: string): Promise<{ auditTables: string[]; otherTables: string[] }> {
  const [info] = await sql<{ exists: boolean; superuser: boolean; isOwner: boolean; member: boolean }[]>`
    select exists(select 1 from pg_roles where rolname = ${appRole}) as exists,
           coalesce((select rolsuper or rolbypassrls from pg_roles where rolname = ${appRole}), false) as superuser,
           ${appRole} = current_user as "isOwner",
           coalesce((select pg_has_role(${appRole}, current_user, 'MEMBER') from pg_roles where rolname = ${appRole}), false) as member`;
  if (!info?.exists) {
    throw new RoleSetupError(
      `database role "${appRole}" does not exist: a DBA creates it (CREATE ROLE ${quoteIdent(appRole)} LOGIN PASSWORD '…'), or put its password in DATABASE_URL so the owner creates it`,
    );
  }
  if (info.isOwner || info.member) throw new RoleSetupError(`the runtime role "${appRole}" must not be the owner role or a member of it`);
  if (info.superuser) throw new RoleSetupError(`the runtime role "${appRole}" is a superuser (or bypasses RLS): grants cannot restrict it`);

  const role = quoteIdent(appRole);
  const rows = await sql<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f') order by c.relname`;
  const auditTables = rows.map((r) => r.name).filter((n) => n.startsWith(AUDIT_TABLE_PREFIX));
  const otherTables = rows.map((r) => r.name).filter((n) => !n.startsWith(AUDIT_TABLE_PREFIX));
  const list = (names: string[]) => names.map((n) => `public.${quoteIdent(n)}`).join(", ");

  await sql.unsafe(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
  await sql.unsafe(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
  await sql.unsafe(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
  await sql.unsafe(`GRANT USAGE ON SCHEMA public TO ${role}`);
  if (otherTables.length > 0) await sql.unsafe(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${list(otherTables)} TO ${role}`);
  if (auditTables.length > 0) await sql.unsafe(`GRANT SELECT, INSERT ON ${list(auditTables)} TO ${role}`);
  await sql.unsafe(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  // The portal checks on start that the migrations are applied; it reads drizzle's journal only.
  const [journal] = await sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
  if (journal?.present) {
    await sql.unsafe(`GRANT USAGE ON SCHEMA drizzle TO ${role}`);
    await sql.unsafe(`REVOKE ALL ON drizzle.__drizzle_migrations FROM ${role}`);
    await sql.unsafe(`GRANT SELECT ON drizzle.__drizzle_migrations TO ${role}`);
  }
  return { auditTables, otherTables };
}

/** True when the connected role owns audit_events (or the schema is not created yet). */
export async function connectedAsOwner(sql: Runner): Promise<boolean> {
  const [row] = await sql<{ owns: boolean | null; superuser: boolean }[]>`
    select (select pg_has_role(current_user, c.relowner, 'USAGE') from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relname = 'audit_events') as owns,
           (select rolsuper from pg_roles where rolname = current_user) as superuser`;
  return row?.owns !== false || row.superuser === true;
}

/** The newest migration in db/migrations, as drizzle records it (the journal's `when`). */
function latestMigrationMillis(migrationsFolder: string): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

/** The runtime role cannot migrate: it only checks that the owner has applied every migration. */
export async function assertMigrated(sql: Runner, migrationsFolder: string): Promise<void> {
  let applied = 0;
  try {
    const [row] = await sql<{ latest: string | null }[]>`select max(created_at)::text as latest from drizzle.__drizzle_migrations`;
    applied = Number(row?.latest ?? 0);
  } catch {
    applied = 0;
  }
  if (applied < latestMigrationMillis(migrationsFolder)) {
    throw new RoleSetupError(
      "the database is not migrated to this version and DATABASE_URL's role does not own it: run `npm run db:migrate` with MIGRATION_DATABASE_URL set to the owner role",
    );
  }
}
