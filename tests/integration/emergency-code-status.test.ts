import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { customerNotices } from "@/db/schema";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { executeAction } from "@/lib/actions/execute";
import { requestEmergencyCodeAction } from "@/lib/actions/tokens/request-emergency-code";
import { verifyEmergencyCodeAction } from "@/lib/actions/tokens/verify-emergency-code";
import { HOUR, MINUTE, fixedClock } from "@/lib/time/clock";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { deliveredBody, verifyCaller } from "@/tests/fixtures/emails";
import { createSignedInStaff, signInAgain, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";
import { issue, type Issued } from "@/tests/fixtures/tokens";

/**
 * The customer view tells the desk what became of the emergency codes it asked for — waiting,
 * rejected, issued (when mailed, until when, used or not) — so the operator can answer the caller
 * without asking for a second code. The code itself never comes back in the view.
 */

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let apiKey: string;
let operator: Member, supervisor: Member;

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "emergency-status-app", 100000);
  operator = await createSignedInStaff(t.db, clock, "operator.emstatus", "operator");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.emstatus", "supervisor");
});
afterAll(async () => t?.close());

let seq = 0;
async function customerWithToken(): Promise<Issued> {
  const customerId = await createCustomer(t.db, clock, { emails: [`emstatus${++seq}@example.jp`] });
  const token = await issue(t.db, clock, customerId);
  await verifyCaller(t.db, clock, operator, customerId);
  return token;
}

/** Staff sessions end after 15 idle minutes: both sign in again after time moves on. */
async function later(ms: number) {
  clock.advance(ms);
  for (const member of [operator, supervisor]) member.sessionId = await signInAgain(t.db, clock, member);
}

async function view(customerId: string) {
  const result = await executeAction(viewCustomer, { customerId }, staffOptions(t.db, clock, operator));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data;
}
async function requestCode(customerId: string) {
  const result = await executeAction(requestEmergencyCodeAction, { customerId, reason: "新しいトークンの利用開始前に至急の振込が必要", ...formKey() }, staffOptions(t.db, clock, operator));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data.requestId;
}
const decision = { reason: "交換済み・新トークン未登録を確認しました" };
async function newestCode(customerId: string) {
  const [mail] = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, customerId), eq(customerNotices.kind, "emergency_code"))).orderBy(desc(customerNotices.createdAt)).limit(1);
  return /緊急用コード：(\d{10})/.exec(deliveredBody(mail!))![1]!;
}

describe("the emergency code's status on the customer view", () => {
  it("goes from waiting to issued (unused, then used), counts the other codes still valid, and never carries a code", async () => {
    const token = await customerWithToken();
    expect((await view(token.customerId)).emergencyCode).toEqual({ latest: null, valid: [] });

    const requestedAt = clock.now();
    const first = await requestCode(token.customerId);
    const waiting = await view(token.customerId);
    expect(waiting.emergencyCode.latest).toEqual({ state: "pending", requestedAt: requestedAt.toISOString(), approveBy: new Date(requestedAt.getTime() + 24 * HOUR).toISOString() });
    expect(waiting.emergencyCode.valid).toEqual([]);

    await later(5 * MINUTE);
    const firstSent = clock.now();
    expect(await executeAction(approveRequestAction, { requestId: first, ...decision, ...formKey() }, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: true });
    const firstCode = await newestCode(token.customerId);
    const issued = await view(token.customerId);
    const latest = issued.emergencyCode.latest;
    expect(latest).toMatchObject({ state: "issued", usedAt: null, lapsed: false });
    if (latest?.state !== "issued") return;
    expect(latest.sentAt).toBe(firstSent.toISOString());
    expect(latest.validUntil).toBe(new Date(firstSent.getTime() + 24 * HOUR).toISOString());
    expect(issued.emergencyCode.valid).toEqual([{ sentAt: latest.sentAt, validUntil: latest.validUntil }]);
    expect(JSON.stringify(issued)).not.toContain(firstCode);

    // Asked again before the first was used: both codes work, the newest first.
    await later(10 * MINUTE);
    await verifyCaller(t.db, clock, operator, token.customerId);
    const second = await requestCode(token.customerId);
    await later(MINUTE);
    const secondSent = clock.now();
    expect(await executeAction(approveRequestAction, { requestId: second, ...decision, ...formKey() }, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: true });
    const secondCode = await newestCode(token.customerId);
    const both = await view(token.customerId);
    expect(both.emergencyCode.valid.map((v) => v.sentAt)).toEqual([secondSent.toISOString(), firstSent.toISOString()]);
    expect(both.emergencyCode.latest).toMatchObject({ state: "issued", usedAt: null });

    // Internet banking accepts the newest code: the view says it was used, and the first one is still valid.
    await later(MINUTE);
    const usedAt = clock.now();
    const used = await executeAction(verifyEmergencyCodeAction, { serviceId: token.serviceId, userId: token.userId, emergencyCode: secondCode }, apiOptions(t.db, clock, apiKey));
    expect(used).toMatchObject({ ok: true, data: { ok: true } });
    const after = await view(token.customerId);
    expect(after.emergencyCode.latest).toMatchObject({ state: "issued", lapsed: false });
    if (after.emergencyCode.latest?.state !== "issued") return;
    expect(after.emergencyCode.latest.usedAt).toBe(usedAt.toISOString());
    expect(after.emergencyCode.valid.map((v) => v.sentAt)).toEqual([firstSent.toISOString()]);
    for (const code of [firstCode, secondCode]) expect(JSON.stringify(after)).not.toContain(code);

    // A day later the unused first code has lapsed too: nothing valid is left.
    await later(24 * HOUR);
    expect((await view(token.customerId)).emergencyCode.valid).toEqual([]);
  });

  it("says a request was rejected, or not approved in time, and that no code was issued", async () => {
    const token = await customerWithToken();
    const requestedAt = clock.now();
    const rejected = await requestCode(token.customerId);
    await later(3 * MINUTE);
    expect(await executeAction(rejectRequestAction, { requestId: rejected, ...decision, ...formKey() }, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: true });
    expect((await view(token.customerId)).emergencyCode).toEqual({
      latest: { state: "rejected", requestedAt: requestedAt.toISOString(), decidedAt: clock.now().toISOString() },
      valid: [],
    });

    await verifyCaller(t.db, clock, operator, token.customerId);
    const askedAgain = clock.now();
    await requestCode(token.customerId);
    await later(24 * HOUR + MINUTE);
    expect((await view(token.customerId)).emergencyCode).toEqual({ latest: { state: "not_approved", requestedAt: askedAgain.toISOString() }, valid: [] });
  });

  it("refuses a code for a customer with no token it could stand in for, and records nothing", async () => {
    const customerId = await createCustomer(t.db, clock, { emails: [`emstatus${++seq}@example.jp`] });
    await verifyCaller(t.db, clock, operator, customerId);
    const refused = await executeAction(requestEmergencyCodeAction, { customerId, reason: "新しいトークンの利用開始前に至急の振込が必要", ...formKey() }, staffOptions(t.db, clock, operator));
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("利用解除されていないトークンがないため") });
    expect((await view(customerId)).emergencyCode).toEqual({ latest: null, valid: [] });
  });
});
