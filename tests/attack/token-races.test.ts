import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { activeToken as activeTokenFixture, tokenRow } from "@/tests/fixtures/tokens";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking", 100_000);
});
afterAll(async () => t?.close());

const activeToken = () => activeTokenFixture(t.db, clock, key);

if (!onPostgres) console.log(`token races skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("token-service races", () => {
  it("50 concurrent replays of one code: exactly one is accepted", async () => {
    const token = await activeToken();
    const otp = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp }, apiOptions(t.db, clock, key))),
    );
    const accepted = results.filter((r) => r.ok && r.data.ok).length;
    recordFigure("otp-replay-race", "Token OTP: 50 concurrent uses of one code → accepted", accepted);
    expect(accepted).toBe(1);
  });

  it("a flood of 30 concurrent wrong codes locks the token at exactly the 10th", async () => {
    const token = await activeToken();
    const right = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    const wrong = right.slice(0, 7) + String((Number(right[7]) + 1) % 10);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp: wrong }, apiOptions(t.db, clock, key))),
    );
    const lockedNow = results.filter((r) => r.ok && !r.data.ok && r.data.lockedNow).length;
    const counted = results.filter((r) => r.ok && !r.data.ok && (r.data.reason === "invalid_code" || r.data.reason === "replay")).length;
    recordFigure("otp-flood-lock", "Token OTP: 30 concurrent wrong codes → codes counted before the lock", counted);
    expect(lockedNow).toBe(1);
    expect(counted).toBe(10);
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("locked");
  });
});
