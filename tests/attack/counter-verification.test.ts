import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import type { ActionResult } from "@/lib/actions/types";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { revealAuditValue } from "@/lib/actions/audit/reveal-audit-value";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { auditEventQuery } from "@/lib/audit/explorer-queries";
import { deskHomeQuery } from "@/lib/audit/queries";
import { fixedClock } from "@/lib/time/clock";
import { MAX_FAILED_ATTEMPTS } from "@/lib/verification/policy";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";
import { issue } from "@/tests/fixtures/tokens";
import { recordFigure } from "./figures";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let apiKey: string;
let tellerA: Member, tellerB: Member, operator: Member, supervisor: Member, auditor: Member;

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "oracle-app", 100000);
  tellerA = await createSignedInStaff(t.db, clock, "teller.oracle.a", "teller");
  tellerB = await createSignedInStaff(t.db, clock, "teller.oracle.b", "teller");
  operator = await createSignedInStaff(t.db, clock, "operator.oracle", "operator");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.oracle", "supervisor");
  auditor = await createSignedInStaff(t.db, clock, "auditor.oracle", "auditor");
});
afterAll(async () => t?.close());

const desk = (member: Member) => staffOptions(t.db, clock, member);
let seq = 0;

/** A customer with an active token (a replacement needs one), and what their documents say. */
async function customerWithToken() {
  seq++;
  const facts = { nameKanji: "山田 花子", nameKana: "ヤマダ ハナコ", birthDate: "1985-02-03", phone: `0908100${String(seq).padStart(4, "0")}`, branchCode: "002", accountNumber: String(4100000 + seq) };
  const customerId = await createCustomer(t.db, clock, { ...facts, emails: [`oracle${seq}@example.jp`] });
  const issued = await issue(t.db, clock, customerId);
  const activated = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, apiKey));
  if (!activated.ok || !activated.data.ok) throw new Error("activation failed");
  return { customerId, tokenId: issued.tokenId, facts };
}

const atCounter = (member: Member, customerId: string, name: string, birthDate: string) =>
  executeAction(verifyCallerInPerson, { customerId, documentType: "drivers_license", documentLast4: "1234", name, birthDate, photoMatches: "yes" }, desk(member));

/** Every way a fact's name could reach the staff member's screen: its key, or its label in either language. */
const FACT_WORDS = ["birthDate", "生年月日", "birth date", "photo", "顔写真", "account", "口座"];

/** How many answers name the fact that failed (the field list included). */
function naming(results: Array<ActionResult<unknown>>): number {
  return results.filter((r) => {
    const text = JSON.stringify(r).toLowerCase();
    return FACT_WORDS.some((w) => text.includes(w.toLowerCase())) || (r.ok && typeof r.data === "object" && r.data !== null && ("failed" in r.data || "matched" in r.data));
  }).length;
}

/** Birth dates a guesser walks through, none of them the right one. */
const guess = (i: number) => `1985-01-${String(i + 1).padStart(2, "0")}`;

describe("counter verification is no oracle", () => {
  it("30 wrong birth dates at the counter: blocked at the limit for every teller, the right one refused, no answer names the fact", async () => {
    const c = await customerWithToken();
    const results: Array<ActionResult<unknown>> = [];
    for (let i = 0; i < 30; i++) results.push(await atCounter(tellerA, c.customerId, c.facts.nameKanji, guess(i)));
    const evaluated = results.filter((r) => r.ok).length;
    const named = naming(results);
    recordFigure("counter-oracle-evaluated", "Counter verification: 30 wrong birth dates → checks evaluated before the block", evaluated);
    recordFigure("counter-oracle-named", "Counter verification: answers naming the fact that failed", `${named} of 30`);
    expect(named).toBe(0);
    expect(evaluated).toBe(MAX_FAILED_ATTEMPTS);
    expect(results[MAX_FAILED_ATTEMPTS - 1]).toMatchObject({ ok: true, data: { result: "failed", blocked: true } });
    for (const refused of results.slice(MAX_FAILED_ATTEMPTS)) expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("本人確認（電話・窓口）を停止") });

    // The right answers, by the same teller or another, are refused while the block stands.
    for (const member of [tellerA, tellerB]) {
      const right = await atCounter(member, c.customerId, c.facts.nameKanji, c.facts.birthDate);
      expect(right).toMatchObject({ ok: false, code: "conflict" });
      expect(await auditEventAt(t.db, right.ok ? undefined : right.auditEventId)).toMatchObject({ action: "verification.in_person", outcome: "failed", customerId: c.customerId });
    }
    const slip = await executeAction(replaceTokenAction, { customerId: c.customerId, tokenId: c.tokenId, replaceReason: "lost", reason: "窓口での再発行", requestKey: crypto.randomUUID() }, desk(tellerA));
    expect(slip).toMatchObject({ ok: false, code: "verification_required" });
    // Phone checks are behind the same block.
    const phone = await executeAction(verifyCallerByPhone, { customerId: c.customerId, name: c.facts.nameKana, birthDate: c.facts.birthDate, phone: c.facts.phone, branchCode: c.facts.branchCode, accountNumber: c.facts.accountNumber }, desk(operator));
    expect(phone).toMatchObject({ ok: false, code: "conflict" });
  });

  it("phone and counter failures count together, by anyone; a phone check never names the fact either", async () => {
    const c = await customerWithToken();
    const onPhone = (birthDate: string) =>
      executeAction(verifyCallerByPhone, { customerId: c.customerId, name: c.facts.nameKana, birthDate, phone: c.facts.phone, branchCode: c.facts.branchCode, accountNumber: c.facts.accountNumber }, desk(operator));
    const first = await onPhone(guess(0));
    const second = await atCounter(tellerA, c.customerId, c.facts.nameKanji, guess(1));
    const third = await atCounter(tellerB, c.customerId, "別人 太郎", c.facts.birthDate);
    expect(naming([first, second, third])).toBe(0);
    expect(first).toMatchObject({ ok: true, data: { result: "failed", failures: 1, blocked: false } });
    expect(second).toMatchObject({ ok: true, data: { result: "failed", failures: 2, blocked: false } });
    expect(third).toMatchObject({ ok: true, data: { result: "failed", failures: 3, blocked: true } });
    expect(await atCounter(tellerA, c.customerId, c.facts.nameKanji, c.facts.birthDate)).toMatchObject({ ok: false, code: "conflict" });
  });

  it("the desk's own history hides which fact failed; the audit event keeps it for an auditor, who may reveal it", async () => {
    const c = await customerWithToken();
    const failed = await atCounter(tellerA, c.customerId, c.facts.nameKanji, guess(5));
    expect(failed).toMatchObject({ ok: true, data: { result: "failed" } });
    const eventId = failed.ok ? failed.auditEventId : 0;

    const home = await runQuery(deskHomeQuery, {}, desk(tellerA));
    expect(home.ok && home.data.events.some((e) => e.id === eventId)).toBe(true);
    expect(JSON.stringify(home)).not.toContain("birthDate");
    // A supervisor exploring the log sees the check, not what failed in it.
    const explored = await runQuery(auditEventQuery, { id: String(eventId) }, desk(supervisor));
    expect(explored.ok).toBe(true);
    expect(JSON.stringify(explored)).not.toContain("birthDate");

    expect((await auditEventAt(t.db, eventId)).details).toMatchObject({ failed: ["birthDate"] });
    const revealed = await executeAction(revealAuditValue, { eventId: String(eventId), field: "details.failed", reason: "不正照会の調査" }, desk(auditor));
    expect(revealed).toMatchObject({ ok: true, data: { value: expect.stringContaining("birthDate") } });
  });
});
