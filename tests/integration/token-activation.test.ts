import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { verifyPassword } from "@/lib/auth/password";
import { open } from "@/lib/crypto/secretbox";
import { base32Decode } from "@/lib/otp/base32";
import { DAY, MINUTE, fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { allAuditEvents, auditEventAt, maxEventId, systemOptions } from "@/tests/fixtures/staff";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { issue, legacyToken, tokenRow, type Issued } from "@/tests/fixtures/tokens";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const secrets: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "activation-app");
  secrets.push(key);
});
afterAll(async () => t?.close());

function activate(token: Pick<Issued, "serviceId" | "userId">, activationPassword: string, device: object = {}) {
  secrets.push(activationPassword);
  return executeAction(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword, device }, apiOptions(t.db, clock, key));
}

/** A wrong password that differs from the right one. */
const wrong = (p: string) => (p === "11111111" ? "22222222" : "11111111");

describe("issuing a token", () => {
  it("creates a pending token with a hashed 8-digit activation password shown once", async () => {
    const issued = await issue(t.db, clock);
    secrets.push(issued.activationPassword);
    expect(issued.activationPassword).toMatch(/^\d{8}$/);
    expect(issued.serial).toMatch(/^\d{8}$/);
    const row = await tokenRow(t.db, issued.tokenId);
    expect(row.status).toBe("pending_activation");
    expect(row.activationPasswordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.activationPasswordHash!, issued.activationPassword)).toBe(true);
    expect(row.activationDeadline!.getTime()).toBe(clock.now().getTime() + 30 * DAY);
  });

  it("refuses a second live token for the same service ID and user ID", async () => {
    const issued = await issue(t.db, clock);
    const again = await executeAction(issueTokenAction, { customerId: issued.customerId, serviceId: issued.serviceId, userId: issued.userId }, systemOptions(t.db, clock));
    expect(again).toMatchObject({ ok: false, code: "conflict" });
  });
});

describe("activation", () => {
  it("binds the token, returns its secret once and keeps it only sealed", async () => {
    const issued = await issue(t.db, clock);
    const result = await activate(issued, issued.activationPassword, { label: "Pixel 9", time: clock.now().toISOString() });
    expect(result.ok && result.data.ok).toBe(true);
    if (!result.ok || !result.data.ok) return;
    secrets.push(result.data.secretBase32);
    expect(result.data.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+digits=8&period=60/);
    const row = await tokenRow(t.db, issued.tokenId);
    expect(row).toMatchObject({ status: "active", deviceLabel: "Pixel 9", activationPasswordHash: null, activationFailures: 0 });
    expect(row.totpSecretEnc).not.toContain(result.data.secretBase32);
    expect(open(row.totpSecretEnc!).equals(base32Decode(result.data.secretBase32))).toBe(true);
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event).toMatchObject({ action: "token_service.activate", outcome: "success", actorType: "api_client", tokenId: issued.tokenId, customerId: issued.customerId, channel: "api" });
  });

  it("answers S0B4 when the user ID is already bound, and the password cannot be used twice", async () => {
    const issued = await issue(t.db, clock);
    await activate(issued, issued.activationPassword);
    const again = await activate(issued, issued.activationPassword);
    expect(again).toMatchObject({ ok: true, data: { ok: false, reason: "already_active", appError: "S0B4" } });
    expect((await auditEventAt(t.db, again.auditEventId)).outcome).toBe("failed");
  });

  it("answers S0A1 for an unknown service ID and S0C1 for an unknown user ID, changing nothing", async () => {
    const issued = await issue(t.db, clock);
    expect(await activate({ serviceId: "10119999", userId: issued.userId }, issued.activationPassword)).toMatchObject({ ok: true, data: { appError: "S0A1" } });
    expect(await activate({ serviceId: issued.serviceId, userId: "559999999999" }, issued.activationPassword)).toMatchObject({ ok: true, data: { appError: "S0C1" } });
    expect(await tokenRow(t.db, issued.tokenId)).toMatchObject({ status: "pending_activation", activationFailures: 0 });
  });

  it("counts wrong activation passwords (S0C1) and locks on the 5th (S0C4), then refuses even the right one", async () => {
    const issued = await issue(t.db, clock);
    for (let i = 1; i <= 4; i++) {
      const r = await activate(issued, wrong(issued.activationPassword));
      expect(r).toMatchObject({ ok: true, data: { ok: false, reason: "wrong_credentials", appError: "S0C1" } });
      expect((await tokenRow(t.db, issued.tokenId)).activationFailures).toBe(i);
    }
    const fifth = await activate(issued, wrong(issued.activationPassword));
    expect(fifth).toMatchObject({ ok: true, data: { ok: false, reason: "activation_locked", appError: "S0C4", lockedNow: true } });
    expect(await tokenRow(t.db, issued.tokenId)).toMatchObject({ status: "activation_locked", activationFailures: 5 });
    const right = await activate(issued, issued.activationPassword);
    expect(right).toMatchObject({ ok: true, data: { ok: false, appError: "S0C4" } });
    expect((await tokenRow(t.db, issued.tokenId)).totpSecretEnc).toBeNull();
  });

  it("a right password resets the count of wrong ones", async () => {
    const issued = await issue(t.db, clock);
    for (let i = 0; i < 4; i++) await activate(issued, wrong(issued.activationPassword));
    expect(await activate(issued, issued.activationPassword)).toMatchObject({ ok: true, data: { ok: true } });
    expect(await tokenRow(t.db, issued.tokenId)).toMatchObject({ status: "active", activationFailures: 0 });
  });

  it("answers S0B5 for a suspended token", async () => {
    const userId = "556600000001";
    await createCustomer(t.db, clock, { tokens: [legacyToken(clock, "suspended", userId)] });
    expect(await activate({ serviceId: "10112890", userId }, "12345678")).toMatchObject({ ok: true, data: { reason: "suspended", appError: "S0B5" } });
  });

  it("answers S0F1 when the phone's clock is far off, without counting a failure", async () => {
    const issued = await issue(t.db, clock);
    const deviceTime = new Date(clock.now().getTime() + 9 * 60 * MINUTE).toISOString();
    const r = await activate(issued, issued.activationPassword, { time: deviceTime });
    expect(r).toMatchObject({ ok: true, data: { reason: "device_clock", appError: "S0F1" } });
    expect(await tokenRow(t.db, issued.tokenId)).toMatchObject({ status: "pending_activation", activationFailures: 0 });
    // Within tolerance (2 minutes off) it works.
    const ok = await activate(issued, issued.activationPassword, { time: new Date(clock.now().getTime() - 2 * MINUTE).toISOString() });
    expect(ok).toMatchObject({ ok: true, data: { ok: true } });
  });

  it("refuses an activation password after its deadline (S0C1)", async () => {
    const issued = await issue(t.db, clock);
    clock.advance(31 * DAY);
    try {
      expect(await activate(issued, issued.activationPassword)).toMatchObject({ ok: true, data: { reason: "activation_expired", appError: "S0C1" } });
    } finally {
      clock.advance(-31 * DAY);
    }
  });

  it("audits every call and never records an activation password, secret or key", async () => {
    const customerId = await createCustomer(t.db, clock);
    const before = await maxEventId(t.db);
    const issued = await issue(t.db, clock, customerId);
    secrets.push(issued.activationPassword);
    await activate(issued, wrong(issued.activationPassword));
    await activate(issued, issued.activationPassword);
    expect((await maxEventId(t.db)) - before).toBe(3);
    const text = JSON.stringify(await allAuditEvents(t.db));
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
