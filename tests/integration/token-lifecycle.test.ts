import { nextJstDay } from "@/lib/tokens/desk-rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, customerNotices, customers } from "@/db/schema";
import type { DbHandle } from "@/db/client";
import { POST as verifyPost } from "@/app/api/token-service/v1/verify/route";
import { executeAction } from "@/lib/actions/execute";
import { ActionError, defineAction } from "@/lib/actions/types";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { unlockTokenAction } from "@/lib/actions/tokens/unlock-token";
import { resyncCallerTokenAction } from "@/lib/actions/tokens/resync-caller-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { cancelToken, cancelTokenInput } from "@/lib/tokens/lifecycle";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { HOUR, MINUTE, fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createCustomer } from "@/tests/fixtures/customers";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { issue, tokenRow, type Active } from "@/tests/fixtures/tokens";
import { auditEventAt, createSignedInStaff, signInAgain, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
/** Everything secret a test saw: none may appear in an audit event or a notice. */
const secrets: string[] = [];
let opA: Member, opB: Member, teller: Member, auditor: Member;

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking");
  opA = await createSignedInStaff(t.db, clock, "operator.a", "operator");
  opB = await createSignedInStaff(t.db, clock, "operator.b", "operator");
  teller = await createSignedInStaff(t.db, clock, "teller.l", "teller");
  auditor = await createSignedInStaff(t.db, clock, "auditor.l", "auditor");
});
afterAll(async () => t?.close());

/** A customer with one confirmed e-mail (imported addresses are confirmed) and an active token. */
async function customerWithToken(): Promise<Active> {
  const customerId = await createCustomer(t.db, clock, { emails: [`c${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.jp`] });
  const issued = await issue(t.db, clock, customerId);
  const r = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, key));
  if (!r.ok || !r.data.ok) throw new Error("activation failed");
  secrets.push(issued.activationPassword, r.data.secretBase32);
  return { ...issued, secret: base32Decode(r.data.secretBase32) };
}

/** The code the customer's app shows, its clock `skewMs` off the server's. */
function appCode(token: Active, skewMs = 0): string {
  const code = totpAt(token.secret, new Date(clock.now().getTime() + skewMs), TOKEN_TOTP);
  secrets.push(code);
  return code;
}
const wrongCode = (code: string) => code.slice(0, 7) + String((Number(code[7]) + 1) % 10);
const apiVerify = (token: Active, otp: string) => executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp }, apiOptions(t.db, clock, key));

async function lock(token: Active): Promise<void> {
  const wrong = wrongCode(appCode(token));
  for (let i = 0; i < 10; i++) await apiVerify(token, wrong);
  expect((await tokenRow(t.db, token.tokenId)).status).toBe("locked");
}

/** The member verifies the caller by phone with the record's own facts. */
async function verifyCaller(member: Member, customerId: string): Promise<void> {
  const [c] = await t.db.select().from(customers).where(eq(customers.id, customerId));
  const r = await executeAction(verifyCallerByPhone, { customerId, name: c!.nameKana, birthDate: c!.birthDate, phone: c!.phone, branchCode: c!.branchCode, accountNumber: c!.accountNumber }, staffOptions(t.db, clock, member));
  expect(r).toMatchObject({ ok: true, data: { result: "passed" } });
}

const change = (token: Active, extra: Record<string, unknown> = {}) => ({ customerId: token.customerId, tokenId: token.tokenId, reason: "お客さまからの電話で依頼", ...formKey(), ...extra });
const run = <A extends Parameters<typeof executeAction>[0]>(action: A, member: Member, input: unknown) => executeAction(action, input, staffOptions(t.db, clock, member));
async function viewAs(member: Member, customerId: string) {
  const view = await executeAction(viewCustomer, { customerId }, staffOptions(t.db, clock, member));
  if (!view.ok) throw new Error(view.message);
  return view.data;
}

async function noticesOf(customerId: string, kind?: string) {
  const rows = await t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId));
  return kind ? rows.filter((n) => n.kind === kind) : rows;
}

function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Moves time on; sessions end after 15 idle minutes, so everyone signs in again. */
async function later(ms: number) {
  clock.advance(ms);
  for (const member of [opA, opB, teller, auditor]) member.sessionId = await signInAgain(t.db, clock, member);
}

describe("unlock after ten wrong codes", () => {
  it("clears the failures, makes the token active, tells the customer and records the reason", async () => {
    const token = await customerWithToken();
    await lock(token);
    await verifyCaller(opA, token.customerId);
    const r = await run(unlockTokenAction, opA, change(token, { memo: "10回誤入力とのこと", ticket: "INC-1001" }));
    expect(r).toMatchObject({ ok: true, data: { serial: token.serial } });
    const row = await tokenRow(t.db, token.tokenId);
    expect(row).toMatchObject({ status: "active", otpFailures: 0 });
    const event = await auditEventAt(t.db, r.auditEventId);
    expect(event).toMatchObject({ action: "token.unlock", outcome: "success", customerId: token.customerId, tokenId: token.tokenId, reason: "お客さまからの電話で依頼", ticket: "INC-1001" });
    expect(event.details).toMatchObject({ serial: token.serial, notices: 1, before: { status: "locked", otpFailures: 10 }, after: { status: "active", otpFailures: 0 }, memo: "10回誤入力とのこと" });
    const notices = await noticesOf(token.customerId, "token_unlocked");
    expect(notices.map((n) => n.channel)).toEqual(["email"]);
    expectNoSecrets([event, notices]);
    clock.advance(MINUTE);
    expect(await apiVerify(token, appCode(token))).toMatchObject({ ok: true, data: { ok: true } });
  });

  it("is refused without a verified caller, after the verification expired, for an unlocked token, for an auditor and without a reason", async () => {
    const token = await customerWithToken();
    await lock(token);
    expect(await run(unlockTokenAction, opB, change(token))).toMatchObject({ ok: false, code: "verification_required" });
    await verifyCaller(opB, token.customerId);
    await later(11 * MINUTE);
    expect(await run(unlockTokenAction, opB, change(token))).toMatchObject({ ok: false, code: "verification_required" });
    const forbidden = await run(unlockTokenAction, auditor, change(token));
    expect(forbidden).toMatchObject({ ok: false, code: "forbidden" });
    await verifyCaller(opB, token.customerId);
    expect(await run(unlockTokenAction, opB, change(token, { reason: "" }))).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { reason: [expect.any(String)] } });
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("locked");
    expect(await noticesOf(token.customerId)).toHaveLength(0);

    const active = await customerWithToken();
    await verifyCaller(opB, active.customerId);
    const refused = await run(unlockTokenAction, opB, change(active));
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: "ロックされていません" });
    expect(await auditEventAt(t.db, refused.ok ? undefined : refused.auditEventId)).toMatchObject({ action: "token.unlock", outcome: "failed", tokenId: active.tokenId });
    expect(await noticesOf(active.customerId)).toHaveLength(0);
  });

  it("refuses another customer's token as not found", async () => {
    const mine = await customerWithToken();
    const theirs = await customerWithToken();
    await lock(theirs);
    await verifyCaller(opA, mine.customerId);
    expect(await run(unlockTokenAction, opA, { ...change(theirs), customerId: mine.customerId })).toMatchObject({ ok: false, code: "not_found" });
    expect((await tokenRow(t.db, theirs.tokenId)).status).toBe("locked");
  });
});

describe("S0F1: a code from a phone whose clock is off", () => {
  it("is refused with S0F1 and counted when it matches only within the resync window; a code from nowhere gets no S0F1", async () => {
    const token = await customerWithToken();
    const skewed = await apiVerify(token, appCode(token, 7 * MINUTE));
    expect(skewed).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code", appError: "S0F1" } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(1);
    expect((await auditEventAt(t.db, skewed.auditEventId)).details).toMatchObject({ result: "refused", reason: "invalid_code", appError: "S0F1", otpFailures: 1 });
    const far = await apiVerify(token, appCode(token, 3 * HOUR));
    expect(far).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code", appError: null } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(2);
  });

  it("the token card says when the last refusal was a skew, until a code is accepted", async () => {
    const token = await customerWithToken();
    await verifyCaller(opA, token.customerId);
    const card = async () => {
      return (await viewAs(opA, token.customerId)).tokens.find((x) => x.id === token.tokenId)!;
    };
    expect((await card()).clockSkewSuspected).toBe(false);
    await apiVerify(token, appCode(token, -9 * MINUTE));
    expect((await card()).clockSkewSuspected).toBe(true);
    // A later plain wrong code is the last refusal now: no hint.
    await apiVerify(token, "00000000");
    expect((await card()).clockSkewSuspected).toBe(false);
    await apiVerify(token, appCode(token, -9 * MINUTE - MINUTE));
    expect((await card()).clockSkewSuspected).toBe(true);
    clock.advance(MINUTE);
    expect(await apiVerify(token, appCode(token))).toMatchObject({ data: { ok: true } });
    expect((await card()).clockSkewSuspected).toBe(false);
  });
});

describe("password correction on the caller's behalf", () => {
  it("measures the offset from two consecutive codes, keeps no code, and the app's codes then work", async () => {
    const token = await customerWithToken();
    await apiVerify(token, appCode(token, 7 * MINUTE));
    await verifyCaller(opA, token.customerId);
    // Typed as an operator might: full-width digits and a space.
    const otp1 = appCode(token, 7 * MINUTE);
    const otp2 = appCode(token, 8 * MINUTE);
    const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const r = await run(resyncCallerTokenAction, opA, change(token, { otp1: `${fullWidth(otp1.slice(0, 4))} ${otp1.slice(4)}`, otp2 }));
    expect(r).toMatchObject({ ok: true, data: { ok: true, offsetSteps: 7, unlocked: false, serial: token.serial } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ clockOffsetSteps: 7, otpFailures: 0, status: "active" });
    const event = await auditEventAt(t.db, r.auditEventId);
    expect(event).toMatchObject({ action: "token.resync", outcome: "success", tokenId: token.tokenId });
    expect(event.details).toMatchObject({ result: "accepted", notices: 0, before: { clockOffsetSteps: 0, otpFailures: 1 }, after: { clockOffsetSteps: 7 } });
    expectNoSecrets(event);
    // The caller read the second code a minute after the first; the app's code after that one now verifies.
    clock.advance(2 * MINUTE);
    expect(await apiVerify(token, appCode(token, 7 * MINUTE))).toMatchObject({ data: { ok: true } });
  });

  it("a pair that matches nowhere is a counted failure that commits, audited as failed without the codes", async () => {
    const token = await customerWithToken();
    await verifyCaller(opA, token.customerId);
    const r = await run(resyncCallerTokenAction, opA, change(token, { otp1: appCode(token, 2 * HOUR), otp2: appCode(token, 2 * HOUR + MINUTE) }));
    expect(r).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code", otpFailures: 1, lockedNow: false } });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(1);
    const event = await auditEventAt(t.db, r.auditEventId);
    expect(event).toMatchObject({ action: "token.resync", outcome: "failed" });
    expect(event.details).toMatchObject({ result: "refused", reason: "invalid_code", after: { otpFailures: 1 } });
    expectNoSecrets(event);
  });

  it("two right codes unlock a locked token and tell the customer; a wrong pair keeps it locked", async () => {
    const token = await customerWithToken();
    await lock(token);
    await verifyCaller(opA, token.customerId);
    const wrong = await run(resyncCallerTokenAction, opA, change(token, { otp1: "11111111", otp2: "22222222" }));
    expect(wrong).toMatchObject({ ok: true, data: { ok: false, otpFailures: 11 } });
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("locked");
    const r = await run(resyncCallerTokenAction, opA, change(token, { otp1: appCode(token, -3 * MINUTE), otp2: appCode(token, -2 * MINUTE) }));
    expect(r).toMatchObject({ ok: true, data: { ok: true, offsetSteps: -3, unlocked: true } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "active", otpFailures: 0, clockOffsetSteps: -3 });
    expect(await noticesOf(token.customerId, "token_unlocked")).toHaveLength(1);
    expect((await auditEventAt(t.db, r.auditEventId)).details).toMatchObject({ notices: 1, before: { status: "locked" }, after: { status: "active" } });
  });

  it("is refused for a suspended token and for bad codes (field errors, nothing counted)", async () => {
    const token = await customerWithToken();
    await verifyCaller(opA, token.customerId);
    expect(await run(resyncCallerTokenAction, opA, change(token, { otp1: "1234", otp2: "abcdefgh" }))).toMatchObject({
      ok: false, code: "invalid_input", fieldErrors: { otp1: ["ワンタイムパスワードは8桁の数字で入力してください。"], otp2: [expect.any(String)] },
    });
    expect(await run(suspendTokenAction, opA, change(token))).toMatchObject({ ok: true });
    expect(await run(resyncCallerTokenAction, opA, change(token, { otp1: appCode(token), otp2: appCode(token, MINUTE) }))).toMatchObject({ ok: false, code: "conflict", message: "利用停止中です（先に利用再開）" });
    expect((await tokenRow(t.db, token.tokenId)).otpFailures).toBe(0);
  });
});

describe("suspend and resume", () => {
  it("suspending stops the codes at once and tells the customer by post and e-mail; resuming brings it back", async () => {
    const token = await customerWithToken();
    await verifyCaller(teller, token.customerId);
    const s = await run(suspendTokenAction, teller, change(token));
    expect(s).toMatchObject({ ok: true, data: { serial: token.serial } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "suspended", suspendedAt: clock.now() });
    expect((await noticesOf(token.customerId, "token_suspended")).map((n) => n.channel).sort()).toEqual(["email", "post"]);
    expect((await auditEventAt(t.db, s.auditEventId)).details).toMatchObject({ notices: 2, before: { status: "active" }, after: { status: "suspended" } });
    expect(await apiVerify(token, appCode(token))).toMatchObject({ ok: true, data: { ok: false, reason: "suspended" } });
    expect(await run(suspendTokenAction, teller, change(token))).toMatchObject({ ok: false, code: "conflict", message: "利用停止中です（先に利用再開）" });

    const r = await run(resumeTokenAction, teller, change(token));
    expect(r).toMatchObject({ ok: true, data: { status: "active" } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "active", suspendedAt: null });
    expect(await noticesOf(token.customerId, "token_resumed")).toHaveLength(1);
    clock.advance(MINUTE);
    expect(await apiVerify(token, appCode(token))).toMatchObject({ data: { ok: true } });
    expect(await run(resumeTokenAction, teller, change(token))).toMatchObject({ ok: false, code: "conflict", message: "利用停止中ではありません" });
  });

  it("resume returns a token to what it was: waiting for set-up, or still locked", async () => {
    const customerId = await createCustomer(t.db, clock);
    const pending = await issue(t.db, clock, customerId);
    secrets.push(pending.activationPassword);
    await verifyCaller(opA, customerId);
    const ref = { customerId, tokenId: pending.tokenId, reason: "紛失の疑いのため一時停止" };
    expect(await run(suspendTokenAction, opA, { ...ref, ...formKey() })).toMatchObject({ ok: true });
    expect(await run(resumeTokenAction, opA, { ...ref, ...formKey() })).toMatchObject({ ok: true, data: { status: "pending_activation" } });
    expect((await tokenRow(t.db, pending.tokenId)).status).toBe("pending_activation");

    const locked = await customerWithToken();
    await lock(locked);
    await verifyCaller(opA, locked.customerId);
    expect(await run(suspendTokenAction, opA, change(locked))).toMatchObject({ ok: true });
    expect(await run(resumeTokenAction, opA, change(locked))).toMatchObject({ ok: true, data: { status: "locked" } });
    expect((await tokenRow(t.db, locked.tokenId)).status).toBe("locked");
  });
});

describe("cancel", () => {
  it("revokes the token at once, says from when a new one may be issued, and the API refuses its codes", async () => {
    const token = await customerWithToken();
    await verifyCaller(opA, token.customerId);
    const code = appCode(token);
    const r = await run(cancelTokenAction, opA, change(token));
    // 2026-11-22 14:00 JST → the next JST day.
    expect(r).toMatchObject({ ok: true, data: { serial: token.serial, serviceId: token.serviceId, newTokenFrom: "2026-11-22T15:00:00.000Z" } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "cancelled", revokedAt: clock.now() });
    expect(await apiVerify(token, code)).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_token" } });
    const notices = await noticesOf(token.customerId, "token_cancelled");
    expect(notices.map((n) => n.channel).sort()).toEqual(["email", "post"]);
    expect(notices[0]!.body).toContain("2026/11/23 00:00");
    expect((await auditEventAt(t.db, r.auditEventId)).details).toMatchObject({ notices: 2, before: { status: "active" }, after: { status: "revoked" }, newTokenFrom: "2026-11-22T15:00:00.000Z" });
    expect((await viewAs(opA, token.customerId)).newTokenFrom).toBe("2026-11-22T15:00:00.000Z");
    expect(await run(cancelTokenAction, opA, change(token))).toMatchObject({ ok: false, code: "conflict", message: "利用解除済みのトークンです" });
    expect(await run(resumeTokenAction, opA, change(token))).toMatchObject({ ok: false, code: "conflict" });
  });

  it("a cancellation that is rolled back leaves no notice and the token as it was", async () => {
    const token = await customerWithToken();
    const failing = defineAction({
      name: "test.cancel_then_fail", permission: "token.cancel", input: cancelTokenInput, assurance: "verified", subject: { kind: "customer", id: (i) => i.customerId },
      async run({ tx, now }, input) {
        await cancelToken(tx, input, now);
        throw new ActionError("conflict", "errors.concurrentChange");
      },
    });
    await verifyCaller(opA, token.customerId);
    expect(await run(failing, opA, change(token))).toMatchObject({ ok: false, code: "conflict" });
    expect(await noticesOf(token.customerId)).toHaveLength(0);
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("active");
  });

  it("the same form arriving twice cancels once", async () => {
    const token = await customerWithToken();
    await verifyCaller(opA, token.customerId);
    const requestKey = "0f8b1f6e-3a52-4a8e-9d7e-1c2b3a4d5e6f";
    expect(await run(cancelTokenAction, opA, change(token, { requestKey }))).toMatchObject({ ok: true });
    expect(await run(cancelTokenAction, opA, change(token, { requestKey }))).toMatchObject({ ok: false, code: "conflict" });
    expect(await noticesOf(token.customerId, "token_cancelled")).toHaveLength(2);
  });
});

describe("the lifecycle timeline", () => {
  it("lists every token with what happened, in words, by whom, newest first", async () => {
    const token = await customerWithToken();
    await lock(token);
    await verifyCaller(opA, token.customerId);
    await run(unlockTokenAction, opA, change(token));
    clock.advance(MINUTE);
    await run(suspendTokenAction, opA, change(token, { reason: "紛失の疑いのため一時停止" }));
    clock.advance(MINUTE);
    await run(cancelTokenAction, opA, change(token));
    // A new token only from the next day in Japan: issued on its own clock, so the staff sessions here stay live.
    const second = await issue(t.db, fixedClock(nextJstDay(clock.now())), token.customerId);
    secrets.push(second.activationPassword);
    // A refused action changed nothing and is not in the timeline.
    await run(unlockTokenAction, opA, change(token));

    const view = await viewAs(opA, token.customerId);
    const [newer, older] = view.timeline;
    expect(newer).toMatchObject({ tokenId: second.tokenId, status: "pending_activation", entries: [{ event: "issued", actor: { kind: "system" } }] });
    expect(older!.serial).toBe(token.serial);
    expect(older!.entries.map((e) => e.event)).toEqual(["cancelled", "suspended", "unlocked", "otpLocked", "activated", "issued"]);
    const staffActor = { kind: "staff", name: "Test operator.a", role: "operator" };
    expect(older!.entries[0]).toMatchObject({ actor: staffActor, facts: { newTokenFrom: "2026-11-22T15:00:00.000Z" } });
    expect(older!.entries[1]).toMatchObject({ actor: staffActor, reason: "紛失の疑いのため一時停止" });
    expect(older!.entries[3]).toMatchObject({ actor: { kind: "app", client: "banking" } });
    expect(older!.entries[4]).toMatchObject({ actor: { kind: "app", client: "banking" } });
    expectNoSecrets(view.timeline);
  });
});

describe("over HTTP (the token-service route)", () => {
  let routeToken: Active;
  beforeAll(async () => {
    process.env.TOKENDESK_DEMO = "0";
    (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
    routeToken = await customerWithToken();
  });
  afterAll(() => {
    (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = undefined;
  });

  /** The route runs on the system clock: codes from the real time. */
  const realCode = (token: Active, skewMs = 0) => {
    const code = totpAt(token.secret, new Date(Date.now() + skewMs), TOKEN_TOTP);
    secrets.push(code);
    return code;
  };
  const verifyOverHttp = async (token: Active, otp: string) => {
    const response = await verifyPost(
      new Request("http://localhost/api/token-service/v1/verify", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ serviceId: token.serviceId, userId: token.userId, otp }),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("answers a skewed phone's code with S0F1, counted as a failure", async () => {
    expect(await verifyOverHttp(routeToken, realCode(routeToken, 6 * MINUTE))).toEqual({ status: 200, body: { ok: true, result: "rejected", reason: "invalid_code", appError: "S0F1" } });
    expect((await tokenRow(t.db, routeToken.tokenId)).otpFailures).toBe(1);
  });

  it("refuses a cancelled token's current code", async () => {
    const token = await customerWithToken();
    await verifyCaller(opB, token.customerId);
    expect(await run(cancelTokenAction, opB, change(token))).toMatchObject({ ok: true });
    expect(await verifyOverHttp(token, realCode(token))).toMatchObject({ status: 200, body: { ok: true, result: "rejected", reason: "unknown_token" } });
  });
});

it("no audit event or notice of this file holds a code, a TOTP seed or an activation password", async () => {
  expect(secrets.length).toBeGreaterThan(20);
  expectNoSecrets((await t.db.select().from(auditEvents)).map((e) => [e.details, e.reason, e.ticket]));
  expectNoSecrets((await t.db.select().from(customerNotices)).map((n) => [n.subject, n.body]));
});
