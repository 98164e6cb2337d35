import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { POST as confirmPost } from "@/app/api/token-service/v1/confirm-email/route";
import type { DbHandle } from "@/db/client";
import { customers } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { MAX_CONFIRM_FAILURES } from "@/lib/emails/policy";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createCustomer } from "@/tests/fixtures/customers";
import { createClient } from "@/tests/fixtures/api-clients";
import { emailRows, mailedCode, verifyCaller } from "@/tests/fixtures/emails";
import { allAuditEvents, auditEventAt, createSignedInStaff, maxEventId, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";

/**
 * POST /api/token-service/v1/confirm-email as internet banking calls it: the route handler in
 * process, the process-wide database pointed at the test DB, the system clock.
 */
let t: TestDb;
let key: string;
let operator: Member;
const clock = fixedClock(new Date());
const secrets: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  key = await createClient(t.db, clock, "internet-banking");
  operator = await createSignedInStaff(t.db, clock, "operator.api", "operator");
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

async function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await confirmPost(
    new Request("http://localhost/api/token-service/v1/confirm-email", { method: "POST", headers: { "content-type": "application/json", "user-agent": "route-test", ...headers }, body: JSON.stringify(body) }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A customer for whom the desk has just added `address`: its contract ID and the code mailed to it. */
async function waiting(address: string): Promise<{ customerId: string; contractId: string; code: string }> {
  const customerId = await createCustomer(t.db, clock, { emails: ["taro@example.jp"] });
  await verifyCaller(t.db, clock, operator, customerId);
  const added = await executeAction(addEmailAction, { customerId, address, reason: "お客さまのご依頼", ...formKey() }, staffOptions(t.db, clock, operator));
  if (!added.ok) throw new Error(added.message);
  const code = await mailedCode(t.db, address);
  secrets.push(code);
  const [c] = await t.db.select().from(customers).where(eq(customers.id, customerId));
  return { customerId, contractId: c!.contractId, code };
}

const wrongOf = (code: string) => String((Number(code) + 1) % 1e8).padStart(8, "0");

describe("POST /api/token-service/v1/confirm-email", () => {
  it("confirms with the mailed code, then answers 409 for the confirmed address", async () => {
    const { customerId, contractId, code } = await waiting("hanako@example.jp");
    const ok = await post({ contractId, address: "Hanako@Example.JP", code });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, result: "confirmed", confirmedAt: expect.any(String) } });
    expect((await emailRows(t.db, customerId)).find((r) => r.address === "hanako@example.jp")!.confirmedAt).not.toBeNull();
    expect(await post({ contractId, address: "hanako@example.jp", code })).toMatchObject({ status: 409, body: { ok: false, error: { code: "email_already_confirmed", appError: null } } });
  });

  it(`answers a wrong code with 401, the ${MAX_CONFIRM_FAILURES}th with locked, and the void code with 423`, async () => {
    const { contractId, code } = await waiting("typo@example.jp");
    for (let i = 1; i < MAX_CONFIRM_FAILURES; i++) {
      const r = await post({ contractId, address: "typo@example.jp", code: wrongOf(code) });
      expect(r).toMatchObject({ status: 401, body: { ok: false, error: { code: "wrong_confirmation_code" } } });
      expect(r.body.error).not.toHaveProperty("locked");
    }
    expect(await post({ contractId, address: "typo@example.jp", code: wrongOf(code) })).toMatchObject({ status: 401, body: { error: { code: "wrong_confirmation_code", locked: true } } });
    const voided = await post({ contractId, address: "typo@example.jp", code });
    expect(voided).toMatchObject({ status: 423, body: { ok: false, error: { code: "confirmation_void" } } });
    expect((voided.body.error as { message: string }).message).toContain("register the address again");
  });

  it("answers 404 for an address the contract does not have waiting, without telling which part was wrong", async () => {
    const { contractId, code } = await waiting("mine@example.jp");
    const unknownAddress = await post({ contractId, address: "someone@example.jp", code });
    const unknownContract = await post({ contractId: "7999999990", address: "mine@example.jp", code });
    expect(unknownAddress).toMatchObject({ status: 404, body: { error: { code: "unknown_email" } } });
    expect(unknownContract.body).toEqual(unknownAddress.body);
  });

  it("refuses a malformed body with 400 naming the fields, and a missing key with 401, audited", async () => {
    const seq = await maxEventId(t.db);
    const bad = await post({ contractId: "123", address: "not an address", code: "1234" });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: "invalid_input" } } });
    expect(((bad.body.error as { fields: string[] }).fields ?? []).sort()).toEqual(["address", "code", "contractId"]);
    expect(await auditEventAt(t.db, seq + 1)).toMatchObject({ action: "token_service.confirm_email", outcome: "invalid", actorType: "api_client", channel: "api" });
    expect(await post({ contractId: "7000000001", address: "a@example.jp", code: "12345678" }, {})).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
  });

  it("never puts a code or the key in the audit log or the server log", async () => {
    expect(secrets.length).toBeGreaterThan(3);
    const events = JSON.stringify(await allAuditEvents(t.db));
    for (const secret of secrets) {
      expect(events).not.toContain(secret);
      for (const line of logged) expect(line).not.toContain(secret);
    }
  });
});
