import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Db, type DbHandle } from "@/db/client";

export interface TestDb {
  db: Db;
  handle: DbHandle;
  /** The PostgreSQL database's URL (null on PGlite), for a second pool as another process would open. */
  url: string | null;
  /** Runs raw SQL as the database owner — only for tests that tamper behind the app's back. */
  raw(query: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database when DATABASE_URL is
 * set (CI), otherwise an in-memory PGlite. Never a mock.
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
      close: () => handle.close(),
    };
  }
  const name = `td_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: testUrl.toString(), max: 4 });
  return {
    db: handle.db,
    handle,
    url: testUrl.toString(),
    raw: (query) => handle.db.execute(query),
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
