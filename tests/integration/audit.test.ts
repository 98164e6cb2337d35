import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, staff } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { defineAction } from "@/lib/actions/types";
import { appendAuditEvent } from "@/lib/audit/append";
import { GENESIS_HASH, computeHash } from "@/lib/audit/chain";
import { verifyAuditChain } from "@/lib/audit/verify";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "./helpers/db";
import { PASSWORD, allAuditEvents, createStaffMember, rejection, systemOptions } from "./helpers/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");

/** A cheap action (no password hashing) to put many events in the chain. */
const note = defineAction({
  name: "test.note",
  permission: "staff.create",
  input: z.object({ n: z.number().int() }),
  assurance: "none",
  async run(_ctx, input) {
    return { data: input.n, audit: { details: { n: input.n, nested: { list: [input.n, "x"], at: new Date(Date.UTC(2026, 10, 22, 5, 0, 0, input.n)) } } } };
  },
});

beforeAll(async () => {
  t = await createTestDb();
  await createStaffMember(t.db, clock, { loginId: "someone", role: "operator" });
  for (let n = 1; n <= 9; n++) {
    clock.advance(1234);
    const result = await executeAction(note, { n }, systemOptions(t.db, clock));
    expect(result.ok).toBe(true);
  }
});
afterAll(async () => t?.close());

async function eventCount(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(auditEvents);
  return row!.n;
}

describe("audit_events is append-only", () => {
  it.each([
    ["UPDATE", "update audit_events set outcome = 'denied' where seq = 2"],
    ["UPDATE of every row", "update audit_events set details = '{}'::jsonb"],
    ["DELETE", "delete from audit_events where seq = 3"],
    ["DELETE of every row", "delete from audit_events"],
    ["TRUNCATE", "truncate audit_events"],
  ])("%s is rejected", async (_op, statement) => {
    const before = await allAuditEvents(t.db);
    expect(await rejection(t.raw(statement))).toMatch(/append-only/);
    expect(await allAuditEvents(t.db)).toEqual(before);
  });

  it("an UPDATE inside the application's own transaction is rejected too, and takes the transaction with it", async () => {
    const before = await eventCount();
    const attempt = t.db.transaction(async (tx) => {
      await appendAuditEvent(tx, { actor: { type: "system", id: "test", role: "system" }, action: "test.sneaky", outcome: "success" }, { channel: "cli" }, clock.now());
      await tx.update(auditEvents).set({ outcome: "failed" });
    });
    // On PostgreSQL the runtime role has no UPDATE grant at all; on PGlite the trigger refuses.
    expect(await rejection(attempt)).toMatch(/append-only|permission denied/);
    expect(await eventCount()).toBe(before);
  });

  it("the chain starts at genesis and verifies", async () => {
    const rows = await allAuditEvents(t.db);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: rows.length, lastSeq: rows.length, lastHash: rows.at(-1)!.hash });
  });
});

describe("tampering behind the application's back is detected", () => {
  it("a row whose details were altered: hash_mismatch at that seq", async () => {
    const seq = 5;
    const [original] = (await allAuditEvents(t.db)).filter((e) => e.seq === seq);
    await t.raw("alter table audit_events disable trigger audit_events_no_update");
    try {
      await t.raw(`update audit_events set details = jsonb_set(details, '{n}', '999') where seq = ${seq}`);
    } finally {
      await t.raw("alter table audit_events enable trigger audit_events_no_update");
    }
    // The trigger is back: the tamperer's way in is closed again.
    expect(await rejection(t.raw(`update audit_events set details = '{}'::jsonb where seq = ${seq}`))).toMatch(/append-only/);

    const report = await verifyAuditChain(t.db);
    expect(report).toEqual({ ok: false, checked: seq - 1, firstBadSeq: seq, problem: "hash_mismatch" });

    // Putting the original back makes the chain verify again (the verifier is exact, not fuzzy).
    await t.raw("alter table audit_events disable trigger audit_events_no_update");
    try {
      await t.raw(`update audit_events set details = '${JSON.stringify(original!.details)}'::jsonb where seq = ${seq}`);
    } finally {
      await t.raw("alter table audit_events enable trigger audit_events_no_update");
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("a row whose hash was recomputed to match its altered content: broken_link at the next seq", async () => {
    // Rewriting one row and its own hash still breaks the link the following row holds.
    const seq = 4;
    const [row] = (await allAuditEvents(t.db)).filter((e) => e.seq === seq);
    const { hash: originalHash, ...rest } = row!;
    const forged = { ...rest, outcome: "failed" as const };
    await t.raw("alter table audit_events disable trigger audit_events_no_update");
    try {
      await t.raw(`update audit_events set outcome = 'failed', hash = '${computeHash(forged)}' where seq = ${seq}`);
      expect(await verifyAuditChain(t.db)).toEqual({ ok: false, checked: seq, firstBadSeq: seq + 1, problem: "broken_link" });
      await t.raw(`update audit_events set outcome = '${rest.outcome}', hash = '${originalHash}' where seq = ${seq}`);
    } finally {
      await t.raw("alter table audit_events enable trigger audit_events_no_update");
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("a deleted middle row: missing_sequence at that seq", async () => {
    const seq = 6;
    await t.raw(`create table audit_events_saved as select * from audit_events where seq = ${seq}`);
    await t.raw("alter table audit_events disable trigger audit_events_no_update");
    try {
      await t.raw(`delete from audit_events where seq = ${seq}`);
    } finally {
      await t.raw("alter table audit_events enable trigger audit_events_no_update");
    }
    expect(await verifyAuditChain(t.db)).toEqual({ ok: false, checked: seq - 1, firstBadSeq: seq, problem: "missing_sequence" });
    // Small batches page across the gap the same way.
    expect(await verifyAuditChain(t.db, 2)).toEqual({ ok: false, checked: seq - 1, firstBadSeq: seq, problem: "missing_sequence" });

    // Restore the row (INSERT is allowed) so later tests start from an intact chain.
    await t.raw("insert into audit_events select * from audit_events_saved");
    await t.raw("drop table audit_events_saved");
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});

describe("concurrent appends", () => {
  it("~20 executeAction calls at once leave one unforked chain with consecutive sequence numbers", async () => {
    const before = await allAuditEvents(t.db);
    const staffBefore = (await t.db.select({ n: count() }).from(staff))[0]!.n;
    const calls = Array.from({ length: 21 }, (_, i) => {
      if (i % 7 === 0) {
        // Real staff creations (argon2 hashing inside the transaction) …
        return executeAction(createStaff, { loginId: `parallel.${i}`, displayName: `Parallel ${i}`, role: "operator", initialPassword: PASSWORD }, systemOptions(t.db, clock));
      }
      if (i % 7 === 3) {
        // … refusals, appended in their own transactions …
        return executeAction(note, { n: "not a number" }, systemOptions(t.db, clock));
      }
      // … and plain successes.
      return executeAction(note, { n: 100 + i }, systemOptions(t.db, clock));
    });
    const results = await Promise.all(calls);

    const seqs = results.map((r) => r.auditSeq);
    expect(seqs.every((s) => typeof s === "number")).toBe(true);
    expect(new Set(seqs).size).toBe(calls.length);
    expect(results.filter((r) => r.ok)).toHaveLength(18);
    expect(results.filter((r) => !r.ok && r.code === "invalid_input")).toHaveLength(3);
    expect((await t.db.select({ n: count() }).from(staff))[0]!.n).toBe(staffBefore + 3);

    const after = await allAuditEvents(t.db);
    expect(after).toHaveLength(before.length + calls.length);
    expect(after.map((e) => e.seq)).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(new Set(after.map((e) => e.hash)).size).toBe(after.length);
    expect(new Set(after.map((e) => e.prevHash)).size).toBe(after.length);
    for (let i = 1; i < after.length; i++) expect(after[i]!.prevHash, `seq ${after[i]!.seq}`).toBe(after[i - 1]!.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: after.length, lastSeq: after.length, lastHash: after.at(-1)!.hash });
  });
});
