import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { approvalRequests } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import type { ActionDefinition } from "@/lib/actions/types";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { exchangeTokenAction } from "@/lib/actions/tokens/exchange-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { renewTokenAtDeskAction } from "@/lib/actions/tokens/renew-token-at-desk";
import { renewTokenAction } from "@/lib/actions/tokens/renew-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { resyncCallerTokenAction } from "@/lib/actions/tokens/resync-caller-token";
import { resyncTokenAction } from "@/lib/actions/tokens/resync-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { unlockTokenAction } from "@/lib/actions/tokens/unlock-token";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { totpAt } from "@/lib/otp/totp";
import { HOUR, MINUTE, fixedClock } from "@/lib/time/clock";
import { deskTokenActions } from "@/lib/tokens/desk-rules";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { verifyCaller } from "@/tests/fixtures/emails";
import { createSignedInStaff, formKey, signInAgain, staffOptions, systemOptions, type Member } from "@/tests/fixtures/staff";
import { activeToken, tokenRow, type Active } from "@/tests/fixtures/tokens";

/**
 * A token suspended by a replacement request filed after a phone check waits for a supervisor:
 * nobody — the requester, another supervisor, a teller at the counter, the back office — moves it
 * until the request is approved, rejected or lapses.
 */

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
let operator: Member, supervisor: Member, otherSupervisor: Member, teller: Member;
const everyone = () => [operator, supervisor, otherSupervisor, teller];

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "awaiting-app", 100000);
  operator = await createSignedInStaff(t.db, clock, "operator.await", "operator");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.await", "supervisor");
  otherSupervisor = await createSignedInStaff(t.db, clock, "supervisor.await2", "supervisor");
  teller = await createSignedInStaff(t.db, clock, "teller.await", "teller");
});
afterAll(async () => t?.close());

const desk = (member: Member) => staffOptions(t.db, clock, member);
/** Any registered action, its input and result left open: the test sends each what the desk would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = ActionDefinition<any, any, any>;
// Desk changes are posted by a form, with its request key.
const run = (action: AnyAction, member: Member, input: object) => executeAction(action, { ...input, ...formKey() }, desk(member));

/** A customer's active token, and the operator's replacement request after a phone check. */
async function awaiting(): Promise<{ token: Active; requestId: string }> {
  const token = await activeToken(t.db, clock, key);
  await verifyCaller(t.db, clock, operator, token.customerId);
  const requested = await run(replaceTokenAction, operator, { customerId: token.customerId, tokenId: token.tokenId, replaceReason: "lost", reason: "スマートフォン紛失のため" });
  if (!requested.ok || requested.data.outcome !== "requested") throw new Error(JSON.stringify(requested));
  return { token, requestId: requested.data.requestId };
}

/** Every desk change that could bring the token back into use (or issue beside it), as the desk would send it. */
function attempts(token: Active): Record<string, [AnyAction, Record<string, unknown>]> {
  const ref = { customerId: token.customerId, tokenId: token.tokenId, reason: "お客さまからの電話で依頼" };
  return {
    resume: [resumeTokenAction, ref],
    unlock: [unlockTokenAction, ref],
    reset_activation: [resetActivationPasswordAction, ref],
    renew: [renewTokenAtDeskAction, ref],
    resync: [resyncCallerTokenAction, { ...ref, otp1: "12345678", otp2: "23456789" }],
    exchange: [exchangeTokenAction, { ...ref, otp: "12345678" }],
    suspend: [suspendTokenAction, ref],
    replace: [replaceTokenAction, { ...ref, replaceReason: "stolen" }],
    issue: [issueTokenAction, { customerId: token.customerId, serviceId: token.serviceId, reason: "新しいトークンの発行" }],
  };
}

async function requestStatus(id: string) {
  const [row] = await t.db.select({ status: approvalRequests.status }).from(approvalRequests).where(eq(approvalRequests.id, id));
  return row!.status;
}

async function actionsShown(member: Member, customerId: string, tokenId: string) {
  const view = await executeAction(viewCustomer, { customerId }, desk(member));
  if (!view.ok) throw new Error(view.message);
  return view.data.tokens.find((tk) => tk.id === tokenId)!.actions;
}

/** Staff sessions end after 15 idle minutes: after a long wait everyone signs in again. */
async function later(ms: number) {
  clock.advance(ms);
  for (const member of everyone()) member.sessionId = await signInAgain(t.db, clock, member);
}

describe("a token awaiting a supervisor's decision on its replacement", () => {
  it("is refused every desk change, by the requester and by another supervisor, and nothing changes", async () => {
    const { token, requestId } = await awaiting();
    await verifyCaller(t.db, clock, supervisor, token.customerId);
    const before = await tokenRow(t.db, token.tokenId);
    expect(before.status).toBe("suspended");
    for (const member of [operator, supervisor]) {
      for (const [name, [action, input]] of Object.entries(attempts(token))) {
        const result = await run(action, member, input);
        // An operator may not issue tokens at all; everything else is refused because the token waits.
        if (name === "issue" && member === operator) {
          expect(result, name).toMatchObject({ ok: false, code: "forbidden" });
          continue;
        }
        expect(result, `${name} by ${member.loginId}`).toMatchObject({ ok: false, code: "conflict" });
        if (!result.ok) expect(result.message, name).toContain("スーパーバイザーの承認待ち");
      }
    }
    expect(await tokenRow(t.db, token.tokenId)).toEqual(before);
    expect(await requestStatus(requestId)).toBe("pending");
  });

  it("is refused at the counter and by the back office's CLI too", async () => {
    const { token, requestId } = await awaiting();
    const before = await tokenRow(t.db, token.tokenId);
    const inPerson = await run(verifyCallerInPerson, teller, { customerId: token.customerId, documentType: "drivers_license", documentLast4: "1234", name: "試験 太郎", birthDate: "1980-04-01", photoMatches: "yes" });
    expect(inPerson).toMatchObject({ ok: true, data: { result: "passed" } });
    const all = attempts(token);
    for (const name of ["replace", "issue", "resume"]) {
      const [action, input] = all[name]!;
      const result = await run(action, teller, name === "replace" ? { ...input, delivery: "counter_slip" } : input);
      expect(result, name).toMatchObject({ ok: false, code: "conflict" });
      if (!result.ok) expect(result.message, name).toContain("承認待ち");
    }
    const cli = systemOptions(t.db, clock);
    expect(await executeAction(issueTokenAction, { customerId: token.customerId, serviceId: token.serviceId, replacesTokenId: token.tokenId, replaceReason: "lost" }, cli)).toMatchObject({ ok: false, code: "conflict" });
    expect(await executeAction(issueTokenAction, { customerId: token.customerId, serviceId: token.serviceId }, cli)).toMatchObject({ ok: false, code: "conflict" });
    expect(await tokenRow(t.db, token.tokenId)).toEqual(before);
    expect(await requestStatus(requestId)).toBe("pending");
  });

  it("may be cancelled by the desk, which withdraws the request: nothing is left for a supervisor to approve", async () => {
    const { token, requestId } = await awaiting();
    await verifyCaller(t.db, clock, operator, token.customerId);
    const cancelled = await run(cancelTokenAction, operator, { customerId: token.customerId, tokenId: token.tokenId, reason: "お客さまが再発行をやめ利用解除を希望" });
    expect(cancelled).toMatchObject({ ok: true, data: { withdrawnRequest: true } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "cancelled" });
    expect(await requestStatus(requestId)).toBe("withdrawn");
    const late = await run(approveRequestAction, supervisor, { requestId, reason: "確認済み" });
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    if (!late.ok) expect(late.message).toContain("利用解除により取り下げ");
  });

  it("stays refused at the token-service API: no set-up, code, correction or renewal", async () => {
    const { token } = await awaiting();
    const api = apiOptions(t.db, clock, key);
    const code = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    const ids = { serviceId: token.serviceId, userId: token.userId };
    expect(await executeAction(activateTokenAction, { ...ids, activationPassword: token.activationPassword }, api)).toMatchObject({ ok: true, data: { ok: false, reason: "suspended" } });
    expect(await executeAction(verifyOtpAction, { ...ids, otp: code }, api)).toMatchObject({ ok: true, data: { ok: false, reason: "suspended" } });
    expect(await executeAction(resyncTokenAction, { ...ids, otp1: code, otp2: totpAt(token.secret, new Date(clock.now().getTime() + MINUTE), TOKEN_TOTP) }, api)).toMatchObject({ ok: true, data: { ok: false, reason: "suspended" } });
    expect(await executeAction(renewTokenAction, { ...ids, otp: code }, api)).toMatchObject({ ok: true, data: { ok: false, reason: "suspended" } });
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("suspended");
  });

  it("shows every button but 利用解除 disabled on the customer page, saying it waits for a supervisor", async () => {
    const { token } = await awaiting();
    for (const member of [operator, supervisor]) {
      const actions = await actionsShown(member, token.customerId, token.tokenId);
      for (const action of deskTokenActions) {
        expect(actions[action], `${action} for ${member.loginId}`).toEqual(action === "cancel" ? { allowed: true } : { allowed: false, why: "awaitingApproval" });
      }
    }
  });
});

describe("after the decision, or when nobody decided in time", () => {
  it("after a rejection the token stays suspended and the desk may resume it", async () => {
    const { token, requestId } = await awaiting();
    expect(await run(rejectRequestAction, supervisor, { requestId, reason: "確認事項に不一致があるため" })).toMatchObject({ ok: true });
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("suspended");
    expect((await actionsShown(operator, token.customerId, token.tokenId)).resume).toEqual({ allowed: true });
    expect(await run(resumeTokenAction, operator, attempts(token).resume![1])).toMatchObject({ ok: true, data: { status: "active" } });
  });

  it("after an approval the old token is gone and the new one takes the desk's changes", async () => {
    const { token, requestId } = await awaiting();
    const approved = await run(approveRequestAction, supervisor, { requestId, reason: "本人確認の内容を確認済み" });
    if (!approved.ok || approved.data.kind !== "replacement") throw new Error(JSON.stringify(approved));
    const resumed = await run(resumeTokenAction, operator, attempts(token).resume![1]);
    expect(resumed).toMatchObject({ ok: false, code: "conflict" });
    if (!resumed.ok) expect(resumed.message).toContain("利用解除済み");
    const fresh = { customerId: token.customerId, tokenId: approved.data.tokenId, reason: "利用開始パスワードが届かない" };
    expect((await actionsShown(operator, token.customerId, fresh.tokenId)).reset_activation).toEqual({ allowed: true });
    expect(await run(resetActivationPasswordAction, operator, fresh)).toMatchObject({ ok: true, data: { delivery: "letter" } });
  });

  it("after the request lapsed (24 hours) the token stays suspended and the desk may act again", async () => {
    const { token, requestId } = await awaiting();
    await later(24 * HOUR + MINUTE);
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("suspended");
    expect((await actionsShown(operator, token.customerId, token.tokenId)).resume).toEqual({ allowed: true });
    await verifyCaller(t.db, clock, operator, token.customerId);
    expect(await run(resumeTokenAction, operator, attempts(token).resume![1])).toMatchObject({ ok: true, data: { status: "active" } });
    expect(await run(approveRequestAction, supervisor, { requestId, reason: "本人確認の内容を確認済み" })).toMatchObject({ ok: false, code: "conflict" });
  });
});
