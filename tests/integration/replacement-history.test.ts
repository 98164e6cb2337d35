import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { customerNotices } from "@/db/schema";
import { openLetter } from "@/lib/letters/sealed";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { LifecycleTimeline } from "@/app/(desk)/customers/[customerId]/lifecycle-timeline";
import { I18nProvider } from "@/app/_components/i18n";
import { executeAction } from "@/lib/actions/execute";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { exchangeTokenAction } from "@/lib/actions/tokens/exchange-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import type { TokenTimeline } from "@/lib/customers/timeline";
import { ja } from "@/lib/i18n/messages/ja";
import { fixedClock, MINUTE } from "@/lib/time/clock";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { verifyCaller } from "@/tests/fixtures/emails";
import { auditEventAt, createSignedInStaff, formKey, staffOptions, systemOptions, type Member } from "@/tests/fixtures/staff";
import { activeToken, tokenRow, type Active } from "@/tests/fixtures/tokens";

/**
 * A replacement told truthfully in the token history, from the audit events alone: the old token's
 * story ends with its revocation naming the new serial, the new token's begins with its issue as
 * the old serial's replacement, by whoever did it, and neither carries the other's events.
 */

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
let operator: Member, supervisor: Member, teller: Member;

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "history-app", 100000);
  operator = await createSignedInStaff(t.db, clock, "operator.story", "operator");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.story", "supervisor");
  teller = await createSignedInStaff(t.db, clock, "teller.story", "teller");
});
afterAll(async () => t?.close());

const desk = (member: Member) => staffOptions(t.db, clock, member);
const replaceInput = (token: Active, extra: Record<string, unknown> = {}) => ({ customerId: token.customerId, tokenId: token.tokenId, replaceReason: "lost", reason: "スマートフォン紛失のため", ...extra });

async function timelines(customerId: string): Promise<TokenTimeline[]> {
  const view = await executeAction(viewCustomer, { customerId }, desk(operator));
  if (!view.ok) throw new Error(view.message);
  return view.data.timeline;
}
const of = (all: TokenTimeline[], tokenId: string) => all.find((tl) => tl.tokenId === tokenId)!;
const events = (tl: TokenTimeline) => tl.entries.map((e) => e.event);

/** The token history as the customer page shows it, as text. */
function shown(timeline: TokenTimeline[]): string {
  const html = renderToStaticMarkup(createElement(I18nProvider, { locale: "ja", messages: ja } as ComponentProps<typeof I18nProvider>, createElement(LifecycleTimeline, { timeline, newTokenFrom: null })));
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("the token history of a replacement", () => {
  it("after a phone request and a supervisor's approval: the old token ends revoked by the approval, the new one begins as its replacement", async () => {
    const token = await activeToken(t.db, clock, key);
    await verifyCaller(t.db, clock, operator, token.customerId);
    const requested = await executeAction(replaceTokenAction, { ...replaceInput(token), ...formKey() }, desk(operator));
    if (!requested.ok || requested.data.outcome !== "requested") throw new Error(JSON.stringify(requested));
    clock.advance(5 * MINUTE);
    const approved = await executeAction(approveRequestAction, { requestId: requested.data.requestId, reason: "本人確認の内容を確認済み", ...formKey() }, desk(supervisor));
    if (!approved.ok || approved.data.kind !== "replacement") throw new Error(JSON.stringify(approved));
    const newId = approved.data.tokenId;
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "revoked", replacedByTokenId: newId });
    // One event for the one change of both tokens: it names the old token as its subject and the new one in its details.
    expect(await auditEventAt(t.db, approved.auditEventId)).toMatchObject({ tokenId: token.tokenId, details: { serial: token.serial, newTokenId: newId, newSerial: approved.data.serial } });

    const all = await timelines(token.customerId);
    const older = of(all, token.tokenId);
    const newer = of(all, newId);
    expect(events(older)).toEqual(["replacedOnApproval", "replacementRequested", "activated", "issued"]);
    expect(older.entries[0]).toMatchObject({ at: clock.now().toISOString(), facts: { serial: newer.serial }, actor: { kind: "staff", name: "Test supervisor.story", role: "supervisor" }, reason: "本人確認の内容を確認済み" });
    expect(events(newer)).toEqual(["issuedAsReplacement"]);
    expect(newer.entries[0]).toMatchObject({ at: clock.now().toISOString(), facts: { serial: token.serial, approved: true }, actor: { kind: "staff", role: "supervisor" } });

    const text = shown(all);
    expect(text).toContain(`再発行の承認により利用解除（新しいシリアル ${newer.serial}）`);
    expect(text).toContain(`承認によりシリアル ${token.serial} の再発行として発行`);
    expect(text).not.toContain("移行前の記録");
  });

  it("after a rejection: the old token's history says the request was rejected and the token stays suspended", async () => {
    const token = await activeToken(t.db, clock, key);
    await verifyCaller(t.db, clock, operator, token.customerId);
    const requested = await executeAction(replaceTokenAction, { ...replaceInput(token), ...formKey() }, desk(operator));
    if (!requested.ok || requested.data.outcome !== "requested") throw new Error(JSON.stringify(requested));
    expect(await executeAction(rejectRequestAction, { requestId: requested.data.requestId, reason: "確認事項に不一致があるため", ...formKey() }, desk(supervisor))).toMatchObject({ ok: true });
    const all = await timelines(token.customerId);
    expect(all).toHaveLength(1);
    expect(events(all[0]!)).toEqual(["replacementRejected", "replacementRequested", "activated", "issued"]);
    expect(all[0]!.entries[0]).toMatchObject({ actor: { kind: "staff", role: "supervisor" }, reason: "確認事項に不一致があるため" });
    expect(shown(all)).toContain("再発行の依頼を却下（利用停止のまま）");
  });

  it("at the counter: the old token revoked naming the new serial, the new one issued as the old one's replacement by the teller", async () => {
    const token = await activeToken(t.db, clock, key);
    const checked = await executeAction(verifyCallerInPerson, { customerId: token.customerId, documentType: "drivers_license", documentLast4: "1234", name: "試験 太郎", birthDate: "1980-04-01", photoMatches: "yes" }, desk(teller));
    expect(checked).toMatchObject({ ok: true, data: { result: "passed" } });
    const replaced = await executeAction(replaceTokenAction, { ...replaceInput(token, { replaceReason: "stolen" }), ...formKey() }, desk(teller));
    if (!replaced.ok || replaced.data.outcome !== "replaced") throw new Error(JSON.stringify(replaced));
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ replacedByTokenId: replaced.data.tokenId });
    const all = await timelines(token.customerId);
    const older = of(all, token.tokenId);
    const newer = of(all, replaced.data.tokenId);
    expect(events(older)).toEqual(["replaced", "activated", "issued"]);
    expect(older.entries[0]).toMatchObject({ facts: { serial: newer.serial }, actor: { kind: "staff", role: "teller" } });
    expect(events(newer)).toEqual(["issuedAsReplacement"]);
    expect(newer.entries[0]).toMatchObject({ facts: { serial: token.serial, approved: false }, actor: { kind: "staff", role: "teller" } });
    expect(shown(all)).toContain(`シリアル ${token.serial} の再発行として発行`);
  });

  it("by the back office's CLI: one event revokes the old token and issues the new one, and both histories say so", async () => {
    const token = await activeToken(t.db, clock, key);
    const issued = await executeAction(issueTokenAction, { customerId: token.customerId, serviceId: token.serviceId, replacesTokenId: token.tokenId, replaceReason: "device_changed" }, systemOptions(t.db, clock));
    if (!issued.ok) throw new Error(JSON.stringify(issued));
    const newId = issued.data.tokenId;
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "device_changed", replacedByTokenId: newId });
    expect(await auditEventAt(t.db, issued.auditEventId)).toMatchObject({ tokenId: newId, details: { replacedTokenId: token.tokenId, replacedSerial: token.serial, replaceReason: "device_changed" } });
    const all = await timelines(token.customerId);
    const older = of(all, token.tokenId);
    const newer = of(all, newId);
    expect(events(older)).toEqual(["replaced", "activated", "issued"]);
    expect(older.entries[0]).toMatchObject({ facts: { serial: newer.serial }, actor: { kind: "system" } });
    expect(events(newer)).toEqual(["issuedAsReplacement"]);
    expect(newer.entries[0]).toMatchObject({ facts: { serial: token.serial }, actor: { kind: "system" } });
  });

  it("by an exchange: the old token's history ends when the new phone's activation revoked it, naming the new serial", async () => {
    const token = await activeToken(t.db, clock, key);
    await verifyCaller(t.db, clock, operator, token.customerId);
    const otp = totpAt(token.secret, clock.now(), TOKEN_TOTP);
    const exchanged = await executeAction(exchangeTokenAction, { customerId: token.customerId, tokenId: token.tokenId, otp, reason: "機種変更のため", ...formKey() }, desk(operator));
    if (!exchanged.ok || !exchanged.data.ok) throw new Error(JSON.stringify(exchanged));
    const [post] = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, token.customerId), eq(customerNotices.channel, "post")));
    const letter = openLetter(post!.letterEnc!);
    clock.advance(10 * MINUTE);
    const activated = await executeAction(activateTokenAction, { serviceId: letter.serviceId, userId: letter.userId, activationPassword: letter.activationPassword }, apiOptions(t.db, clock, key));
    expect(activated).toMatchObject({ ok: true, data: { ok: true } });
    // One event ends the old token and starts the new one: it names both.
    expect(await auditEventAt(t.db, activated.auditEventId)).toMatchObject({ tokenId: exchanged.data.tokenId, details: { retiredSerials: [token.serial] } });
    expect(await tokenRow(t.db, token.tokenId)).toMatchObject({ status: "revoked", revokeReason: "replaced" });

    const all = await timelines(token.customerId);
    const older = of(all, token.tokenId);
    const newer = of(all, exchanged.data.tokenId);
    expect(events(older)).toEqual(["exchangeCompleted", "exchangeStarted", "activated", "issued"]);
    expect(older.entries[0]).toMatchObject({ at: clock.now().toISOString(), facts: { serial: newer.serial }, actor: { kind: "app" } });
    expect(events(newer)).toEqual(["activated", "issuedByExchange"]);
    expect(shown(all)).toContain(`交換先（シリアル ${newer.serial}）の利用開始により利用解除`);
  });
});
