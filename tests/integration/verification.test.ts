import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { customers, identityVerifications } from "@/db/schema";
import { demoCustomers } from "@/db/seed/demo-data";
import { executeAction } from "@/lib/actions/execute";
import { defineAction } from "@/lib/actions/types";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { clearVerificationBlock } from "@/lib/actions/verification/clear-verification-block";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { HOUR, MINUTE, fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { importCustomers } from "@/tests/fixtures/customers";
import { auditEventAt, createSignedInStaff, signInAgain, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const records = demoCustomers(8);
const yamada = records[0]!;
let ids: string[];
let opA: Member, opB: Member, teller: Member, supervisor: Member;

beforeAll(async () => {
  t = await createTestDb();
  ids = await importCustomers(t.db, clock, records);
  opA = await createSignedInStaff(t.db, clock, "operator.a", "operator");
  opB = await createSignedInStaff(t.db, clock, "operator.b", "operator");
  teller = await createSignedInStaff(t.db, clock, "teller.v", "teller");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.v", "supervisor");
});
afterAll(async () => t?.close());

/** What a genuine caller says, typed the way an operator might: hiragana, full-width digits. */
function rightAnswers(index: number) {
  const c = records[index]!;
  return { customerId: ids[index]!, name: "やまだ　たろう", birthDate: c.birthDate.replaceAll("-", "/"), phone: "０９０－１２３４－５６７８", branchCode: c.branchCode, accountNumber: c.accountNumber };
}
function answersFor(index: number) {
  const c = records[index]!;
  return { customerId: ids[index]!, name: c.nameKana, birthDate: c.birthDate, phone: c.phone, branchCode: c.branchCode, accountNumber: c.accountNumber };
}
const wrong = (index: number) => ({ ...answersFor(index), birthDate: "1901-01-01" });
const phone = (member: Member, input: unknown) => executeAction(verifyCallerByPhone, input, staffOptions(t.db, clock, member));
const blockedAt = async (customerId: string) => (await t.db.select().from(customers).where(eq(customers.id, customerId)))[0]!.verificationBlockedAt;

/** Moves time on; staff sessions end after 15 idle minutes, so everyone signs in again. */
async function later(ms: number) {
  clock.advance(ms);
  for (const member of [opA, opB, teller, supervisor]) member.sessionId = await signInAgain(t.db, clock, member);
}

/** Stand-ins for later capabilities: they only declare the assurance they need. */
const needsVerified = defineAction({ name: "test.needs_verified", permission: "customer.view", input: z.object({ customerId: z.uuid() }), assurance: "verified", subject: { kind: "customer", id: (i) => i.customerId }, run: async (_c, i) => ({ data: i, audit: { customerId: i.customerId } }) });
const needsInPerson = defineAction({ name: "test.needs_in_person", permission: "customer.view", input: z.object({ customerId: z.uuid() }), assurance: "verified_in_person", subject: { kind: "customer", id: (i) => i.customerId }, run: async (_c, i) => ({ data: i, audit: { customerId: i.customerId } }) });

describe("verification by phone", () => {
  it("passes when every stated fact matches, records which facts matched but not the answers, and lasts 10 minutes", async () => {
    const result = await phone(opA, rightAnswers(0));
    expect(result).toMatchObject({ ok: true, data: { result: "passed", method: "phone" } });
    if (!result.ok) return;
    expect(result.data).not.toHaveProperty("matched");
    expect(result.data.expiresAt).toBe(new Date(clock.now().getTime() + 10 * MINUTE).toISOString());
    const [row] = await t.db.select().from(identityVerifications).where(eq(identityVerifications.id, result.data.verificationId));
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event).toMatchObject({ action: "verification.phone", outcome: "success", customerId: ids[0], verificationId: result.data.verificationId, details: { matched: ["name", "birthDate", "phone", "account"], failed: [] } });
    for (const stored of [JSON.stringify(row), JSON.stringify(event)]) {
      for (const answer of ["1980", "5678", yamada.accountNumber, "やまだ", "ヤマダ"]) expect(stored).not.toContain(answer);
    }
    const view = await executeAction(viewCustomer, { customerId: ids[0] }, staffOptions(t.db, clock, opA));
    expect(view).toMatchObject({ ok: true, data: { verified: true, identity: { phone: "09012345678", birthDate: "1980-04-15" } } });
  });

  it("binds the pass to that operator and that customer, and it expires after 10 minutes", async () => {
    await phone(opA, rightAnswers(0));
    expect(await executeAction(needsVerified, { customerId: ids[0] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: true });
    const other = await executeAction(needsVerified, { customerId: ids[0] }, staffOptions(t.db, clock, opB));
    expect(other).toMatchObject({ ok: false, code: "verification_required" });
    expect(await auditEventAt(t.db, other.ok ? undefined : other.auditEventId)).toMatchObject({ outcome: "denied", details: { stage: "verify", required: "verified" } });
    expect(await executeAction(needsVerified, { customerId: ids[1] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: false, code: "verification_required" });
    expect(await executeAction(needsInPerson, { customerId: ids[0] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: false, code: "verification_required" });
    clock.advance(10 * MINUTE - 1000);
    expect(await executeAction(needsVerified, { customerId: ids[0] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: true });
    clock.advance(1000);
    expect(await executeAction(needsVerified, { customerId: ids[0] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: false, code: "verification_required" });
  });

  it("a wrong answer fails without saying which, is recorded and audited as failed, and verifies nothing", async () => {
    await later(HOUR);
    const result = await phone(opA, wrong(1));
    expect(result).toMatchObject({ ok: true, data: { result: "failed", failures: 1, blocked: false, expiresAt: null } });
    expect(JSON.stringify(result)).not.toContain("birthDate");
    expect(await auditEventAt(t.db, result.ok ? result.auditEventId : undefined)).toMatchObject({ action: "verification.phone", outcome: "failed", customerId: ids[1], details: { failed: ["birthDate"] } });
    expect(await executeAction(needsVerified, { customerId: ids[1] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: false, code: "verification_required" });
  });

  it("bad input gives Japanese field errors and records no attempt", async () => {
    const before = (await t.db.select().from(identityVerifications)).length;
    const result = await phone(opA, { ...answersFor(2), birthDate: "昭和", branchCode: "12" });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { birthDate: ["生年月日を 1980/04/15 の形式で入力してください。"], branchCode: ["店番を3桁の数字で入力してください。"] } });
    expect((await t.db.select().from(identityVerifications)).length).toBe(before);
  });
});

describe("failed verification follows the caller, not the operator", () => {
  it("three failures by different operators within 24 hours block phone verification and flag the record", async () => {
    await later(HOUR);
    expect(await phone(opA, wrong(3))).toMatchObject({ ok: true, data: { failures: 1, blocked: false } });
    clock.advance(MINUTE);
    expect(await phone(opB, wrong(3))).toMatchObject({ ok: true, data: { failures: 2, blocked: false } });
    clock.advance(MINUTE);
    expect(await phone(opA, wrong(3))).toMatchObject({ ok: true, data: { failures: 3, blocked: true } });
    expect(await blockedAt(ids[3]!)).toEqual(clock.now());

    clock.advance(MINUTE);
    const refused = await phone(opB, answersFor(3));
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("本人確認（電話・窓口）を停止") });
    expect(await auditEventAt(t.db, refused.ok ? undefined : refused.auditEventId)).toMatchObject({ action: "verification.phone", outcome: "failed", customerId: ids[3] });
    expect(await executeAction(needsVerified, { customerId: ids[3] }, staffOptions(t.db, clock, opB))).toMatchObject({ ok: false, code: "verification_required" });
  });

  it("failures older than 24 hours no longer count", async () => {
    await phone(opA, wrong(4));
    await phone(opB, wrong(4));
    await later(25 * HOUR);
    expect(await phone(opA, wrong(4))).toMatchObject({ ok: true, data: { failures: 1, blocked: false } });
    expect(await blockedAt(ids[4]!)).toBeNull();
  });

  it("only a supervisor may clear the block, with a reason; then the caller can be verified by phone again", async () => {
    expect(await executeAction(clearVerificationBlock, { customerId: ids[3], reason: "本人から再度の申し出" }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await executeAction(clearVerificationBlock, { customerId: ids[3], reason: "" }, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: false, code: "invalid_input" });
    const cleared = await executeAction(clearVerificationBlock, { customerId: ids[3], reason: "本人から再度の申し出" }, staffOptions(t.db, clock, supervisor));
    expect(cleared).toMatchObject({ ok: true });
    expect(await auditEventAt(t.db, cleared.ok ? cleared.auditEventId : undefined)).toMatchObject({ action: "verification.clear_block", reason: "本人から再度の申し出", customerId: ids[3] });
    expect(await blockedAt(ids[3]!)).toBeNull();
    clock.advance(MINUTE);
    // The three earlier failures stopped counting when the block was cleared.
    expect(await phone(opB, wrong(3))).toMatchObject({ ok: true, data: { failures: 1, blocked: false } });
    expect(await phone(opB, answersFor(3))).toMatchObject({ ok: true, data: { result: "passed" } });
    expect(await executeAction(clearVerificationBlock, { customerId: ids[3], reason: "二度目の解除" }, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: false, code: "conflict" });
  });

  it("the block stops counter checks too until a supervisor clears it; then a teller's pass satisfies in-person actions", async () => {
    await later(HOUR);
    for (let i = 0; i < 3; i++) await phone(opA, wrong(5));
    expect(await blockedAt(ids[5]!)).not.toBeNull();
    const c = records[5]!;
    const atCounter = (documentType: string, documentLast4: string, photoMatches: string) =>
      executeAction(verifyCallerInPerson, { customerId: ids[5], documentType, documentLast4, name: c.nameKanji, birthDate: c.birthDate, photoMatches }, staffOptions(t.db, clock, teller));
    expect(await atCounter("my_number_card", "５６７８", "yes")).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("本人確認（電話・窓口）を停止") });
    expect(await executeAction(clearVerificationBlock, { customerId: ids[5], reason: "窓口で本人確認書類を確認" }, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: true });
    clock.advance(MINUTE);

    const photoMismatch = await atCounter("drivers_license", "1234", "no");
    expect(photoMismatch).toMatchObject({ ok: true, data: { result: "failed", failures: 1, blocked: false } });
    expect(await auditEventAt(t.db, photoMismatch.ok ? photoMismatch.auditEventId : undefined)).toMatchObject({ outcome: "failed", details: { failed: ["photo"] } });
    const passed = await atCounter("my_number_card", "５６７８", "yes");
    expect(passed).toMatchObject({ ok: true, data: { result: "passed", method: "in_person", blocked: false } });
    const event = await auditEventAt(t.db, passed.ok ? passed.auditEventId : undefined);
    expect(event.details).toMatchObject({ documentType: "my_number_card", matched: ["document", "name", "birthDate", "photo"] });
    expect(JSON.stringify(event)).not.toContain("5678");
    expect(await blockedAt(ids[5]!)).toBeNull();
    expect(await executeAction(needsInPerson, { customerId: ids[5] }, staffOptions(t.db, clock, teller))).toMatchObject({ ok: true });
    expect(await executeAction(needsInPerson, { customerId: ids[5] }, staffOptions(t.db, clock, opA))).toMatchObject({ ok: false, code: "verification_required" });
  });

  it("operators cannot verify in person", async () => {
    const c = records[6]!;
    const result = await executeAction(verifyCallerInPerson, { customerId: ids[6], documentType: "passport", documentLast4: "1234", name: c.nameKanji, birthDate: c.birthDate, photoMatches: "yes" }, staffOptions(t.db, clock, opA));
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("every attempt above is in the audit chain, and the chain is intact", async () => {
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
  });
});
