import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { applyRuntimeGrants } from "@/db/roles";
import { executeAction } from "@/lib/actions/execute";
import { fixedClock } from "@/lib/time/clock";
import { createApiClient } from "@/lib/actions/api-clients/create-api-client";
import { createTestDb, TEST_RUNTIME_ROLE, type TestDb } from "@/tests/fixtures/db";
import { systemOptions } from "@/tests/fixtures/staff";
import { onPostgres, recordFigure } from "./figures";

/**
 * An insider (or an injected query) holding the portal's own database credentials tries to rewrite
 * history. The runtime role owns nothing and holds no UPDATE/DELETE/TRUNCATE/TRIGGER on audit
 * tables, so every attempt fails with a permission error — before any trigger is even consulted.
 */
let t: TestDb;
let app: postgres.Sql;
const clock = fixedClock("2026-11-22T05:00:30.000Z");

const skipReason = "needs real PostgreSQL (set DATABASE_URL): PGlite is single-user, there is no role to restrict";
if (!onPostgres) console.log(`database runtime role skipped: ${skipReason}`);

describe.skipIf(!onPostgres)("the portal's database role cannot undo the audit protection", () => {
  beforeAll(async () => {
    t = await createTestDb();
    const r = await executeAction(createApiClient, { name: "insider", rateLimitPerMinute: 60 }, systemOptions(t.db, clock));
    expect(r.ok).toBe(true);
    app = postgres(t.runtimeUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await app?.end({ timeout: 5 });
    await t?.close();
  });

  const auditCount = async () => Number((await app`select count(*)::int as n from audit_events`)[0]?.n);

  const attacks: [string, string][] = [
    ["UPDATE", "update audit_events set outcome = 'denied'"],
    ["DELETE", "delete from audit_events"],
    ["TRUNCATE", "truncate audit_events"],
    ["ALTER", "alter table audit_events add column note text"],
    ["DISABLE TRIGGER", "alter table audit_events disable trigger audit_events_no_update"],
  ];

  it("UPDATE, DELETE, TRUNCATE, ALTER and DISABLE TRIGGER on audit_events are refused; DROP too", async () => {
    expect((await app`select current_user as u`)[0]?.u).toBe(TEST_RUNTIME_ROLE);
    const before = await auditCount();
    let refused = 0;
    for (const [, statement] of attacks) {
      const error = await app.unsafe(statement).then(() => null, (e: Error) => e);
      if (error && /permission denied|must be owner/.test(error.message)) refused++;
    }
    recordFigure("db-runtime-role", "Database insider as the portal's role: UPDATE/DELETE/TRUNCATE/ALTER/DISABLE TRIGGER on audit_events → refused", `${refused} of ${attacks.length} refused`);
    expect(refused).toBe(attacks.length);
    await expect(app.unsafe("drop table audit_events")).rejects.toThrow(/must be owner|permission denied/);
    expect(await auditCount()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it("the portal's role can still INSERT (through the pipeline) and SELECT audit events", async () => {
    const [row] = await t.db.select({ n: count() }).from(auditEvents);
    const r = await executeAction(createApiClient, { name: "second", rateLimitPerMinute: 60 }, systemOptions(t.db, clock));
    expect(r.ok).toBe(true);
    const [after] = await t.db.select({ n: count() }).from(auditEvents);
    expect(after!.n).toBe(row!.n + 1);
  });

  it("a table added later with the audit_ prefix is append-only for the portal after the grant step re-runs", async () => {
    await t.raw("create table audit_chain_test (id int primary key, note text)");
    const owner = postgres(t.ownerUrl!, { max: 1, onnotice: () => {} });
    try {
      await applyRuntimeGrants(owner, TEST_RUNTIME_ROLE);
    } finally {
      await owner.end({ timeout: 5 });
    }
    await app`insert into audit_chain_test values (1, 'x')`;
    expect(await app`select * from audit_chain_test`).toHaveLength(1);
    await expect(app`update audit_chain_test set note = 'y'`).rejects.toThrow(/permission denied/);
    await expect(app`delete from audit_chain_test`).rejects.toThrow(/permission denied/);
    await expect(app.unsafe("truncate audit_chain_test")).rejects.toThrow(/permission denied/);
    // And the other tables keep working, without TRUNCATE.
    await expect(app.unsafe("truncate api_clients")).rejects.toThrow(/permission denied/);
  });
});
