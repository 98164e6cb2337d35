import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Db, type DbHandle } from "@/db/client";
import { ensureLoginRole } from "@/db/roles";

/**
 * The runtime role every PostgreSQL test database grants to. Roles are cluster-wide, so all test
 * databases share this one name; it is created on first use (race-safe across test processes).
 */
export const TEST_RUNTIME_ROLE = "tokendesk_test_app";

export interface TestDb {
  /** The application's connection: on PostgreSQL the runtime role, with only the grants it needs. */
  db: Db;
  handle: DbHandle;
  /** The PostgreSQL database's URL (null on PGlite), for a second pool as another process would open. */
  url: string | null;
  /** Runs raw SQL as the database owner — only for tests that tamper behind the app's back. */
  raw(query: string): Promise<unknown>;
  /** postgres:// URL of this database as the runtime role (PostgreSQL only). */
  runtimeUrl: string | null;
  /** postgres:// URL of this database as its owner (PostgreSQL only). */
  ownerUrl: string | null;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database when DATABASE_URL is
 * set (CI), otherwise an in-memory PGlite. Never a mock. On PostgreSQL it is migrated as the owner
 * (DATABASE_URL's role) and `db` connects as the runtime role, as in production, so every test
 * proves the runtime grants suffice. PGlite is single-user: there `db` and `raw` are the same.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ driver: "pglite", dataDir: null });
    return {
      db: handle.db,
      handle,
      url: null,
      raw: (query) => handle.db.execute(query),
      runtimeUrl: null,
      ownerUrl: null,
      close: () => handle.close(),
    };
  }
  const name = `td_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await ensureLoginRole(admin, TEST_RUNTIME_ROLE, null);
  const ownerUrl = new URL(url);
  ownerUrl.pathname = `/${name}`;
  const runtimeUrl = new URL(ownerUrl);
  runtimeUrl.username = TEST_RUNTIME_ROLE;
  runtimeUrl.password = "";
  const handle = await openDatabase({ driver: "postgres", url: runtimeUrl.toString(), migrationUrl: ownerUrl.toString(), max: 4 });
  const owner = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {} });
  return {
    db: handle.db,
    handle,
    raw: (query) => owner.unsafe(query),
    runtimeUrl: runtimeUrl.toString(),
    ownerUrl: ownerUrl.toString(),
    url: runtimeUrl.toString(),
    async close() {
      await handle.close();
      await owner.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
