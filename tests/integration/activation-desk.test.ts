import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { customerNotices, demoMailbox, tokens } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { renewTokenAtDeskAction } from "@/lib/actions/tokens/renew-token-at-desk";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import { ActionError, defineAction } from "@/lib/actions/types";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { verifyPassword } from "@/lib/auth/password";
import { renderActivationLetter } from "@/lib/letters";
import { openLetter } from "@/lib/letters/sealed";
import { listMailbox } from "@/lib/notifications/mailbox";
import { printRoomSender } from "@/lib/notifications/print-room";
import { demoLetterSender, type ClaimedNotice, type NoticeSender } from "@/lib/notifications/senders";
import { runNoticeBatch } from "@/lib/notifications/worker";
import { DAY, HOUR, MINUTE, fixedClock } from "@/lib/time/clock";
import { resetActivationPassword, resetActivationPasswordInput } from "@/lib/tokens/reset-activation";
import { TOKEN_LIFETIME_MS } from "@/lib/tokens/policy";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, createSignedInStaff, signInAgain, staffOptions, systemOptions, formKey, type Member } from "@/tests/fixtures/staff";
import { issue, legacyToken, tokenRow, type Issued } from "@/tests/fixtures/tokens";
import { pdfText } from "@/tests/unit/letters/pdf-inspect";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let apiKey: string;
let operator: Member, otherOperator: Member, teller: Member, supervisor: Member, auditor: Member;
const staff = () => [operator, otherOperator, teller, supervisor, auditor];

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "activation-app");
  operator = await createSignedInStaff(t.db, clock, "operator.act", "operator");
  otherOperator = await createSignedInStaff(t.db, clock, "operator.other", "operator");
  teller = await createSignedInStaff(t.db, clock, "teller.act", "teller");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.act", "supervisor");
  auditor = await createSignedInStaff(t.db, clock, "auditor.act", "auditor");
});
afterAll(async () => t?.close());
afterEach(async () => {
  // Each test starts with an empty outbox.
  await t.raw("update customer_notices set status = 'sent', letter_enc = null where status <> 'sent'");
});

let seq = 0;
interface Caller {
  customerId: string;
  answers: { name: string; birthDate: string; phone: string; branchCode: string; accountNumber: string };
}

/** A customer with a confirmed e-mail and a registered address, and the answers a genuine caller gives. */
async function caller(overrides: { address?: string; tokens?: unknown[]; emails?: string[] } = {}): Promise<Caller> {
  seq++;
  const answers = { name: "ヤマダ ハナコ", birthDate: "1985-02-03", phone: `0907000${String(seq).padStart(4, "0")}`, branchCode: "002", accountNumber: String(3000000 + seq) };
  const customerId = await createCustomer(t.db, clock, {
    nameKanji: "山田 花子", nameKana: answers.name, birthDate: answers.birthDate, phone: answers.phone, branchCode: answers.branchCode, accountNumber: answers.accountNumber, branchName: "新宿支店",
    postalCode: "160-0022", address: overrides.address ?? "東京都新宿区新宿3-1-1 新宿ハイツ 205号室", emails: overrides.emails ?? [`hanako${seq}@example.jp`], tokens: overrides.tokens ?? [],
  });
  return { customerId, answers };
}

async function verifyByPhone(member: Member, c: Caller) {
  const result = await executeAction(verifyCallerByPhone, { customerId: c.customerId, ...c.answers }, staffOptions(t.db, clock, member));
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true, data: { result: "passed" } });
}

async function verifyAtCounter(member: Member, c: Caller) {
  const result = await executeAction(verifyCallerInPerson, { customerId: c.customerId, documentType: "drivers_license", documentLast4: "1234", name: "山田 花子", birthDate: c.answers.birthDate, photoMatches: "yes" }, staffOptions(t.db, clock, member));
  expect(result).toMatchObject({ ok: true, data: { result: "passed" } });
}

/** Moves time on; staff sessions end after 15 idle minutes, so everyone signs in again. */
async function later(ms: number) {
  clock.advance(ms);
  for (const member of staff()) member.sessionId = await signInAgain(t.db, clock, member);
}

const activate = (token: Pick<Issued, "serviceId" | "userId">, activationPassword: string) =>
  executeAction(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword }, apiOptions(t.db, clock, apiKey));

/** A token locked by five wrong activation passwords through the token-service API (S0C4). */
async function lockedToken(c: Caller): Promise<Issued> {
  const token = await issue(t.db, clock, c.customerId);
  const wrong = token.activationPassword === "11111111" ? "22222222" : "11111111";
  for (let i = 0; i < 5; i++) await activate(token, wrong);
  expect((await tokenRow(t.db, token.tokenId)).status).toBe("activation_locked");
  return token;
}

const desk = (member: Member) => staffOptions(t.db, clock, member);
const reset = (member: Member, c: Caller, tokenId: string, extra: Record<string, unknown> = {}) =>
  executeAction(resetActivationPasswordAction, { customerId: c.customerId, tokenId, reason: "S0C4 のため再発行", ...formKey(), ...extra }, desk(member));

async function noticesOf(customerId: string) {
  return t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId)).orderBy(customerNotices.createdAt, customerNotices.channel);
}

/** The e-mail channel as a recorder: the notices the worker would have sent, as it sent them. */
function emailRecorder(): NoticeSender & { sent: ClaimedNotice[] } {
  const sent: ClaimedNotice[] = [];
  return { channel: "email", sent, async send(notice) { sent.push(notice); } };
}

describe("resetting the activation password after a phone verification", () => {
  it("unlocks an S0C4 token with a new password that leaves only in a sealed letter, which opens, prints the password and activates the token", async () => {
    const c = await caller();
    const token = await lockedToken(c);
    await verifyByPhone(operator, c);
    const result = await reset(operator, c, token.tokenId);
    expect(result).toMatchObject({ ok: true, data: { delivery: "letter", slipPdf: null, notices: 2, serial: token.serial } });
    if (!result.ok) return;
    expect(result.data.activationDeadline.getTime()).toBe(clock.now().getTime() + 30 * DAY);

    const row = await tokenRow(t.db, token.tokenId);
    expect(row).toMatchObject({ status: "pending_activation", activationFailures: 0 });
    expect(row.activationDeadline!.getTime()).toBe(clock.now().getTime() + 30 * DAY);

    const notices = await noticesOf(c.customerId);
    const post = notices.find((n) => n.channel === "post")!;
    const mail = notices.find((n) => n.channel === "email")!;
    expect(post).toMatchObject({ kind: "activation_password_reset", status: "pending", recipient: "〒160-0022 東京都新宿区新宿3-1-1 新宿ハイツ 205号室\n山田 花子 様" });
    expect(mail).toMatchObject({ kind: "activation_password_reset", letterEnc: null });
    expect(mail.body).toContain("書面で登録住所にお送りします");
    const letter = openLetter(post.letterEnc!);
    expect(letter).toMatchObject({ customerName: "山田 花子", postalCode: "160-0022", serviceId: token.serviceId, userId: token.userId, deadline: row.activationDeadline });
    expect(letter.addressLines.join(" ")).toBe("東京都新宿区新宿3-1-1 新宿ハイツ 205号室");
    const password = letter.activationPassword;
    expect(password).toMatch(/^\d{8}$/);
    expect(await verifyPassword(row.activationPasswordHash!, password)).toBe(true);
    expect(await verifyPassword(row.activationPasswordHash!, token.activationPassword)).toBe(false);

    // Nothing but the sealed letter knows it: not the result, the e-mail, the notice rows' text, the audit event.
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event).toMatchObject({ action: "token.reset_activation", outcome: "success", customerId: c.customerId, tokenId: token.tokenId, reason: "S0C4 のため再発行" });
    expect(event.details).toMatchObject({
      serial: token.serial, delivery: "letter", notices: 2,
      before: { status: "activation_locked", activationFailures: 5 }, after: { status: "pending_activation", activationFailures: 0 },
    });
    for (const text of [JSON.stringify(result.data), JSON.stringify(event), mail.body, mail.subject, post.body, post.subject]) expect(text).not.toContain(password);
    expect(post.letterEnc).not.toContain(password);

    // The worker posts it into the demo mailbox, and the outbox forgets the secret once sent.
    const email = emailRecorder();
    const batch = await runNoticeBatch({ db: t.db, clock, senders: [email, demoLetterSender(t.db)] });
    expect(batch).toMatchObject({ sent: 2, failed: 0 });
    expect(email.sent.map((n) => n.body).join()).not.toContain(password);
    const [sentPost] = await t.db.select().from(customerNotices).where(eq(customerNotices.id, post.id));
    expect(sentPost).toMatchObject({ status: "sent", letterEnc: null });

    const mailbox = await listMailbox(t.db, c.customerId);
    const delivered = mailbox.find((m) => m.channel === "post")!;
    expect(delivered.hasLetter).toBe(true);
    const [entry] = await t.db.select().from(demoMailbox).where(eq(demoMailbox.id, delivered.id));
    const text = await pdfText(await renderActivationLetter(openLetter(entry!.letterEnc!)));
    expect(text).toContain(password);
    expect(text).toContain(token.userId);
    expect(text).toContain("利用開始パスワードのお知らせ");

    // The customer types it into the app: the token activates.
    expect(await activate(token, password)).toMatchObject({ ok: true, data: { ok: true } });
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("active");
  });

  it("outside demo mode spools the letter's PDF into the print room, named by notice id, readable by the portal only", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "print-room-"));
    try {
      const c = await caller();
      const token = await issue(t.db, clock, c.customerId);
      await verifyByPhone(operator, c);
      expect(await reset(operator, c, token.tokenId, { reason: "パスワードを忘れたため" })).toMatchObject({ ok: true, data: { delivery: "letter" } });
      const post = (await noticesOf(c.customerId)).find((n) => n.channel === "post")!;
      const password = openLetter(post.letterEnc!).activationPassword;
      expect(await runNoticeBatch({ db: t.db, clock, senders: [printRoomSender(dir)] })).toMatchObject({ sent: 1 });
      expect(await readdir(dir)).toEqual([`${post.id}.pdf`]);
      const file = path.join(dir, `${post.id}.pdf`);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await pdfText(new Uint8Array(await readFile(file)))).toContain(password);
      expect((await t.db.select().from(customerNotices).where(eq(customerNotices.id, post.id)))[0]).toMatchObject({ status: "sent", letterEnc: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a caller the operator has not verified, one verified by another operator, and an expired verification", async () => {
    const c = await caller();
    const token = await lockedToken(c);
    expect(await reset(operator, c, token.tokenId)).toMatchObject({ ok: false, code: "verification_required" });
    await verifyByPhone(otherOperator, c);
    expect(await reset(operator, c, token.tokenId)).toMatchObject({ ok: false, code: "verification_required" });
    await verifyByPhone(operator, c);
    await later(11 * MINUTE);
    expect(await reset(operator, c, token.tokenId)).toMatchObject({ ok: false, code: "verification_required" });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "activation_locked", activationFailures: 5 });
    expect(await noticesOf(c.customerId)).toEqual([]);
  });

  it("refuses a token already bound to a phone, with the reason in words, and changes nothing", async () => {
    const c = await caller();
    const token = await issue(t.db, clock, c.customerId);
    await activate(token, token.activationPassword);
    await verifyByPhone(operator, c);
    const before = await tokenRow(t.db, token.tokenId);
    const result = await reset(operator, c, token.tokenId);
    expect(result).toMatchObject({ ok: false, code: "conflict", message: "利用開始済みです" });
    expect(await tokenRow(t.db, token.tokenId)).toEqual(before);
    expect(await noticesOf(c.customerId)).toEqual([]);
  });

  it("refuses another customer's token as not found", async () => {
    const c = await caller();
    const other = await caller();
    const token = await issue(t.db, clock, other.customerId);
    await verifyByPhone(operator, c);
    expect(await reset(operator, c, token.tokenId)).toMatchObject({ ok: false, code: "not_found" });
  });

  it("is refused to an auditor, who has no desk changes", async () => {
    const c = await caller();
    const token = await lockedToken(c);
    const result = await reset(auditor, c, token.tokenId);
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect((await auditEventAt(t.db, result.auditEventId)).outcome).toBe("denied");
  });

  it("refuses an address no letter can hold, before anything changes", async () => {
    const c = await caller({ address: "東".repeat(130) });
    const token = await lockedToken(c);
    await verifyByPhone(operator, c);
    const result = await reset(operator, c, token.tokenId);
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect(!result.ok && result.message).toContain("郵送できません");
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "activation_locked" });
    expect(await noticesOf(c.customerId)).toEqual([]);
  });

  it("rolls the letter and e-mails back with an action refused after writing them", async () => {
    const refusing = defineAction({
      name: "test.reset_then_refuse", permission: "token.reset_activation", input: resetActivationPasswordInput, assurance: "verified", subject: { kind: "customer", id: (i) => i.customerId },
      async run({ tx, principal, now }, input) {
        await resetActivationPassword(tx, principal, input, now);
        throw new ActionError("conflict", "errors.concurrentChange");
      },
    });
    const c = await caller();
    const token = await lockedToken(c);
    await verifyByPhone(operator, c);
    expect(await executeAction(refusing, { customerId: c.customerId, tokenId: token.tokenId, reason: "ロールバック確認", ...formKey() }, desk(operator))).toMatchObject({ ok: false, code: "conflict" });
    expect(await noticesOf(c.customerId)).toEqual([]);
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "activation_locked", activationFailures: 5 });
  });

  it("changes things once when the same form arrives twice", async () => {
    const c = await caller();
    const token = await lockedToken(c);
    await verifyByPhone(operator, c);
    const requestKey = crypto.randomUUID();
    expect(await reset(operator, c, token.tokenId, { requestKey })).toMatchObject({ ok: true });
    const again = await reset(operator, c, token.tokenId, { requestKey });
    expect(again).toMatchObject({ ok: false, code: "conflict" });
    expect((await noticesOf(c.customerId)).filter((n) => n.channel === "post")).toHaveLength(1);
  });
});

describe("resetting the activation password at the counter", () => {
  it("hands the teller a one-time A5 slip with the password; e-mails say so without it; nothing goes by post", async () => {
    const c = await caller();
    const token = await lockedToken(c);
    await verifyAtCounter(teller, c);
    const result = await reset(teller, c, token.tokenId);
    expect(result).toMatchObject({ ok: true, data: { delivery: "counter_slip", notices: 1 } });
    if (!result.ok) return;
    const pdf = Buffer.from(result.data.slipPdf!, "base64");
    const text = await pdfText(new Uint8Array(pdf));
    const password = /\d{8}/.exec(text.replace(token.userId, "").replace(token.serviceId, ""))?.[0];
    expect(password).toBeDefined();
    const row = await tokenRow(t.db, token.tokenId);
    expect(row).toMatchObject({ status: "pending_activation", activationFailures: 0 });
    expect(await verifyPassword(row.activationPasswordHash!, password!)).toBe(true);

    const notices = await noticesOf(c.customerId);
    expect(notices.map((n) => [n.channel, n.kind])).toEqual([["email", "activation_password_handed_over"]]);
    expect(notices[0]!.body).toContain("窓口で利用開始票をお渡ししました");
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event.details).toMatchObject({ delivery: "counter_slip", notices: 1 });
    const recorded = JSON.stringify(event) + notices.map((n) => n.body + (n.letterEnc ?? "")).join();
    expect(recorded).not.toContain(password);
    expect(recorded).not.toContain(result.data.slipPdf!.slice(0, 40));
    expect(await activate(token, password!)).toMatchObject({ ok: true, data: { ok: true } });
  });
});

describe("renewing a token at the desk", () => {
  const active = (userId: string, expiresInDays: number) => ({ ...legacyToken(clock, "active", userId), expiresAt: new Date(clock.now().getTime() + expiresInDays * DAY) });

  it("within 180 days of expiry moves the expiry one lifetime on and tells the customer, no new password", async () => {
    const c = await caller({ tokens: [active("556000000001", 100)] });
    const [token] = await t.db.select().from(tokens).where(eq(tokens.customerId, c.customerId));
    await verifyByPhone(operator, c);
    const result = await executeAction(renewTokenAtDeskAction, { customerId: c.customerId, tokenId: token!.id, reason: "更新のご依頼", ...formKey() }, desk(operator));
    expect(result).toMatchObject({ ok: true, data: { notices: 1 } });
    const row = await tokenRow(t.db, token!.id);
    expect(row.expiresAt.getTime()).toBe(token!.expiresAt.getTime() + TOKEN_LIFETIME_MS);
    expect(row).toMatchObject({ status: "active", activationPasswordHash: token!.activationPasswordHash, totpSecretEnc: token!.totpSecretEnc });
    const notices = await noticesOf(c.customerId);
    expect(notices.map((n) => [n.channel, n.kind])).toEqual([["email", "token_renewed"]]);
    expect(notices[0]!.body).toContain("有効期限を更新しました");
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event.details).toMatchObject({ serial: token!.serial, notices: 1, before: { expiresAt: token!.expiresAt.toISOString() }, after: { expiresAt: row.expiresAt.toISOString() } });
  });

  it("refuses before the window opens, a suspended token, no verification and an auditor", async () => {
    const c = await caller({ tokens: [active("556000000002", 900), { ...legacyToken(clock, "suspended", "556000000003"), expiresAt: new Date(clock.now().getTime() + 30 * DAY) }] });
    const rows = await t.db.select().from(tokens).where(eq(tokens.customerId, c.customerId)).orderBy(tokens.userId);
    const renew = (member: Member, tokenId: string) => executeAction(renewTokenAtDeskAction, { customerId: c.customerId, tokenId, reason: "更新のご依頼", ...formKey() }, desk(member));
    expect(await renew(operator, rows[0]!.id)).toMatchObject({ ok: false, code: "verification_required" });
    await verifyByPhone(operator, c);
    expect(await renew(operator, rows[0]!.id)).toMatchObject({ ok: false, code: "conflict", message: "更新できるのは有効期限の180日前からです" });
    expect(await renew(operator, rows[1]!.id)).toMatchObject({ ok: false, code: "conflict", message: "利用停止中です（先に利用再開）" });
    expect(await renew(auditor, rows[0]!.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await noticesOf(c.customerId)).toEqual([]);
  });
});

describe("issuing a new token at the desk", () => {
  const issueAt = (member: Member, c: Caller, extra: Record<string, unknown> = {}) =>
    executeAction(issueTokenAction, { customerId: c.customerId, serviceId: "10112890", reason: "新規発行のご依頼", ...formKey(), ...extra }, desk(member));

  it("refuses the back office's CLI a second live token for a service too: only a replacement gets one", async () => {
    const first = await issue(t.db, clock);
    const second = await executeAction(issueTokenAction, { customerId: first.customerId, serviceId: "10112890" }, systemOptions(t.db, clock));
    expect(second).toMatchObject({ ok: false, code: "conflict" });
    const replaced = await executeAction(issueTokenAction, { customerId: first.customerId, serviceId: "10112890", replacesTokenId: first.tokenId, replaceReason: "lost" }, systemOptions(t.db, clock));
    expect(replaced).toMatchObject({ ok: true });
    expect(await tokenRow(t.db, first.tokenId)).toMatchObject({ status: "revoked", revokeReason: "lost" });
  });

  it("after a phone check posts the password by letter and sends the app download notice by e-mail, showing it to nobody", async () => {
    const c = await caller();
    await verifyByPhone(supervisor, c);
    const result = await issueAt(supervisor, c);
    expect(result).toMatchObject({ ok: true, data: { delivery: "letter", slipPdf: null, notices: 2 } });
    if (!result.ok) return;
    expect(result.data).not.toHaveProperty("activationPassword");
    const notices = await noticesOf(c.customerId);
    expect(notices.map((n) => [n.channel, n.kind])).toEqual([["email", "token_issued"], ["post", "token_issued"]]);
    const mail = notices[0]!;
    expect(mail.body).toContain("アプリストアから当行のワンタイムパスワードアプリをダウンロードしてください");
    expect(mail.body).not.toMatch(/https?:|www\./);
    const letter = openLetter(notices[1]!.letterEnc!);
    expect(letter).toMatchObject({ serviceId: "10112890", userId: result.data.userId });
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event.details).toMatchObject({ serial: result.data.serial, delivery: "letter", notices: 2, status: "pending_activation" });
    for (const text of [JSON.stringify(event), mail.body, JSON.stringify(result.data)]) expect(text).not.toContain(letter.activationPassword);
    expect(await activate(result.data, letter.activationPassword)).toMatchObject({ ok: true, data: { ok: true } });
  });

  it("at the counter hands over a slip", async () => {
    const c = await caller();
    await verifyAtCounter(teller, c);
    const result = await issueAt(teller, c);
    expect(result).toMatchObject({ ok: true, data: { delivery: "counter_slip", notices: 1 } });
    if (!result.ok) return;
    const text = await pdfText(new Uint8Array(Buffer.from(result.data.slipPdf!, "base64")));
    expect(text).toContain(result.data.userId);
    expect((await noticesOf(c.customerId)).map((n) => n.channel)).toEqual(["email"]);
  });

  it("asks the desk for a reason, refuses operators, and refuses while a live token of the service exists", async () => {
    const c = await caller();
    await verifyAtCounter(teller, c);
    const missing = await executeAction(issueTokenAction, { customerId: c.customerId, serviceId: "10112890", ...formKey() }, desk(teller));
    expect(missing).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { reason: [expect.any(String)] } });
    expect(await issueAt(operator, c)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await issueAt(teller, c)).toMatchObject({ ok: true });
    const second = await issueAt(teller, c);
    expect(second).toMatchObject({ ok: false, code: "conflict" });
    expect(!second.ok && second.message).toContain("利用中のトークンがあります");
    // Another service is a different token.
    expect(await issueAt(teller, c, { serviceId: "10112905" })).toMatchObject({ ok: true });
  });

  it("after a cancellation only from 00:00 JST the next day, saying from when", async () => {
    // Cancelled at 13:00 JST today (the clock says 14:00 JST).
    const cancelled = { ...legacyToken(clock, "revoked", "556000000009"), revokeReason: "cancelled", lastUsedAt: new Date(clock.now().getTime() - HOUR) };
    const c = await caller({ tokens: [cancelled] });
    await verifyAtCounter(teller, c);
    const refused = await issueAt(teller, c);
    expect(refused).toMatchObject({ ok: false, code: "conflict" });
    expect(!refused.ok && refused.message).toContain("2026/11/23 00:00 から発行できます");
    expect(await noticesOf(c.customerId)).toEqual([]);
    // 23:59 JST: still today.
    // (Signing the five staff members in again moves the clock five more minutes.)
    await later(new Date("2026-11-22T14:50:00Z").getTime() - clock.now().getTime());
    await verifyAtCounter(teller, c);
    expect(await issueAt(teller, c)).toMatchObject({ ok: false, code: "conflict" });
    await later(5 * MINUTE);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(new Date("2026-11-22T15:00:00Z").getTime());
    await verifyAtCounter(teller, c);
    expect(await issueAt(teller, c)).toMatchObject({ ok: true, data: { delivery: "counter_slip" } });
    const [row] = await t.db.select().from(tokens).where(and(eq(tokens.customerId, c.customerId), eq(tokens.status, "pending_activation")));
    expect(row).toBeDefined();
  });
});
