import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { executeAction } from "@/lib/actions/execute";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { defineAction, type ActionResult } from "@/lib/actions/types";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, PASSWORD, systemOptions } from "@/tests/fixtures/staff";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:30.000Z");

beforeAll(async () => {
  if (onPostgres) t = await createTestDb();
});
afterAll(async () => t?.close());

/** Resolves once `parties` callers have arrived, so both transactions hold their snapshot first. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived === parties) release();
    return all;
  };
}

/**
 * Test-only writers: each reads rows inside its transaction, waits for the other writer, then
 * updates — the shape of every read-modify-write an action does, made to collide on purpose.
 */
function racingAction(name: `test.${string}`, isolation: "serializable" | "read committed", meet: () => Promise<void>) {
  return defineAction({
    name,
    permission: "staff.create",
    input: z.object({ order: z.array(z.string()) }),
    assurance: "none",
    subject: { kind: "none" },
    run: async ({ tx }, input) => {
      await tx.execute(sql.raw(`set transaction isolation level ${isolation}`));
      await tx.execute(sql`select login_id from staff where login_id in (${sql.join(input.order.map((id) => sql`${id}`), sql`, `)})`);
      // Serializable: both snapshots are taken before either writes. Deadlock: each holds its first row.
      const held = isolation === "serializable" ? 0 : 1;
      const update = (loginId: string) => tx.execute(sql`update staff set display_name = ${"race " + loginId} where login_id = ${loginId}`);
      for (const loginId of input.order.slice(0, held)) await update(loginId);
      await meet();
      for (const loginId of input.order.slice(held)) await update(loginId);
      return { data: null, audit: { details: { order: input.order } } };
    },
  });
}

async function seedStaff(loginId: string): Promise<void> {
  const r = await executeAction(createStaff, { loginId, displayName: loginId, role: "operator", initialPassword: PASSWORD }, systemOptions(t.db, clock));
  if (!r.ok) throw new Error(`seed ${loginId}: ${r.code}`);
}

/** What the losing side saw: the refusal's code and the SQLSTATE its audit event records. */
async function losers(results: ActionResult<unknown>[]) {
  const failed = results.filter((r): r is Extract<ActionResult<unknown>, { ok: false }> => !r.ok);
  return Promise.all(failed.map(async (r) => {
    const event = await auditEventAt(t.db, r.auditEventId);
    return { code: r.code, message: r.message, outcome: event.outcome, stage: event.details.stage, sqlState: event.details.sqlState };
  }));
}

let internalErrors = 0;
let races = 0;

if (!onPostgres) console.log(`conflict races skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("lost races end as conflicts", () => {
  afterAll(() => {
    recordFigure("conflicts", "Two concurrent writers on one unique key / one serializable row → internal errors", `${internalErrors} of ${races}`);
  });

  it("two staff.create with one login ID: one account, the other a conflict (never an internal error)", async () => {
    const sqlStates = new Set<unknown>();
    for (let round = 0; round < 5; round++) {
      const loginId = `race-login-${round}`;
      const results = await Promise.all(
        ["A", "B"].map((who) => executeAction(createStaff, { loginId, displayName: `Racer ${who}`, role: "operator", initialPassword: PASSWORD }, systemOptions(t.db, clock))),
      );
      races += 1;
      const lost = await losers(results);
      internalErrors += lost.filter((l) => l.code === "internal_error").length;
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ code: "conflict", outcome: "failed" });
      for (const l of lost) sqlStates.add(l.sqlState);
    }
    // Both checks ran before either insert committed, so the unique index decided at least once.
    expect(sqlStates).toContain("23505");
  });

  it("two serializable read-modify-writes of one row: one commits, the other a 40001 conflict", async () => {
    await seedStaff("race-serial");
    const action = racingAction("test.serializable_race", "serializable", barrier(2));
    const results = await Promise.all([0, 1].map(() => executeAction(action, { order: ["race-serial"] }, systemOptions(t.db, clock))));
    races += 1;
    const lost = await losers(results);
    internalErrors += lost.filter((l) => l.code === "internal_error").length;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(lost).toEqual([{
      code: "conflict",
      message: "Another change happened at the same time, so this one was not applied. Refresh the page and try again.",
      outcome: "failed", stage: "run", sqlState: "40001",
    }]);
  });

  it("two writers locking two rows in opposite orders: one commits, the deadlock victim a 40P01 conflict", async () => {
    await seedStaff("race-dead-a");
    await seedStaff("race-dead-b");
    const meet = barrier(2);
    const action = racingAction("test.deadlock_race", "read committed", meet);
    const results = await Promise.all([["race-dead-a", "race-dead-b"], ["race-dead-b", "race-dead-a"]].map((order) => executeAction(action, { order }, systemOptions(t.db, clock))));
    races += 1;
    const lost = await losers(results);
    internalErrors += lost.filter((l) => l.code === "internal_error").length;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(lost).toMatchObject([{ code: "conflict", outcome: "failed", stage: "run", sqlState: "40P01" }]);
  });
});
