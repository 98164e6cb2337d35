import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { migrationsFolder, openDatabase, type Db, type DbHandle } from "@/db/client";
import { GENESIS_HASH, computeHash, type HashedFields } from "@/lib/audit/chain";
import { chainHead } from "@/lib/audit/sequencer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { sealEverything } from "@/tests/fixtures/audit";

/**
 * A database deployed before the sequencer holds events that carry their own seq, prev_hash and
 * hash. The migration keeps them: id = old seq, one chain row each with the same hashes, and the
 * chain verifies and carries on.
 */
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A copy of the migrations folder that stops before the sequencer's migration. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tokendesk-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag));
  writeFileSync(journalFile, JSON.stringify(journal));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function migrateTo(handle: DbHandle, folder: string): Promise<void> {
  if (handle.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  }
}

async function rawOpen(): Promise<{ handle: DbHandle; reopen(): Promise<DbHandle> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle: pgliteDrizzle } = await import("drizzle-orm/pglite");
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = new PGlite({ extensions: { pg_trgm } });
    const handle: DbHandle = { db: pgliteDrizzle(client) as unknown as Db, driver: "pglite", roles: "embedded", close: () => client.close() };
    cleanups.push(() => client.close());
    return { handle, reopen: async () => handle };
  }
  const name = `td_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(u.toString(), { max: 2, onnotice: () => {} });
  const handle: DbHandle = { db: drizzle(client) as unknown as Db, driver: "postgres", roles: "single", close: () => client.end() };
  let reopened: DbHandle | null = null;
  cleanups.push(async () => {
    await reopened?.close();
    await client.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  return { handle, reopen: async () => (reopened = await openDatabase({ driver: "postgres", url: u.toString(), max: 2 })) };
}

describe("migrating a deployed audit log to the sequencer", () => {
  it("old events keep their ids and hashes, verify, and new events chain on", async () => {
    const { handle, reopen } = await rawOpen();
    await migrateTo(handle, migrationsBefore("0007_audit_sequencer"));
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 5; seq++) {
      const row: HashedFields = {
        seq, occurredAt: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)), actorType: "system", actorId: "old", actorRole: "system", action: "staff.create", outcome: "success",
        reason: null, ticket: null, customerId: null, tokenId: null, targetStaffId: null, verificationId: null, channel: "cli", ip: null, userAgent: null, requestId: `old-${seq}`,
        details: { n: seq }, prevHash,
      };
      const hash = computeHash(row);
      await handle.db.execute(
        sql.raw(`insert into audit_events (seq, occurred_at, actor_type, actor_id, actor_role, action, outcome, channel, request_id, details, prev_hash, hash)
         values (${seq}, '${row.occurredAt.toISOString()}', 'system', 'old', 'system', 'staff.create', 'success', 'cli', 'old-${seq}', '{"n":${seq}}', '${prevHash}', '${hash}')`),
      );
      prevHash = hash;
    }
    await migrateTo(handle, migrationsFolder);
    const db = (await reopen()).db;
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5, lastSeq: 5, lastHash: prevHash, pending: 0 });
    await db.execute(sql.raw(`insert into audit_events (occurred_at, actor_type, action, outcome, channel, details) values (now(), 'system', 'staff.create', 'success', 'cli', '{}')`));
    await sealEverything(db);
    expect(await chainHead(db)).toMatchObject({ seq: 6, eventId: 6 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 6, pending: 0 });
  });
});
