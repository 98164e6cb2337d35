import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { activeToken as activeTokenFixture, tokenRow } from "@/tests/fixtures/tokens";
import { recordFigure } from "./figures";

/**
 * Internet banking times out after the token service accepted a code and retries, again and
 * again. Every retry is a replay: refused and audited as one, but it must not lock the customer's
 * token the way ten wrong codes do.
 */
let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking-retry", 100_000);
});
afterAll(async () => t?.close());

const activeToken = () => activeTokenFixture(t.db, clock, key);

const verify = (token: { serviceId: string; userId: string }, otp: string) =>
  executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp }, apiOptions(t.db, clock, key));

describe("OTP retry storm", () => {
  it("20 replays of an accepted code: all refused as replays, audited, none counted, token still active", async () => {
    const token = await activeToken();
    const otp = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    expect(await verify(token, otp)).toMatchObject({ ok: true, data: { ok: true } });
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await verify(token, otp));
    expect(results.every((r) => r.ok && !r.data.ok && r.data.reason === "replay")).toBe(true);
    const row = await tokenRow(t.db, token.tokenId);
    recordFigure("otp-retry-storm", "Token OTP: 20 replays of an accepted code → failures counted", row.otpFailures);
    expect(row.status).toBe("active");
    expect(row.otpFailures).toBe(0);
    const events = await t.db.select().from(auditEvents).where(and(eq(auditEvents.tokenId, token.tokenId), eq(auditEvents.action, "token_service.verify")));
    const replays = events.filter((e) => e.outcome === "failed" && (e.details as { reason?: string }).reason === "replay");
    expect(replays).toHaveLength(20);
    // The customer's next code still works.
    clock.advance(TOKEN_TOTP.stepSeconds * 1000);
    expect(await verify(token, totpAt(token.secret, clock.now(), TOKEN_TOTP))).toMatchObject({ ok: true, data: { ok: true } });
  });

  it("replays neither reset nor extend a run of wrong codes: the tenth wrong code still locks", async () => {
    const token = await activeToken();
    const right = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    const wrong = right.slice(0, 7) + String((Number(right[7]) + 1) % 10);
    expect(await verify(token, right)).toMatchObject({ ok: true, data: { ok: true } });
    for (let i = 0; i < 9; i++) await verify(token, wrong);
    for (let i = 0; i < 5; i++) expect(await verify(token, right)).toMatchObject({ ok: true, data: { ok: false, reason: "replay" } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(9);
    expect(await verify(token, wrong)).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code", lockedNow: true } });
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("locked");
  });
});
