import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { customerNotices, customers, registeredEmails } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { confirmEmailAction } from "@/lib/actions/emails/confirm-email";
import { MAX_CONFIRM_FAILURES, MAX_LIVE_EMAILS } from "@/lib/emails/policy";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createCustomer } from "@/tests/fixtures/customers";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { mailedCode, verifyCaller } from "@/tests/fixtures/emails";
import { createSignedInStaff, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let operator: Member;
let key: string;
const clock = fixedClock("2026-11-22T05:00:00.000Z");

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  operator = await createSignedInStaff(t.db, clock, "operator.races", "operator");
  key = await createClient(t.db, clock, "banking", 100_000);
});
afterAll(async () => t?.close());

if (!onPostgres) console.log(`e-mail races skipped: ${pgliteSkipReason}`);

async function verifiedCustomer(emails: string[]): Promise<string> {
  const customerId = await createCustomer(t.db, clock, { emails });
  await verifyCaller(t.db, clock, operator, customerId);
  return customerId;
}

const add = (customerId: string, address: string) => executeAction(addEmailAction, { customerId, address, reason: "お客さまのご依頼", ...formKey() }, staffOptions(t.db, clock, operator));
const live = (customerId: string) => t.db.select().from(registeredEmails).where(and(eq(registeredEmails.customerId, customerId), isNull(registeredEmails.deletedAt)));

describe.skipIf(!onPostgres)("registered e-mail races", () => {
  it(`10 desks adding different addresses at once to a customer with 1: exactly ${MAX_LIVE_EMAILS - 1} are added`, async () => {
    const customerId = await verifiedCustomer(["taro@example.jp"]);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => add(customerId, `race${i}@example.jp`)));
    const added = results.filter((r) => r.ok).length;
    recordFigure("email-limit-race", `E-mail add: 10 concurrent adds to a customer with 1 address → added (limit ${MAX_LIVE_EMAILS})`, added);
    expect(added).toBe(MAX_LIVE_EMAILS - 1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(10 - added).fill("conflict"));
    expect(await live(customerId)).toHaveLength(MAX_LIVE_EMAILS);
    const codeMails = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, customerId), eq(customerNotices.kind, "email_confirmation")));
    expect(codeMails).toHaveLength(added);
  });

  it("10 desks adding the same address at once: it is added once", async () => {
    const customerId = await verifiedCustomer([]);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => add(customerId, i % 2 ? "Same@Example.jp" : "same@example.jp")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === "conflict")).toHaveLength(9);
    expect(await live(customerId)).toHaveLength(1);
  });

  it(`10 concurrent wrong codes: exactly ${MAX_CONFIRM_FAILURES} are counted and the code is voided once`, async () => {
    const customerId = await verifiedCustomer([]);
    expect(await add(customerId, "guess@example.jp")).toMatchObject({ ok: true });
    const code = await mailedCode(t.db, "guess@example.jp");
    const wrong = String((Number(code) + 1) % 1e8).padStart(8, "0");
    const [{ contractId }] = (await t.db.select({ contractId: customers.contractId }).from(customers).where(eq(customers.id, customerId))) as [{ contractId: string }];
    const results = await Promise.all(Array.from({ length: 10 }, () => executeAction(confirmEmailAction, { contractId, address: "guess@example.jp", code: wrong }, apiOptions(t.db, clock, key))));
    const reasons = results.map((r) => (r.ok && !r.data.ok ? r.data.reason : "other"));
    recordFigure("email-confirm-flood", `E-mail confirmation: 10 concurrent wrong codes → counted before the code is void (limit ${MAX_CONFIRM_FAILURES})`, reasons.filter((r) => r === "wrong_confirmation_code").length);
    expect(reasons.filter((r) => r === "wrong_confirmation_code")).toHaveLength(MAX_CONFIRM_FAILURES);
    expect(reasons.filter((r) => r === "confirmation_void")).toHaveLength(10 - MAX_CONFIRM_FAILURES);
    expect(results.filter((r) => r.ok && !r.data.ok && r.data.lockedNow)).toHaveLength(1);
    const [row] = await live(customerId);
    expect(row).toMatchObject({ confirmFailures: MAX_CONFIRM_FAILURES, confirmCodeHash: null, confirmedAt: null });
  });
});
