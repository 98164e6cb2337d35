import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { customers } from "@/db/schema";
import { seedDemo } from "@/db/seed/seed";
import { assertDemoDatabase, realDataIn } from "@/lib/demo/guard";
import type { Sequencer } from "@/lib/audit/worker";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createStaffMember } from "@/tests/fixtures/staff";

/**
 * Demo mode shows every customer's letters and codes in its mailbox, to every role. So it starts
 * on a PostgreSQL database only when that holds nothing but demo data (or nothing at all), and
 * refuses, in one line saying why, beside a real staff member or a customer the demo import did
 * not load. The embedded PGlite is the developer's own and always allowed.
 */

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const saved = { demo: process.env.TOKENDESK_DEMO, home: process.env.TOKENDESK_HOME };
const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-demo-guard-"));
const globals = globalThis as unknown as { __tokendeskDb?: Promise<DbHandle>; __tokendeskSequencer?: Sequencer };

/** The start-up check as a server on PostgreSQL runs it, on this test's real database. */
const onPostgres = () => assertDemoDatabase({ db: t.db, driver: "postgres" });

async function refusal(): Promise<string> {
  const error = await onPostgres().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "demo mode was allowed").toBeInstanceOf(Error);
  return (error as Error).message;
}

beforeAll(async () => {
  // Whatever demo mode writes (the demo API key) goes to a temp folder, never the worktree's .data/.
  process.env.TOKENDESK_HOME = home;
  t = await createTestDb();
});
afterAll(async () => {
  await globals.__tokendeskSequencer?.stop();
  globals.__tokendeskSequencer = undefined;
  globals.__tokendeskDb = undefined;
  for (const [key, value] of [["TOKENDESK_DEMO", saved.demo], ["TOKENDESK_HOME", saved.home]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await t?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("demo mode on a PostgreSQL database", () => {
  it("starts on an empty database, and on one holding only the demo seed", async () => {
    await expect(onPostgres()).resolves.toBeUndefined();
    await seedDemo(t.db, { customers: 3, clock });
    expect(await realDataIn(t.db)).toEqual({ staff: 0, customers: 0 });
    await expect(onPostgres()).resolves.toBeUndefined();
  });

  it("refuses a customer the demo import did not load, in one line naming the reason", async () => {
    // As a bank's own load would put a customer in: straight into the table, no demo import.
    await t.raw(`insert into customers (contract_id, name_kanji, name_kana, name_search, birth_date, phone, branch_code, branch_name, account_number, postal_code, address)
      values ('9900000001', '本物 花子', 'ホンモノ ハナコ', 'ホンモノハナコ', '1980-01-01', '09000000001', '001', '本店', '9000001', '1000001', '東京都千代田区1-1')`);
    const message = await refusal();
    expect(message).toContain("1 customer the demo import did not load");
    expect(message).toContain("TOKENDESK_DEMO");
    expect(message).not.toContain("\n");
    expect(message).not.toContain("本物");
    await t.db.delete(customers).where(eq(customers.contractId, "9900000001"));
    await expect(onPostgres()).resolves.toBeUndefined();
  });

  it("refuses a staff member who is not a demo account, in one line naming the reason", async () => {
    await createStaffMember(t.db, clock, { loginId: "real.rei", role: "operator" });
    const message = await refusal();
    expect(message).toMatch(/^demo mode refused: this PostgreSQL database holds 1 staff account that is not a demo account, /);
    expect(message).not.toContain("\n");
    expect(message).not.toContain("real.rei");
  });

  // PGlite has one process per database, and demo mode is allowed there (the last test).
  it.runIf(Boolean(process.env.DATABASE_URL))("the server's start-up runs the check before the demo seed or the demo API client", async () => {
    // The same database, now with a real staff member, opened as the portal opens its own.
    process.env.TOKENDESK_DEMO = "1";
    globals.__tokendeskDb = Promise.resolve(t.handle);
    const { prepareServer } = await import("@/lib/server/prepare");
    await expect(prepareServer()).rejects.toThrow(/demo mode refused: .*1 staff account that is not a demo account/);
    expect(globals.__tokendeskSequencer).toBeUndefined();
  });

  it("the embedded database (PGlite) is the developer's own: demo mode is allowed there", async () => {
    await expect(assertDemoDatabase({ db: t.db, driver: "pglite" })).resolves.toBeUndefined();
  });
});
