import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as activatePost } from "@/app/api/token-service/v1/activate/route";
import { POST as verifyPost } from "@/app/api/token-service/v1/verify/route";
import { POST as resyncPost } from "@/app/api/token-service/v1/resync/route";
import { POST as renewPost } from "@/app/api/token-service/v1/renew/route";
import type { DbHandle } from "@/db/client";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { MINUTE, systemClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { allAuditEvents, auditEventAt, maxEventId } from "@/tests/fixtures/staff";
import { createClient } from "@/tests/fixtures/api-clients";
import { issue, tokenRow, type Issued } from "@/tests/fixtures/tokens";

/** Route handlers use the process-wide database and the system clock: point them at the test DB. */
let t: TestDb;
let key: string;
const secrets: string[] = [];
const logged: string[] = [];
const clock = systemClock;

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  key = await createClient(t.db, clock, "api-route-app");
  secrets.push(key);
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = undefined;
  await t?.close();
});

type Handler = (request: Request) => Promise<Response>;

function post(handler: Handler, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }, raw?: string): Promise<Response> {
  return handler(
    new Request("http://localhost/api/token-service/v1/op", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "route-test", ...headers },
      body: raw ?? JSON.stringify(body),
    }),
  );
}

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function activated(): Promise<Issued & { secret: Buffer }> {
  const issued = await issue(t.db, clock);
  secrets.push(issued.activationPassword);
  const r = await json(await post(activatePost, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword, device: { label: "iPhone", time: new Date().toISOString() } }));
  expect(r.status).toBe(200);
  secrets.push(r.body.secret as string);
  return { ...issued, secret: base32Decode(r.body.secret as string) };
}

function code(secret: Buffer, skewMs = 0): string {
  const c = totpAt(secret, new Date(Date.now() + skewMs), TOKEN_TOTP);
  secrets.push(c);
  return c;
}

describe("token-service API over HTTP", () => {
  it("activates, then verifies the app's code once and refuses it the second time", async () => {
    const issued = await issue(t.db, clock);
    secrets.push(issued.activationPassword);
    const r = await json(await post(activatePost, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, serial: issued.serial, digits: 8, period: 60, algorithm: "SHA1" });
    expect(r.body.otpauthUri).toContain(`secret=${r.body.secret as string}`);
    secrets.push(r.body.secret as string);
    const secret = base32Decode(r.body.secret as string);
    const otp = code(secret);
    const body = { serviceId: issued.serviceId, userId: issued.userId, otp };
    expect(await json(await post(verifyPost, body))).toEqual({ status: 200, body: { ok: true, result: "accepted" } });
    expect(await json(await post(verifyPost, body))).toEqual({ status: 200, body: { ok: true, result: "rejected", reason: "replay", appError: null } });
  });

  it("answers the app's error codes with 4xx and a machine-readable body", async () => {
    const issued = await issue(t.db, clock);
    const bad = await json(await post(activatePost, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: "0000" }));
    expect(bad).toMatchObject({ status: 401, body: { ok: false, error: { code: "wrong_credentials", appError: "S0C1" } } });
    const service = await json(await post(activatePost, { serviceId: "10119999", userId: issued.userId, activationPassword: "0000" }));
    expect(service).toMatchObject({ status: 404, body: { error: { appError: "S0A1" } } });
    const skewed = await json(await post(activatePost, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: "0000", device: { time: new Date(Date.now() - 3 * 60 * MINUTE).toISOString() } }));
    expect(skewed).toMatchObject({ status: 422, body: { error: { appError: "S0F1" } } });
  });

  it("resyncs a skewed app and renews only inside the window", async () => {
    const token = await activated();
    const ids = { serviceId: token.serviceId, userId: token.userId };
    const resync = await json(await post(resyncPost, { ...ids, otp1: code(token.secret, -5 * MINUTE), otp2: code(token.secret, -4 * MINUTE) }));
    expect(resync).toMatchObject({ status: 200, body: { ok: true, clockOffsetSteps: -5 } });
    const renew = await json(await post(renewPost, { ...ids, otp: code(token.secret, -3 * MINUTE) }));
    expect(renew).toMatchObject({ status: 409, body: { error: { code: "outside_renewal_window", appError: "S3E4" } } });
  });

  it("refuses missing, wrong and malformed keys with 401 (Bearer or X-Api-Key)", async () => {
    const token = await activated();
    const body = { serviceId: token.serviceId, userId: token.userId, otp: code(token.secret) };
    const cases: Record<string, string>[] = [{}, { authorization: "Bearer tdk_00000000_" + "x".repeat(43) }, { authorization: "Basic abc" }, { "x-api-key": "nonsense" }];
    for (const headers of cases) {
      expect(await json(await post(verifyPost, body, headers))).toMatchObject({ status: 401, body: { ok: false, error: { code: "unauthenticated" } } });
    }
    expect(await json(await post(verifyPost, body, { "x-api-key": key }))).toMatchObject({ status: 200, body: { result: "accepted" } });
  });

  const malformed: Array<[string, unknown, string | undefined, number, string]> = [
    ["not JSON", null, "{serviceId:", 400, "invalid_json"],
    ["an empty body", null, "", 400, "invalid_json"],
    ["a JSON array", [], undefined, 400, "invalid_input"],
    ["missing fields", { serviceId: "10112890" }, undefined, 400, "invalid_input"],
    ["wrong types", { serviceId: 10112890, userId: 555, otp: 12345678 }, undefined, 400, "invalid_input"],
    ["a 7-digit code", { serviceId: "10112890", userId: "550000000001", otp: "1234567" }, undefined, 400, "invalid_input"],
    ["an unknown field", { serviceId: "10112890", userId: "550000000001", otp: "12345678", admin: true }, undefined, 400, "invalid_input"],
    ["an oversized body", { serviceId: "10112890", userId: "550000000001", otp: "12345678", pad: "x".repeat(10_000) }, undefined, 413, "payload_too_large"],
  ];

  it.each(malformed)("refuses %s with %i %s, audited, changing nothing", async (_label, body, raw, status, errorCode) => {
    const token = await activated();
    const before = await tokenRow(t.db, token.tokenId);
    const seq = await maxEventId(t.db);
    const r = await json(await post(verifyPost, body, undefined, raw));
    expect(r).toMatchObject({ status, body: { ok: false, error: { code: errorCode } } });
    expect(await tokenRow(t.db, token.tokenId)).toEqual(before);
    expect(await maxEventId(t.db)).toBe(seq + 1);
    expect(await auditEventAt(t.db, seq + 1)).toMatchObject({ action: "token_service.verify", outcome: "invalid", actorType: "api_client", channel: "api" });
  });

  it("refuses a body that is not declared JSON with 415", async () => {
    const r = await verifyPost(new Request("http://localhost/x", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "text/plain" }, body: "{}" }));
    expect(r.status).toBe(415);
  });

  it("never logged nor audited a secret, code, activation password or key", async () => {
    const events = JSON.stringify(await allAuditEvents(t.db));
    const logs = logged.join("\n");
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of new Set(secrets)) {
      expect(events).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
