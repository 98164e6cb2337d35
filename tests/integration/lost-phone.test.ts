import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { SEALED_BODY } from "@/lib/notifications/enqueue";
import { deliveredBody } from "@/tests/fixtures/emails";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { approvalRequests, auditEvents, customerNotices, tokens } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { exchangeTokenAction } from "@/lib/actions/tokens/exchange-token";
import { requestEmergencyCodeAction } from "@/lib/actions/tokens/request-emergency-code";
import { verifyEmergencyCodeAction } from "@/lib/actions/tokens/verify-emergency-code";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { approvalInboxQuery, approvalQueueQuery } from "@/lib/approvals/queries";
import { openLetter } from "@/lib/letters/sealed";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { DAY, HOUR, MINUTE, fixedClock } from "@/lib/time/clock";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createSignedInStaff, signInAgain, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";
import { issue, tokenRow } from "@/tests/fixtures/tokens";
import { pdfText } from "@/tests/unit/letters/pdf-inspect";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let apiKey: string;
let operator: Member, teller: Member, supervisor: Member, otherSupervisor: Member, auditor: Member;
const everyone = () => [operator, teller, supervisor, otherSupervisor, auditor];

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "lost-phone-app", 100000);
  operator = await createSignedInStaff(t.db, clock, "operator.lost", "operator");
  teller = await createSignedInStaff(t.db, clock, "teller.lost", "teller");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.lost", "supervisor");
  otherSupervisor = await createSignedInStaff(t.db, clock, "supervisor.other", "supervisor");
  auditor = await createSignedInStaff(t.db, clock, "auditor.lost", "auditor");
});
afterAll(async () => t?.close());

/** Moves time on; staff sessions end after 15 idle minutes, so everyone signs in again. */
async function later(ms: number) {
  clock.advance(ms);
  for (const member of everyone()) member.sessionId = await signInAgain(t.db, clock, member);
}

let seq = 0;
interface Caller {
  customerId: string;
  answers: { name: string; birthDate: string; phone: string; branchCode: string; accountNumber: string };
  email: string;
}

/** A customer with a confirmed e-mail, a registered address and an active token. */
async function caller(): Promise<Caller & { token: { tokenId: string; serviceId: string; userId: string; serial: string; secret: Buffer } }> {
  seq++;
  const email = `lost${seq}@example.jp`;
  const answers = { name: "ヤマダ ハナコ", birthDate: "1985-02-03", phone: `0908000${String(seq).padStart(4, "0")}`, branchCode: "002", accountNumber: String(4000000 + seq) };
  const customerId = await createCustomer(t.db, clock, {
    nameKanji: "山田 花子", nameKana: answers.name, birthDate: answers.birthDate, phone: answers.phone, branchCode: answers.branchCode, accountNumber: answers.accountNumber, branchName: "新宿支店",
    postalCode: "160-0022", address: "東京都新宿区新宿3-1-1", emails: [email],
  });
  const issued = await issue(t.db, clock, customerId);
  const activated = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, apiKey));
  if (!activated.ok || !activated.data.ok) throw new Error("activation failed");
  return { customerId, answers, email, token: { ...issued, secret: base32Decode(activated.data.secretBase32) } };
}

const desk = (member: Member) => staffOptions(t.db, clock, member);
const api = () => apiOptions(t.db, clock, apiKey);

async function byPhone(member: Member, c: Caller) {
  const result = await executeAction(verifyCallerByPhone, { customerId: c.customerId, ...c.answers }, desk(member));
  expect(result).toMatchObject({ ok: true, data: { result: "passed" } });
}
async function atCounter(member: Member, c: Caller) {
  const result = await executeAction(verifyCallerInPerson, { customerId: c.customerId, documentType: "drivers_license", documentLast4: "1234", name: "山田 花子", birthDate: c.answers.birthDate, photoMatches: "yes" }, desk(member));
  expect(result).toMatchObject({ ok: true, data: { result: "passed" } });
}

const replace = (member: Member, c: Caller & { token: { tokenId: string } }, extra: Record<string, unknown> = {}) =>
  executeAction(replaceTokenAction, { customerId: c.customerId, tokenId: c.token.tokenId, replaceReason: "lost", reason: "スマートフォン紛失のため", ...formKey(), ...extra }, desk(member));
const approve = (member: Member, requestId: string) => executeAction(approveRequestAction, { requestId, reason: "本人確認の内容を確認済み", ...formKey() }, desk(member));
const reject = (member: Member, requestId: string) => executeAction(rejectRequestAction, { requestId, reason: "確認事項に不一致があるため", ...formKey() }, desk(member));
const codeNow = (secret: Buffer) => totpAt(secret, clock.now(), TOKEN_TOTP);
const verifyCode = (token: { serviceId: string; userId: string }, otp: string) => executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp }, api());

async function requestRow(id: string) {
  const [row] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
  return row!;
}
async function noticeKinds(customerId: string) {
  const rows = await t.db.select({ kind: customerNotices.kind, channel: customerNotices.channel }).from(customerNotices).where(eq(customerNotices.customerId, customerId));
  return rows.map((r) => `${r.kind}:${r.channel}`).sort();
}
async function eventDetails(id: number) {
  const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, id));
  return JSON.stringify(row);
}

describe("replacement after a phone verification: a request a second person decides", () => {
  it("suspends the old token at once, files one request, and a different supervisor's approval issues the new token by letter", async () => {
    const c = await caller();
    await byPhone(supervisor, c);
    const requested = await replace(supervisor, c);
    expect(requested).toMatchObject({ ok: true, data: { outcome: "requested", oldSerial: c.token.serial, carrierReminder: true, riskFlags: [] } });
    if (!requested.ok || requested.data.outcome !== "requested") return;
    const requestId = requested.data.requestId;
    expect(requested.data.expiresAt.getTime()).toBe(clock.now().getTime() + 24 * HOUR);

    // The thief's copy stops now: the old token's code is refused by the API.
    expect((await tokenRow(t.db, c.token.tokenId)).status).toBe("suspended");
    expect(await verifyCode(c.token, codeNow(c.token.secret))).toMatchObject({ ok: true, data: { ok: false, reason: "suspended" } });
    expect(await noticeKinds(c.customerId)).toEqual(["replacement_requested:email", "replacement_requested:post"]);
    expect(await requestRow(requestId)).toMatchObject({ status: "pending", kind: "replacement", revokeReason: "lost", verificationMethod: "phone", requesterRole: "supervisor" });

    // Self-approval is refused server-side, and nothing changes.
    const own = await approve(supervisor, requestId);
    expect(own).toMatchObject({ ok: false, code: "forbidden" });
    if (!own.ok) expect(own.message).toContain("自分の依頼");
    expect((await requestRow(requestId)).status).toBe("pending");
    // An operator or a teller has no say at all.
    expect(await approve(operator, requestId)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await approve(teller, requestId)).toMatchObject({ ok: false, code: "forbidden" });

    const approved = await approve(otherSupervisor, requestId);
    expect(approved, JSON.stringify(approved)).toMatchObject({ ok: true, data: { kind: "replacement", oldSerial: c.token.serial, delivery: "letter" } });
    if (!approved.ok || approved.data.kind !== "replacement") return;
    const old = await tokenRow(t.db, c.token.tokenId);
    const fresh = await tokenRow(t.db, approved.data.tokenId);
    expect(old).toMatchObject({ status: "revoked", revokeReason: "lost", replacedByTokenId: fresh.id });
    expect(fresh).toMatchObject({ status: "pending_activation", customerId: c.customerId, serviceId: c.token.serviceId });
    expect(fresh.userId).not.toBe(c.token.userId);
    expect(fresh.serial).not.toBe(c.token.serial);
    expect(await requestRow(requestId)).toMatchObject({ status: "approved", decidedBy: otherSupervisor.staffId, newTokenId: fresh.id });
    expect(await verifyCode(c.token, codeNow(c.token.secret))).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_token" } });

    // The letter to the registered address carries the new password; it activates the new token.
    const [post] = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, c.customerId), eq(customerNotices.kind, "token_replaced"), eq(customerNotices.channel, "post")));
    const letter = openLetter(post!.letterEnc!);
    expect(letter).toMatchObject({ userId: fresh.userId, serviceId: fresh.serviceId });
    const activated = await executeAction(activateTokenAction, { serviceId: fresh.serviceId, userId: fresh.userId, activationPassword: letter.activationPassword }, api());
    expect(activated).toMatchObject({ ok: true, data: { ok: true } });
    if (!activated.ok || !activated.data.ok) return;
    expect(await verifyCode(fresh, codeNow(base32Decode(activated.data.secretBase32)))).toMatchObject({ ok: true, data: { ok: true } });

    // No secret in the audit trail of the approval.
    expect(await eventDetails(approved.auditEventId)).not.toContain(letter.activationPassword);
    // The requester hears of the decision on their next page load.
    const inbox = await runQuery(approvalInboxQuery, {}, desk(supervisor));
    expect(inbox).toMatchObject({ ok: true, data: { decided: [{ id: requestId, status: "approved" }] } });
  });

  it("refuses a second request for the customer while one is pending, and a rejection leaves the old token suspended and tells the customer", async () => {
    const c = await caller();
    await byPhone(operator, c);
    const first = await replace(operator, c, { replaceReason: "device_changed" });
    expect(first).toMatchObject({ ok: true, data: { outcome: "requested", carrierReminder: false } });
    const again = await replace(operator, c);
    expect(again).toMatchObject({ ok: false, code: "conflict" });
    if (!again.ok) expect(again.message).toContain("承認待ち");
    if (!first.ok || first.data.outcome !== "requested") return;

    const rejected = await reject(supervisor, first.data.requestId);
    expect(rejected).toMatchObject({ ok: true, data: { notices: 2 } });
    expect(await requestRow(first.data.requestId)).toMatchObject({ status: "rejected", decisionReason: "確認事項に不一致があるため", decidedBy: supervisor.staffId });
    expect((await tokenRow(t.db, c.token.tokenId)).status).toBe("suspended");
    expect(await noticeKinds(c.customerId)).toContain("replacement_rejected:post");
    // Decided once: neither an approval nor a second rejection follows.
    expect(await approve(otherSupervisor, first.data.requestId)).toMatchObject({ ok: false, code: "conflict" });
    const inbox = await runQuery(approvalInboxQuery, {}, desk(operator));
    expect(inbox).toMatchObject({ ok: true, data: { waiting: null, decided: [{ status: "rejected", decisionReason: "確認事項に不一致があるため" }] } });
  });

  it("lets a request lapse after 24 hours: shown as expired in the queue, not approvable, and a new request may be filed", async () => {
    const c = await caller();
    await byPhone(operator, c);
    const first = await replace(operator, c);
    if (!first.ok || first.data.outcome !== "requested") throw new Error(JSON.stringify(first));
    const firstId = first.data.requestId;
    const queue = await runQuery(approvalQueueQuery, {}, desk(supervisor));
    expect(queue.ok && queue.data.find((r) => r.id === firstId)).toMatchObject({ state: "pending", requesterRole: "operator", verificationMethod: "phone", serial: c.token.serial, revokeReason: "lost" });

    await later(24 * HOUR + MINUTE);
    const stale = await runQuery(approvalQueueQuery, {}, desk(supervisor));
    expect(stale.ok && stale.data.find((r) => r.id === firstId)).toMatchObject({ state: "expired" });
    const late = await approve(supervisor, first.data.requestId);
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    if (!late.ok) expect(late.message).toContain("期限切れ");
    expect((await tokenRow(t.db, c.token.tokenId)).status).toBe("suspended");

    await byPhone(operator, c);
    const second = await replace(operator, c);
    expect(second).toMatchObject({ ok: true, data: { outcome: "requested" } });
    expect(await requestRow(first.data.requestId)).toMatchObject({ status: "expired" });
  });

  it("the home count shows supervisors the requests waiting, and nobody else", async () => {
    const forSupervisor = await runQuery(approvalInboxQuery, {}, desk(otherSupervisor));
    expect(forSupervisor.ok && forSupervisor.data.waiting).toBeGreaterThan(0);
    const forOperator = await runQuery(approvalInboxQuery, {}, desk(operator));
    expect(forOperator.ok && forOperator.data.waiting).toBeNull();
    expect(await runQuery(approvalQueueQuery, {}, desk(operator))).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("replacement at the counter", () => {
  it("completes at once for a teller: old revoked, new token linked, slip handed over, every channel told", async () => {
    const c = await caller();
    await atCounter(teller, c);
    const result = await replace(teller, c, { replaceReason: "stolen" });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, data: { outcome: "replaced", delivery: "counter_slip", carrierReminder: true } });
    if (!result.ok || result.data.outcome !== "replaced") return;
    expect(result.data.slipPdf).toBeTruthy();
    expect(await tokenRow(t.db, c.token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "stolen", replacedByTokenId: result.data.tokenId });
    expect(await verifyCode(c.token, codeNow(c.token.secret))).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_token" } });
    expect(await noticeKinds(c.customerId)).toEqual(["token_replaced:email", "token_replaced:post"]);
    const recorded = await eventDetails(result.auditEventId);
    expect(recorded).not.toContain(result.data.slipPdf!.slice(0, 40));
    expect(recorded).toContain('"outcome":"replaced"');
    expect(await t.db.select().from(approvalRequests).where(eq(approvalRequests.customerId, c.customerId))).toHaveLength(0);
    // The token history tells both sides: the old token replaced (naming the new serial), the new one issued by the teller in its place.
    const view = await executeAction(viewCustomer, { customerId: c.customerId }, desk(teller));
    if (!view.ok) throw new Error(view.message);
    const newTokenId = result.data.tokenId;
    const newer = view.data.timeline.find((tl) => tl.tokenId === newTokenId)!;
    const older = view.data.timeline.find((tl) => tl.tokenId === c.token.tokenId)!;
    expect(newer.entries.map((e) => e.event)).toEqual(["issuedAsReplacement"]);
    expect(newer.entries[0]).toMatchObject({ facts: { serial: c.token.serial } });
    expect(newer.entries[0]!.actor).toMatchObject({ kind: "staff", role: "teller" });
    expect(older.entries[0]).toMatchObject({ event: "replaced", facts: { serial: newer.serial } });
  });

  it("sends the letter instead when the customer at the counter asks for post; a slip after a phone check is refused", async () => {
    const c = await caller();
    await atCounter(teller, c);
    expect(await replace(teller, c, { delivery: "letter" })).toMatchObject({ ok: true, data: { outcome: "replaced", delivery: "letter", slipPdf: null } });
    const d = await caller();
    await byPhone(operator, d);
    const slip = await replace(operator, d, { delivery: "counter_slip" });
    expect(slip).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { delivery: [expect.stringContaining("窓口")] } });
    expect((await tokenRow(t.db, d.token.tokenId)).status).toBe("active");
  });

  it("refuses without a verification, to an auditor, and for a token already replaced", async () => {
    const c = await caller();
    expect(await replace(operator, c)).toMatchObject({ ok: false, code: "verification_required" });
    expect(await replace(auditor, c)).toMatchObject({ ok: false, code: "forbidden" });
    await atCounter(teller, c);
    expect(await replace(teller, c)).toMatchObject({ ok: true });
    expect(await replace(teller, c)).toMatchObject({ ok: false, code: "conflict" });
  });
});

describe("risk signals", () => {
  it("flags a replacement within 24 hours after an e-mail change, and not after", async () => {
    const c = await caller();
    await byPhone(operator, c);
    expect(await executeAction(addEmailAction, { customerId: c.customerId, address: `new${seq}@example.jp`, reason: "お客さまのご依頼", ...formKey() }, desk(operator))).toMatchObject({ ok: true });
    const flagged = await replace(operator, c);
    expect(flagged).toMatchObject({ ok: true, data: { outcome: "requested", riskFlags: ["recent_email_change"] } });
    if (!flagged.ok || flagged.data.outcome !== "requested") return;
    const flaggedId = flagged.data.requestId;
    const queue = await runQuery(approvalQueueQuery, {}, desk(supervisor));
    expect(queue.ok && queue.data.find((r) => r.id === flaggedId)?.riskFlags).toEqual(["recent_email_change"]);
    expect(await reject(supervisor, flagged.data.requestId)).toMatchObject({ ok: true });

    await later(24 * HOUR + MINUTE);
    const d = await caller();
    await byPhone(operator, d);
    // Nothing changed on this customer's e-mails: no flag.
    expect(await replace(operator, d)).toMatchObject({ ok: true, data: { riskFlags: [] } });
  });

  it("flags a second replacement within 30 days, and not one after", async () => {
    const c = await caller();
    await atCounter(teller, c);
    const first = await replace(teller, c);
    if (!first.ok || first.data.outcome !== "replaced") throw new Error(JSON.stringify(first));
    await later(10 * DAY);
    await atCounter(teller, c);
    const second = await executeAction(replaceTokenAction, { customerId: c.customerId, tokenId: first.data.tokenId, replaceReason: "app_deleted", reason: "アプリを削除したため", ...formKey() }, desk(teller));
    expect(second).toMatchObject({ ok: true, data: { outcome: "replaced", riskFlags: ["repeat_replacement"] } });
    if (!second.ok || second.data.outcome !== "replaced") return;
    await later(31 * DAY);
    await atCounter(teller, c);
    const third = await executeAction(replaceTokenAction, { customerId: c.customerId, tokenId: second.data.tokenId, replaceReason: "lost", reason: "紛失のため", ...formKey() }, desk(teller));
    expect(third).toMatchObject({ ok: true, data: { riskFlags: [] } });
  });
});

describe("exchange with the old phone in hand", () => {
  it("issues a new token beside the old one, which works until the new one is activated and then stops", async () => {
    const c = await caller();
    await atCounter(teller, c);
    const wrong = await executeAction(exchangeTokenAction, { customerId: c.customerId, tokenId: c.token.tokenId, otp: "00000000", reason: "機種変更のため", ...formKey() }, desk(teller));
    // A wrong code counts towards the lock and commits, as at the API.
    expect(wrong).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code", otpFailures: 1 } });
    expect((await tokenRow(t.db, c.token.tokenId)).otpFailures).toBe(1);

    const result = await executeAction(exchangeTokenAction, { customerId: c.customerId, tokenId: c.token.tokenId, otp: codeNow(c.token.secret), reason: "機種変更のため", ...formKey() }, desk(teller));
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, data: { ok: true, delivery: "counter_slip", oldSerial: c.token.serial } });
    if (!result.ok || !result.data.ok) return;
    expect(await tokenRow(t.db, c.token.tokenId)).toMatchObject({ status: "active", replacedByTokenId: result.data.tokenId });
    // The old phone keeps working meanwhile; a second exchange is refused.
    clock.advance(2 * MINUTE);
    expect(await verifyCode(c.token, codeNow(c.token.secret))).toMatchObject({ ok: true, data: { ok: true } });
    expect(await executeAction(exchangeTokenAction, { customerId: c.customerId, tokenId: c.token.tokenId, otp: codeNow(c.token.secret), reason: "機種変更のため", ...formKey() }, desk(teller))).toMatchObject({ ok: false, code: "conflict" });

    // Activation of the new token revokes the old in the same transaction.
    const [fresh] = await t.db.select().from(tokens).where(eq(tokens.id, result.data.tokenId));
    const password = await slipPassword(result.data.slipPdf!, fresh!);
    const activated = await executeAction(activateTokenAction, { serviceId: fresh!.serviceId, userId: fresh!.userId, activationPassword: password }, api());
    expect(activated).toMatchObject({ ok: true, data: { ok: true } });
    expect(await tokenRow(t.db, c.token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "replaced" });
    clock.advance(2 * MINUTE);
    expect(await verifyCode(c.token, codeNow(c.token.secret))).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_token" } });
  });
});

/** The activation password printed on a counter slip (the PDF's text). */
async function slipPassword(pdfBase64: string, token: { userId: string; serviceId: string }): Promise<string> {
  const text = await pdfText(new Uint8Array(Buffer.from(pdfBase64, "base64")));
  const password = /\d{8}/.exec(text.replace(token.userId, "").replace(token.serviceId, ""))?.[0];
  if (!password) throw new Error("no password on the slip");
  return password;
}

describe("emergency access code", () => {
  it("is made only on another supervisor's approval, mailed once, accepted once by the API, then refused", async () => {
    const c = await caller();
    await byPhone(operator, c);
    const requested = await executeAction(requestEmergencyCodeAction, { customerId: c.customerId, reason: "至急の振込が必要なため", ...formKey() }, desk(operator));
    expect(requested).toMatchObject({ ok: true });
    if (!requested.ok) return;
    expect(await executeAction(requestEmergencyCodeAction, { customerId: c.customerId, reason: "至急の振込が必要なため", ...formKey() }, desk(operator))).toMatchObject({ ok: false, code: "conflict" });
    const approved = await approve(supervisor, requested.data.requestId);
    expect(approved, JSON.stringify(approved)).toMatchObject({ ok: true, data: { kind: "emergency_code", notices: 1 } });
    if (!approved.ok || approved.data.kind !== "emergency_code") return;
    expect(approved.data.codeExpiresAt.getTime()).toBeLessThanOrEqual(clock.now().getTime() + 24 * HOUR);

    const [mail] = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, c.customerId), eq(customerNotices.kind, "emergency_code"))).orderBy(desc(customerNotices.createdAt));
    expect(mail!.recipient).toBe(c.email);
    // The outbox keeps the code sealed; the customer's mail carries it.
    expect(mail!.body).toBe(SEALED_BODY);
    const code = /緊急用コード：(\d{10})/.exec(deliveredBody(mail!))![1]!;
    expect(await eventDetails(approved.auditEventId)).not.toContain(code);
    expect(JSON.stringify(await requestRow(requested.data.requestId))).not.toContain(code);

    const use = (emergencyCode: string) => executeAction(verifyEmergencyCodeAction, { serviceId: c.token.serviceId, userId: c.token.userId, emergencyCode }, api());
    const wrong = code === "0000000000" ? "1111111111" : "0000000000";
    expect(await use(wrong)).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code" } });
    expect(await use(code)).toMatchObject({ ok: true, data: { ok: true } });
    expect(await use(code)).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code" } });
  });

  it("accepts a second approved code while the first is still unused, each once", async () => {
    const c = await caller();
    await byPhone(operator, c);
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const requested = await executeAction(requestEmergencyCodeAction, { customerId: c.customerId, reason: "至急の振込が必要なため", ...formKey() }, desk(operator));
      if (!requested.ok) throw new Error(JSON.stringify(requested));
      expect(await approve(supervisor, requested.data.requestId)).toMatchObject({ ok: true });
      const [mail] = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, c.customerId), eq(customerNotices.kind, "emergency_code"))).orderBy(desc(customerNotices.createdAt));
      codes.push(/緊急用コード：(\d{10})/.exec(deliveredBody(mail!))![1]!);
      clock.advance(MINUTE);
    }
    expect(codes[0]).not.toBe(codes[1]);
    const use = (emergencyCode: string) => executeAction(verifyEmergencyCodeAction, { serviceId: c.token.serviceId, userId: c.token.userId, emergencyCode }, api());
    // The customer types the code of the newest mail: each mail says its code is valid for a day.
    expect(await use(codes[1]!)).toMatchObject({ ok: true, data: { ok: true } });
    expect(await use(codes[0]!)).toMatchObject({ ok: true, data: { ok: true } });
    for (const code of codes) expect(await use(code)).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code" } });
  });

  it("refuses self-approval, and a code past its 24 hours", async () => {
    const c = await caller();
    await byPhone(supervisor, c);
    const requested = await executeAction(requestEmergencyCodeAction, { customerId: c.customerId, reason: "至急の振込が必要なため", ...formKey() }, desk(supervisor));
    if (!requested.ok) throw new Error(JSON.stringify(requested));
    expect(await approve(supervisor, requested.data.requestId)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await approve(otherSupervisor, requested.data.requestId)).toMatchObject({ ok: true });
    const [mail] = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, c.customerId), eq(customerNotices.kind, "emergency_code")));
    const code = /緊急用コード：(\d{10})/.exec(deliveredBody(mail!))![1]!;
    await later(24 * HOUR + MINUTE);
    expect(await executeAction(verifyEmergencyCodeAction, { serviceId: c.token.serviceId, userId: c.token.userId, emergencyCode: code }, api())).toMatchObject({ ok: true, data: { ok: false, reason: "invalid_code" } });
  });
});

describe("the back office's CLI replacement", () => {
  it("revokes the named live token with the reason and links the new one in one transaction; staff cannot use this path", async () => {
    const c = await caller();
    const { issueTokenAction } = await import("@/lib/actions/tokens/issue-token");
    const { systemOptions } = await import("@/tests/fixtures/staff");
    await atCounter(teller, c);
    const byStaff = await executeAction(issueTokenAction, { customerId: c.customerId, serviceId: c.token.serviceId, replacesTokenId: c.token.tokenId, replaceReason: "lost", reason: "窓口からの試み", ...formKey() }, desk(teller));
    expect(byStaff).toMatchObject({ ok: false, code: "forbidden" });
    expect((await tokenRow(t.db, c.token.tokenId)).status).toBe("active");
    const result = await executeAction(issueTokenAction, { customerId: c.customerId, serviceId: c.token.serviceId, replacesTokenId: c.token.tokenId, replaceReason: "device_changed" }, systemOptions(t.db, clock));
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(await tokenRow(t.db, c.token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "device_changed", replacedByTokenId: result.data.tokenId });
    // A second replacement of the same (now revoked) token is refused and issues nothing.
    expect(await executeAction(issueTokenAction, { customerId: c.customerId, serviceId: c.token.serviceId, replacesTokenId: c.token.tokenId, replaceReason: "lost" }, systemOptions(t.db, clock))).toMatchObject({ ok: false, code: "conflict" });
  });

  it("the database itself refuses a decision by the requester", async () => {
    const c = await caller();
    await byPhone(operator, c);
    const requested = await replace(operator, c);
    if (!requested.ok || requested.data.outcome !== "requested") throw new Error(JSON.stringify(requested));
    await expect(t.raw(`update approval_requests set decided_by = requested_by, status = 'approved' where id = '${requested.data.requestId}'`)).rejects.toThrow();
  });
});
