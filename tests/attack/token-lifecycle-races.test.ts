import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import { auditEvents, customerNotices, customers } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import type { ActionResult } from "@/lib/actions/types";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { unlockTokenAction } from "@/lib/actions/tokens/unlock-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { issue, tokenRow } from "@/tests/fixtures/tokens";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { createSignedInStaff, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
let operators: Member[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking", 100_000);
  operators = [
    await createSignedInStaff(t.db, clock, "race.op1", "operator"),
    await createSignedInStaff(t.db, clock, "race.op2", "teller"),
    await createSignedInStaff(t.db, clock, "race.op3", "supervisor"),
  ];
});
afterAll(async () => t?.close());

if (!onPostgres) console.log(`token lifecycle races skipped: ${pgliteSkipReason}`);

/** An active token of a customer with one e-mail, whose caller every operator has verified. */
async function verifiedToken() {
  const customerId = await createCustomer(t.db, clock, { emails: [`race${Math.random().toString(36).slice(2, 8)}@example.jp`] });
  const issued = await issue(t.db, clock, customerId);
  const r = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, key));
  if (!r.ok || !r.data.ok) throw new Error("activation failed");
  const [c] = await t.db.select().from(customers).where(eq(customers.id, customerId));
  for (const member of operators) {
    const v = await executeAction(verifyCallerByPhone, { customerId, name: c!.nameKana, birthDate: c!.birthDate, phone: c!.phone, branchCode: c!.branchCode, accountNumber: c!.accountNumber }, staffOptions(t.db, clock, member));
    expect(v).toMatchObject({ ok: true, data: { result: "passed" } });
  }
  return { ...issued, secret: base32Decode(r.data.secretBase32) };
}

const transitions = { "token.suspend": suspendTokenAction, "token.resume": resumeTokenAction, "token.cancel": cancelTokenAction } as const;

describe.skipIf(!onPostgres)("desk lifecycle races on one token", () => {
  it("20 parallel suspends, resumes and cancels by three staff: each success is a real transition, in order, and none is lost", async () => {
    const token = await verifiedToken();
    const names = Object.keys(transitions) as Array<keyof typeof transitions>;
    const calls = Array.from({ length: 20 }, (_, i) => ({ name: names[i % 3]!, member: operators[i % operators.length]! }));
    const results: ActionResult<unknown>[] = await Promise.all(
      calls.map(({ name, member }) => executeAction(transitions[name], { customerId: token.customerId, tokenId: token.tokenId, reason: "同時操作の試験", ...formKey() }, staffOptions(t.db, clock, member))),
    );

    // Every call either changed the token or was told why not: no error page.
    for (const r of results) if (!r.ok) expect(r.code, r.message).toBe("conflict");
    const succeeded = results.filter((r) => r.ok).length;

    // Replaying the successful events in commit order walks the token through legal states only.
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tokenId, token.tokenId), inArray(auditEvents.action, names), eq(auditEvents.outcome, "success")))
      .orderBy(asc(auditEvents.id));
    expect(events).toHaveLength(succeeded);
    let state = "active";
    const legal: Record<string, string[]> = { "token.suspend": ["active"], "token.resume": ["suspended"], "token.cancel": ["active", "suspended"] };
    for (const event of events) {
      const details = event.details as { before: { status: string }; after: { status: string }; notices: number };
      expect(details.before.status, `${event.action} #${event.id}`).toBe(state);
      expect(legal[event.action]).toContain(state);
      state = details.after.status;
    }
    const row = await tokenRow(t.db, token.tokenId);
    expect(row.status).toBe(state);
    expect(["active", "suspended", "revoked"]).toContain(row.status);
    expect(events.filter((e) => e.action === "token.cancel").length).toBeLessThanOrEqual(1);
    if (state === "revoked") expect(events.at(-1)!.action).toBe("token.cancel");

    // Each success's notices exist, and no refused call left one behind.
    const notices = await t.db.select().from(customerNotices).where(eq(customerNotices.customerId, token.customerId));
    expect(notices.length).toBe(events.reduce((sum, e) => sum + (e.details as { notices: number }).notices, 0));
    recordFigure("token-lifecycle-race", "Desk token lifecycle: 20 concurrent suspend/resume/cancel → successes replayed as legal transitions", `${succeeded} / 20`);
  });

  it("10 operators unlocking one locked token at once: one unlock, one notice", async () => {
    const token = await verifiedToken();
    const right = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    const wrong = right.slice(0, 7) + String((Number(right[7]) + 1) % 10);
    for (let i = 0; i < 10; i++) await executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp: wrong }, apiOptions(t.db, clock, key));
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("locked");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => executeAction(unlockTokenAction, { customerId: token.customerId, tokenId: token.tokenId, reason: "同時操作の試験", ...formKey() }, staffOptions(t.db, clock, operators[i % operators.length]!))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r).toMatchObject({ code: "conflict", message: "ロックされていません" });
    expect(await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, token.customerId), eq(customerNotices.kind, "token_unlocked")))).toHaveLength(1);
  });
});
