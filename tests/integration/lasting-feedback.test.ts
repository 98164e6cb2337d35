import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import type { ActionDefinition } from "@/lib/actions/types";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { deleteEmailAction } from "@/lib/actions/emails/delete-email";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { requestEmergencyCodeAction } from "@/lib/actions/tokens/request-emergency-code";
import { decisionLine, decisionSummary } from "@/lib/approvals/decision-line";
import { deletedEmailLine } from "@/lib/emails/deleted-line";
import { createTranslator } from "@/lib/i18n/translate";
import { fixedClock } from "@/lib/time/clock";
import { formatJst } from "@/lib/time/format";
import { cancelledLine } from "@/lib/tokens/cancelled-line";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { emailRows, verifyCaller } from "@/tests/fixtures/emails";
import { createSignedInStaff, formKey, staffOptions, type Member } from "@/tests/fixtures/staff";
import { issue } from "@/tests/fixtures/tokens";

/**
 * The lines the desk keeps showing after an action whose subject leaves the screen (a decided
 * request leaves the queue, a removed address its list, a cancelled token the current ones) are
 * made from the action's own result: they name the customer, the token and the address as the
 * screen does, say what happens next, in both languages, and never carry an id or an ISO time.
 */

let t: TestDb;
// 14:00 UTC: 23:00 in Japan, so "from when" a new token may be issued is the next JST day.
const clock = fixedClock("2026-11-22T14:00:00.000Z");
let apiKey: string;
let operator: Member, supervisor: Member;
const ja = createTranslator("ja");
const en = createTranslator("en");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;
const ISO = /\d{4}-\d{2}-\d{2}T/;

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "lasting-feedback-app", 100000);
  operator = await createSignedInStaff(t.db, clock, "operator.lasting", "operator");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.lasting", "supervisor");
});
afterAll(async () => t?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = ActionDefinition<any, any, any>;
async function run(action: AnyAction, member: Member, input: object) {
  const result = await executeAction(action, { ...input, ...formKey() }, staffOptions(t.db, clock, member));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data;
}

/** No id, ISO time or catalogue key left in a line a person reads. */
function readable(line: string) {
  expect(line).not.toMatch(UUID);
  expect(line).not.toMatch(ISO);
  expect(line).not.toMatch(/\{\w+\}|approvals\.|emails\.|lifecycle\./);
}

/** A customer with an active token, and the operator's replacement request after a phone check. */
async function replacementRequest(name: string) {
  const token = await issue(t.db, clock, await createCustomer(t.db, clock, { nameKanji: name }));
  const activated = await executeAction(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword: token.activationPassword }, apiOptions(t.db, clock, apiKey));
  if (!activated.ok || !activated.data.ok) throw new Error("activation failed");
  await verifyCaller(t.db, clock, operator, token.customerId);
  const requested = await run(replaceTokenAction, operator, { customerId: token.customerId, tokenId: token.tokenId, replaceReason: "lost", reason: "スマートフォン紛失のため" });
  return { token, requestId: requested.requestId as string };
}

describe("the approval queue's line after a decision", () => {
  it("an approved replacement names the customer, the old and the new serial, and the letter", async () => {
    const { token, requestId } = await replacementRequest("承認 一郎");
    const data = await run(approveRequestAction, supervisor, { requestId, reason: "本人確認の内容を確認しました" });
    const summary = decisionSummary({ decision: "approve", data });
    expect(summary).toEqual({ decision: "approve", kind: "replacement", customerName: "承認 一郎", serial: token.serial, newSerial: data.serial });
    expect(data.serial).not.toBe(token.serial);
    const line = decisionLine(ja, summary);
    expect(line).toBe(`承認 一郎さまのトークン再発行（シリアル ${token.serial}）を承認しました。新しいトークン（シリアル ${data.serial}）を発行し、利用開始パスワードを登録住所へ郵送します。`);
    readable(line);
    const english = decisionLine(en, summary);
    expect(english).toContain(`Approved the token replacement for 承認 一郎 (serial ${token.serial})`);
    expect(english).toContain(`(serial ${data.serial})`);
    readable(english);
    // Only the summary reaches the browser: no ids of the tokens or the request.
    expect(JSON.stringify(summary)).not.toMatch(UUID);
  });

  it("a rejected replacement names the customer and the token, which stays suspended", async () => {
    const { token, requestId } = await replacementRequest("却下 二郎");
    const data = await run(rejectRequestAction, supervisor, { requestId, reason: "確認事項に不一致があるため" });
    const line = decisionLine(ja, decisionSummary({ decision: "reject", data }));
    expect(line).toBe(`却下 二郎さまのトークン再発行（シリアル ${token.serial}）を却下しました。トークンは利用停止のままです。お客さまには登録住所へ書面でお知らせします。`);
    readable(line);
    readable(decisionLine(en, decisionSummary({ decision: "reject", data })));
  });

  it("an approved emergency code names the customer and says until when (JST) the mailed code works", async () => {
    const customerId = await createCustomer(t.db, clock, { nameKanji: "緊急 三子", emails: ["kinkyu.mitsuko@example.jp"] });
    await issue(t.db, clock, customerId);
    await verifyCaller(t.db, clock, operator, customerId);
    const requested = await run(requestEmergencyCodeAction, operator, { customerId, reason: "新しいトークンの利用開始前に至急の振込が必要" });
    const data = await run(approveRequestAction, supervisor, { requestId: requested.requestId, reason: "交換済み・新トークン未登録を確認しました" });
    const summary = decisionSummary({ decision: "approve", data });
    // Issued just after 23:00 JST, valid for a day: until the same time (JST) the next day.
    const until = formatJst(data.codeExpiresAt);
    expect(until).toMatch(/^2026\/11\/23 23:0\d$/);
    expect(decisionLine(ja, summary)).toBe(`緊急 三子さまの緊急用コードを承認しました。コードは確認済みの登録メールアドレスへ送ります（有効期限 ${until}）。`);
    expect(decisionLine(en, summary)).toContain(`(valid until ${until})`);
    expect(JSON.stringify(summary)).not.toContain("kinkyu");
  });
});

describe("the e-mail panel's line after a removal", () => {
  it("names the removed address masked and each way the customer is told, as the notices were queued", async () => {
    const customerId = await createCustomer(t.db, clock, { emails: ["taro@example.jp", "hanako@example.net", "jiro@example.org"] });
    await verifyCaller(t.db, clock, operator, customerId);
    const taro = (await emailRows(t.db, customerId)).find((e) => e.address === "taro@example.jp")!;
    const data = await run(deleteEmailAction, operator, { customerId, emailId: taro.id, reason: "メールが届かないため" });
    expect(data.told).toEqual({ post: true, remainingAddresses: ["h****@example.net", "j****@example.org"], removedAddress: true });
    const line = deletedEmailLine(ja, data);
    expect(line).toBe("t****@example.jp を削除しました。お客さまには登録住所への書面、残りの確認済みアドレス（h****@example.net、j****@example.org）へのメール、削除したアドレスへのメールでお知らせします。");
    readable(line);
    expect(line).not.toContain("taro@");
    const english = deletedEmailLine(en, data);
    expect(english).toBe("t****@example.jp was deleted. The customer is told by letter to the registered address, by e-mail to the remaining confirmed addresses (h****@example.net, j****@example.org), by e-mail to the removed address.");
  });

  it("after the last address: by letter only, and how the customer registers a new one", async () => {
    const customerId = await createCustomer(t.db, clock, { emails: ["last.one@example.jp"] });
    await verifyCaller(t.db, clock, operator, customerId);
    const [only] = await emailRows(t.db, customerId);
    const data = await run(deleteEmailAction, operator, { customerId, emailId: only!.id, reason: "お客さまのご依頼" });
    expect(data.told).toEqual({ post: true, remainingAddresses: [], removedAddress: true });
    const line = deletedEmailLine(ja, data);
    expect(line).toContain("l****@example.jp を削除しました。お客さまには登録住所への書面、削除したアドレスへのメールでお知らせします。");
    expect(line).toContain("登録メールアドレスはなくなりました");
    readable(deletedEmailLine(en, data));
  });
});

describe("the token panel's line after 利用解除", () => {
  it("names the token and the JST moment a new one may be issued, and a withdrawn replacement request", async () => {
    const issued = await issue(t.db, clock);
    await verifyCaller(t.db, clock, operator, issued.customerId);
    const data = await run(cancelTokenAction, operator, { customerId: issued.customerId, tokenId: issued.tokenId, reason: "お客さまのご依頼で解約" });
    const line = cancelledLine(ja, data);
    // Cancelled at 23:00 JST on the 22nd: a new token from midnight JST.
    expect(line).toBe(`シリアル ${issued.serial}（サービスID ${issued.serviceId}）を利用解除しました。2026/11/23 00:00 から新しいトークンを発行できます。`);
    readable(cancelledLine(en, data));

    const { token } = await replacementRequest("取下 四郎");
    await verifyCaller(t.db, clock, operator, token.customerId);
    const withdrawn = await run(cancelTokenAction, operator, { customerId: token.customerId, tokenId: token.tokenId, reason: "お客さまのご依頼で解約" });
    expect(withdrawn.withdrawnRequest).toBe(true);
    expect(cancelledLine(ja, withdrawn)).toContain("このトークンの承認待ちの再発行依頼は取り下げました。");
    readable(cancelledLine(en, withdrawn));
  });
});
