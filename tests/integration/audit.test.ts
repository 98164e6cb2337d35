import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { auditChain, auditEvents, staff } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { defineAction } from "@/lib/actions/types";
import { appendAuditEvent } from "@/lib/audit/append";
import { GENESIS_HASH } from "@/lib/audit/chain";
import { sealPending, sealingLag } from "@/lib/audit/sequencer";
import { startSequencer } from "@/lib/audit/worker";
import { verifyAuditChain } from "@/lib/audit/verify";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { sealEverything, sealedChain } from "@/tests/fixtures/audit";
import { PASSWORD, allAuditEvents, createStaffMember, rejection, systemOptions } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");

/** A cheap action (no password hashing) to put many events in the chain. */
const note = defineAction({
  name: "test.note",
  permission: "staff.create",
  input: z.object({ n: z.number().int() }),
  assurance: "none",
  subject: { kind: "none" },
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
  // Verification rebuilds each event's canonical JSON in SQL: strings that need escaping must come out
  // byte for byte as JSON.stringify writes them.
  const tricky = 'quote " backslash \\ newline \n tab \t cr \r bell \u0007 del \u007f 日本語 😀 \u2028 </script>';
  await t.db.transaction((tx) =>
    appendAuditEvent(
      tx,
      { actor: { type: "anonymous", id: tricky, role: null }, action: "test.tricky", outcome: "invalid", reason: tricky, details: { [tricky]: [tricky, 1.5, -0, 1e21, 12345678901234, true, null, { b: 1, a: { d: [], c: {} } }] } },
      { channel: "web", ip: "::1", userAgent: tricky, requestId: tricky },
      new Date(Date.UTC(2026, 10, 22, 5, 0, 0, 7)),
    ),
  );
});
afterAll(async () => t?.close());

async function eventCount(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(auditEvents);
  return row!.n;
}

async function chainLength(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(auditChain);
  return row!.n;
}

describe("the audit tables are append-only", () => {
  beforeAll(async () => {
    await sealEverything(t.db);
  });

  it.each([
    ["UPDATE", "update audit_events set outcome = 'denied' where id = 2"],
    ["UPDATE of every row", "update audit_events set details = '{}'::jsonb"],
    ["DELETE", "delete from audit_events where id = 3"],
    ["DELETE of every row", "delete from audit_events"],
    ["TRUNCATE", "truncate audit_events"],
    ["chain UPDATE", "update audit_chain set hash = prev_hash where seq = 2"],
    ["chain DELETE", "delete from audit_chain where seq = 3"],
    ["chain TRUNCATE", "truncate audit_chain"],
  ])("%s is rejected", async (_op, statement) => {
    const before = await sealedChain(t.db);
    expect(await rejection(t.raw(statement))).toMatch(/append-only/);
    expect(await sealedChain(t.db)).toEqual(before);
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
    const rows = await sealedChain(t.db);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: rows.length, lastSeq: rows.length, lastHash: rows.at(-1)!.hash, pending: 0, checkpoints: 0 });
  });
});

describe("the audit table keeps its index answers current", () => {
  it("is vacuumed after every 1 % of new events, not every 20 %", async () => {
    const rows = await t.db.execute(sql`select array_to_string(reloptions, ',') as options from pg_class where relname = 'audit_events'`);
    const [row] = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as Array<{ options: string }>;
    expect(row!.options).toContain("autovacuum_vacuum_insert_scale_factor=0.01");
  });
});

describe("fail-closed: no event, no change", () => {
  /** An action whose audit event cannot be stored (a NUL byte is not valid in a PostgreSQL text column). */
  const unrecordable = defineAction({
    name: "test.unrecordable",
    permission: "staff.create",
    input: z.object({ loginId: z.string() }),
    assurance: "none",
    subject: { kind: "none" },
    async run({ tx, now }, input) {
      await tx.insert(staff).values({ loginId: input.loginId, displayName: "Never", role: "operator", passwordHash: "x", createdAt: now, updatedAt: now });
      return { data: null, audit: { reason: "bad\u0000byte" } };
    },
  });

  it("an event insert that fails rolls the change back and the caller gets an error", async () => {
    const result = await executeAction(unrecordable, { loginId: "never.created" }, systemOptions(t.db, clock));
    expect(result).toMatchObject({ ok: false, code: "internal_error" });
    const created = await t.db.select().from(staff).where(eq(staff.loginId, "never.created"));
    expect(created).toHaveLength(0);
  });
});

describe("sealing", () => {
  it("events are committed unsealed, with their id returned at once; sealing gives them consecutive positions", async () => {
    await sealEverything(t.db);
    const lengthBefore = await chainLength();
    const result = await executeAction(note, { n: 50 }, systemOptions(t.db, clock));
    expect(result.ok).toBe(true);
    expect((await sealingLag(t.db)).unsealed).toBe(1);
    // (On a shared PostgreSQL server another database's open transaction may delay it a moment.)
    await expect.poll(async () => (await sealPending(t.db)).head, { timeout: 30_000 }).toMatchObject({ seq: lengthBefore + 1, eventId: result.auditEventId });
    expect(await sealingLag(t.db)).toMatchObject({ unsealed: 0, oldestUnsealedAt: null, oldestUnsealedAgeMs: 0, headSeq: lengthBefore + 1 });
  });

  it("a stopped sequencer leaves actions working and the lag visible; restarted, it catches up", async () => {
    const sequencer = startSequencer(t.handle, { intervalMs: 20 });
    await executeAction(note, { n: 60 }, systemOptions(t.db, clock));
    await expect.poll(async () => (await sealingLag(t.db)).unsealed, { timeout: 30_000 }).toBe(0);
    await sequencer.stop();

    for (let n = 61; n <= 65; n++) expect((await executeAction(note, { n }, systemOptions(t.db, clock))).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const lag = await sealingLag(t.db);
    expect(lag.unsealed).toBe(5);
    expect(lag.oldestUnsealedAt).toEqual(clock.now());

    const restarted = startSequencer(t.handle, { intervalMs: 20 });
    await expect.poll(async () => (await sealingLag(t.db)).unsealed, { timeout: 30_000 }).toBe(0);
    await restarted.stop();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, pending: 0 });
  });
});

describe("concurrent appends", () => {
  it("~20 executeAction calls at once all commit, and sealing gives one unforked chain with consecutive sequence numbers", async () => {
    const before = await sealedChain(t.db);
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

    const ids = results.map((r) => r.auditEventId);
    expect(ids.every((s) => typeof s === "number")).toBe(true);
    expect(new Set(ids).size).toBe(calls.length);
    expect(results.filter((r) => r.ok)).toHaveLength(18);
    expect(results.filter((r) => !r.ok && r.code === "invalid_input")).toHaveLength(3);
    expect((await t.db.select({ n: count() }).from(staff))[0]!.n).toBe(staffBefore + 3);

    const after = await sealedChain(t.db);
    expect(after).toHaveLength(before.length + calls.length);
    expect(after.map((e) => e.seq)).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(new Set(after.map((e) => e.id))).toEqual(new Set((await allAuditEvents(t.db)).map((e) => e.id)));
    expect(new Set(after.map((e) => e.hash)).size).toBe(after.length);
    for (let i = 1; i < after.length; i++) expect(after[i]!.prevHash, `seq ${after[i]!.seq}`).toBe(after[i - 1]!.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: after.length, lastSeq: after.length, lastHash: after.at(-1)!.hash, pending: 0, checkpoints: 0 });
  });
});
