import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";
import { executeAction } from "@/lib/actions/execute";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { allAuditEvents } from "@/tests/fixtures/staff";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let second: DbHandle;
const clock = fixedClock("2026-11-22T05:00:30.000Z");

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  second = await openDatabase({ driver: "postgres", url: t.url!, max: 8 });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

if (!onPostgres) console.log(`rate-limit race skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("rate limits counted outside the action's transaction", () => {
  it("60 concurrent calls through two portal processes (two pools) against a limit of 20: exactly 20 run, 40 refused and audited", async () => {
    const key = await createClient(t.db, clock, "racer", 20);
    const probe = { serviceId: "10112890", userId: "559999990001", otp: "12345678" };
    const before = (await allAuditEvents(t.db)).length;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => executeAction(verifyOtpAction, probe, apiOptions(i % 2 ? t.db : second.db, clock, key))));
    const limited = results.filter((r) => r.ok && !r.data.ok && r.data.reason === "rate_limited").length;
    recordFigure("rate-limit-two-pools", "API rate limit 20/min: 60 concurrent calls through two portal processes → calls run", 60 - limited);
    expect(60 - limited).toBe(20);
    const events = (await allAuditEvents(t.db)).slice(before);
    expect(events).toHaveLength(60);
    expect(events.filter((e) => (e.details as { reason?: string }).reason === "rate_limited")).toHaveLength(40);
  });
});
