import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, isNotNull } from "drizzle-orm";
import { customers, staff, tokens, tokenStatuses, auditEvents } from "@/db/schema";
import { seedDemo } from "@/db/seed/seed";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe("demo seed", () => {
  it("fills an empty database through the pipeline, with an intact audit chain", async () => {
    const report = await seedDemo(t.db, { customers: 30 });
    expect(report).toEqual({ seeded: true, staff: 5, customers: 30 });
    const [c] = await t.db.select({ n: count() }).from(customers);
    expect(c!.n).toBe(30);
    const roles = (await t.db.select({ role: staff.role }).from(staff)).map((r) => r.role).sort();
    expect(roles).toEqual(["admin", "auditor", "operator", "supervisor", "teller"]);
    for (const status of tokenStatuses) {
      const [n] = await t.db.select({ n: count() }).from(tokens).where(eq(tokens.status, status));
      expect(n!.n, status).toBeGreaterThan(0);
    }
    const [events] = await t.db.select({ n: count() }).from(auditEvents);
    // 5 staff + 30 customers + 3 failed phone verifications that block one customer.
    expect(events!.n).toBe(38);
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true, checked: 38 });
    const blocked = await t.db.select({ contractId: customers.contractId }).from(customers).where(isNotNull(customers.verificationBlockedAt));
    expect(blocked).toHaveLength(1);
  });

  it("leaves a database that already holds customers alone", async () => {
    expect(await seedDemo(t.db, { customers: 5 })).toEqual({ seeded: false, staff: 0, customers: 0 });
  });
});
