import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import { revokeApiClient } from "@/lib/actions/api-clients/revoke-api-client";
import { renewTokenAction } from "@/lib/actions/tokens/renew-token";
import { resyncTokenAction } from "@/lib/actions/tokens/resync-token";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { base32Encode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { DAY, MINUTE, fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { allAuditEvents, auditEventAt, maxEventId, systemOptions } from "@/tests/fixtures/staff";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { activeToken as activeTokenFixture, issue, tokenRow, type Active } from "@/tests/fixtures/tokens";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
const secrets: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking");
  secrets.push(key);
});
afterAll(async () => t?.close());

async function activeToken(): Promise<Active> {
  const token = await activeTokenFixture(t.db, clock, key);
  secrets.push(token.activationPassword, base32Encode(token.secret));
  return token;
}

/** The code the customer's app shows, with its clock `skewMs` off the server's. */
function appCode(token: Active, skewMs = 0): string {
  const code = totpAt(token.secret, new Date(clock.now().getTime() + skewMs), TOKEN_TOTP);
  secrets.push(code);
  return code;
}

const ids = (token: Active) => ({ serviceId: token.serviceId, userId: token.userId });
const verify = (token: Active, otp: string, apiKey: string | null = key) => executeAction(verifyOtpAction, { ...ids(token), otp }, apiOptions(t.db, clock, apiKey));
/** A wrong code: the right one with its last digit changed. */
const wrongCode = (code: string) => code.slice(0, 7) + String((Number(code[7]) + 1) % 10);

describe("verify", () => {
  it("accepts the current code, audits it with the client as actor and the token as object", async () => {
    const token = await activeToken();
    const r = await verify(token, appCode(token));
    expect(r).toMatchObject({ ok: true, data: { ok: true } });
    const event = await auditEventAt(t.db, r.auditEventId);
    expect(event).toMatchObject({ action: "token_service.verify", outcome: "success", actorType: "api_client", actorRole: "api_client", tokenId: token.tokenId });
    expect(event.details).toMatchObject({ result: "accepted", serviceId: token.serviceId });
  });

  it("refuses a code accepted once (replay), without counting it toward the lock", async () => {
    const token = await activeToken();
    const code = appCode(token);
    expect(await verify(token, code)).toMatchObject({ ok: true, data: { ok: true } });
    expect(await verify(token, code)).toMatchObject({ ok: true, data: { ok: false, reason: "replay" } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(0);
    // Also after the minute turned, inside the window: still refused.
    clock.advance(MINUTE);
    expect(await verify(token, code)).toMatchObject({ ok: true, data: { ok: false, reason: "replay" } });
    expect(await verify(token, appCode(token))).toMatchObject({ ok: true, data: { ok: true } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(0);
  });

  it("accepts one step either side and nothing further", async () => {
    const token = await activeToken();
    expect(await verify(token, appCode(token, 2 * MINUTE))).toMatchObject({ data: { ok: false, reason: "invalid_code" } });
    expect(await verify(token, appCode(token, -2 * MINUTE))).toMatchObject({ data: { ok: false, reason: "invalid_code" } });
    expect(await verify(token, appCode(token, -MINUTE))).toMatchObject({ data: { ok: true } });
    expect(await verify(token, appCode(token, MINUTE))).toMatchObject({ data: { ok: true } });
  });

  it("locks the token on the 10th consecutive wrong code; then even the right code is refused", async () => {
    const token = await activeToken();
    const wrong = wrongCode(appCode(token));
    for (let i = 1; i <= 9; i++) {
      expect(await verify(token, wrong)).toMatchObject({ data: { ok: false, reason: "invalid_code" } });
      expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "active", otpFailures: i });
    }
    const tenth = await verify(token, wrong);
    expect(tenth).toMatchObject({ data: { ok: false, reason: "invalid_code", lockedNow: true } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "locked", otpFailures: 10 });
    expect((await auditEventAt(t.db, tenth.auditEventId)).details).toMatchObject({ lockedNow: true, otpFailures: 10 });
    expect(await verify(token, appCode(token))).toMatchObject({ data: { ok: false, reason: "locked" } });
  });

  it("refuses tokens not yet activated and unknown user IDs", async () => {
    const pending = await issue(t.db, clock);
    const fake = { ...pending, secret: Buffer.alloc(20) };
    expect(await verify(fake, "12345678")).toMatchObject({ data: { ok: false, reason: "not_active" } });
    expect(await verify({ ...fake, userId: "559999999998" }, "12345678")).toMatchObject({ data: { ok: false, reason: "unknown_token" } });
  });
});

describe("password correction (resync)", () => {
  it("finds a skewed phone's offset from two consecutive codes; its codes verify afterwards", async () => {
    const token = await activeToken();
    const skew = 7 * MINUTE;
    expect(await verify(token, appCode(token, skew))).toMatchObject({ data: { ok: false, reason: "invalid_code" } });
    const r = await executeAction(resyncTokenAction, { ...ids(token), otp1: appCode(token, skew), otp2: appCode(token, skew + MINUTE) }, apiOptions(t.db, clock, key));
    expect(r).toMatchObject({ ok: true, data: { ok: true, offsetSteps: 7 } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ clockOffsetSteps: 7, otpFailures: 0 });
    clock.advance(2 * MINUTE);
    expect(await verify(token, appCode(token, skew))).toMatchObject({ data: { ok: true } });
    expect(await verify(token, appCode(token))).toMatchObject({ data: { ok: false } });
  });

  it("refuses codes that are not consecutive, or beyond the hour it searches", async () => {
    const token = await activeToken();
    const run = (otp1: string, otp2: string) => executeAction(resyncTokenAction, { ...ids(token), otp1, otp2 }, apiOptions(t.db, clock, key));
    expect(await run(appCode(token), appCode(token, 2 * MINUTE))).toMatchObject({ data: { ok: false, reason: "invalid_code" } });
    expect(await run(appCode(token, 90 * MINUTE), appCode(token, 91 * MINUTE))).toMatchObject({ data: { ok: false, reason: "invalid_code" } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(2);
  });
});

describe("renewal and expiry", () => {
  const renew = (token: Active) => executeAction(renewTokenAction, { ...ids(token), otp: appCode(token) }, apiOptions(t.db, clock, key));

  it("refuses renewal more than 180 days before expiry (S3E4) and renews inside the window", async () => {
    const token = await activeToken();
    const expiresAt = (await tokenRow(t.db, token.tokenId)).expiresAt;
    expect(await renew(token)).toMatchObject({ data: { ok: false, reason: "outside_renewal_window", appError: "S3E4" } });
    const offset = expiresAt.getTime() - 170 * DAY - clock.now().getTime();
    clock.advance(offset);
    try {
      const r = await renew(token);
      expect(r).toMatchObject({ data: { ok: true } });
      expect((await tokenRow(t.db, token.tokenId)).expiresAt.getTime()).toBe(expiresAt.getTime() + 1095 * DAY);
    } finally {
      clock.advance(-offset);
    }
  });

  it("an expired token answers S4E3 to renew and resync, is refused at verify and becomes expired", async () => {
    const token = await activeToken();
    const expiresAt = (await tokenRow(t.db, token.tokenId)).expiresAt;
    const offset = expiresAt.getTime() + DAY - clock.now().getTime();
    clock.advance(offset);
    try {
      expect(await verify(token, appCode(token))).toMatchObject({ data: { ok: false, reason: "expired", appError: "S4E3" } });
      expect((await tokenRow(t.db, token.tokenId)).status).toBe("expired");
      expect(await renew(token)).toMatchObject({ data: { ok: false, appError: "S4E3" } });
      const resync = await executeAction(resyncTokenAction, { ...ids(token), otp1: appCode(token), otp2: appCode(token, MINUTE) }, apiOptions(t.db, clock, key));
      expect(resync).toMatchObject({ data: { ok: false, appError: "S4E3" } });
    } finally {
      clock.advance(-offset);
    }
  });
});

describe("API clients and rate limits", () => {
  it("refuses a missing, malformed, unknown or revoked key as unauthenticated, audited without the key", async () => {
    const token = await activeToken();
    const other = await createClient(t.db, clock, "to-revoke");
    secrets.push(other);
    expect(await verify(token, appCode(token), other)).toMatchObject({ ok: true });
    const revoked = await executeAction(revokeApiClient, { name: "to-revoke", reason: "Key leaked in a test" }, systemOptions(t.db, clock));
    expect(revoked.ok).toBe(true);
    const unknown = `${key.slice(0, 14)}${"A".repeat(43)}`;
    for (const apiKey of [null, "not-a-key", unknown, other]) {
      const r = await verify(token, appCode(token), apiKey);
      expect(r).toMatchObject({ ok: false, code: "unauthenticated" });
      const event = await auditEventAt(t.db, r.ok ? undefined : r.auditEventId);
      expect(event).toMatchObject({ actorType: "anonymous", outcome: "denied", channel: "api" });
    }
  });

  it("an API key is refused outside the API channel", async () => {
    const token = await activeToken();
    const r = await executeAction(verifyOtpAction, { ...ids(token), otp: appCode(token) }, { ...apiOptions(t.db, clock, key), meta: { channel: "web", locale: "en" } });
    expect(r).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("limits calls per token (30 a minute) and per client, in the database", async () => {
    const token = await activeToken();
    clock.set("2026-11-23T06:00:00.000Z");
    const wrong = wrongCode(appCode(token));
    // The limit counts calls whatever their answer: probing one unknown user ID (no lock to hit).
    const probe = { ...token, userId: "559999990000" };
    for (let i = 0; i < 30; i++) expect(await verify(probe, wrong)).toMatchObject({ data: { reason: "unknown_token" } });
    const limited = await verify(probe, wrong);
    expect(limited).toMatchObject({ ok: true, data: { ok: false, reason: "rate_limited" } });
    expect((await auditEventAt(t.db, limited.auditEventId)).outcome).toBe("failed");
    expect(await verify(token, appCode(token))).toMatchObject({ data: { ok: true } });
    clock.advance(MINUTE);
    expect(await verify(probe, wrong)).toMatchObject({ data: { reason: "unknown_token" } });

    const small = await createClient(t.db, clock, "small-client", 3);
    for (let i = 0; i < 3; i++) expect(await verify(probe, wrong, small)).toMatchObject({ data: { reason: "unknown_token" } });
    expect(await verify(token, appCode(token, MINUTE), small)).toMatchObject({ data: { reason: "rate_limited" } });
  });
});

it("every call left exactly one audit event, and none holds a code, secret, password or key", async () => {
  const token = await activeToken();
  const before = await maxEventId(t.db);
  await verify(token, appCode(token));
  await verify(token, "00000000");
  await executeAction(renewTokenAction, { ...ids(token), otp: "00000000" }, apiOptions(t.db, clock, key));
  expect((await maxEventId(t.db)) - before).toBe(3);
  const text = JSON.stringify(await allAuditEvents(t.db));
  expect(secrets.length).toBeGreaterThan(20);
  for (const secret of new Set(secrets)) expect(text).not.toContain(secret);
});
