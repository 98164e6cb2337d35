import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import { customerNotices } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { formInput } from "@/lib/actions/form";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { fixedClock } from "@/lib/time/clock";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";
import { issue, tokenRow } from "@/tests/fixtures/tokens";
import { recordFigure } from "./figures";

let t: TestDb;
let operator: Member;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
const caller = { name: "ヤマダ ハナコ", birthDate: "1985-02-03", phone: "09070008888", branchCode: "002", accountNumber: "3888888" };

beforeAll(async () => {
  t = await createTestDb();
  operator = await createSignedInStaff(t.db, clock, "operator.key", "operator");
});
afterAll(async () => t?.close());

describe("a desk change runs once per form, and never without its request key", () => {
  it("20 identical posts without a key are refused and reset nothing; 20 posts of one key reset once", async () => {
    const customerId = await createCustomer(t.db, clock, { nameKanji: "山田 花子", nameKana: caller.name, birthDate: caller.birthDate, phone: caller.phone, branchCode: caller.branchCode, accountNumber: caller.accountNumber });
    // The back office (a system actor, no key) still issues tokens: only the desk's forms need one.
    const token = await issue(t.db, clock, customerId);
    expect(await executeAction(verifyCallerByPhone, { customerId, ...caller }, staffOptions(t.db, clock, operator))).toMatchObject({ ok: true, data: { result: "passed" } });
    const before = await tokenRow(t.db, token.tokenId);

    /** The reset form as a browser posts it, read by the form adapter as submitForm does. */
    const post = (requestKey?: string) => {
      const form = new FormData();
      form.set("customerId", customerId);
      form.set("tokenId", token.tokenId);
      form.set("reason", "ロック解除のご依頼");
      if (requestKey !== undefined) form.set("requestKey", requestKey);
      return executeAction(resetActivationPasswordAction, formInput(resetActivationPasswordAction.input, form), staffOptions(t.db, clock, operator));
    };
    const letters = async () => (await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, customerId), eq(customerNotices.channel, "post"), isNotNull(customerNotices.letterEnc)))).length;

    const keyless = await Promise.all(Array.from({ length: 20 }, () => post()));
    const keylessResets = keyless.filter((r) => r.ok).length;
    recordFigure("desk-change-no-key", "Activation reset: one form posted 20 times without a request key → resets", keylessResets);
    expect(keylessResets).toBe(0);
    for (const r of keyless) expect(r).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringContaining("再読み込み") });
    expect(await letters()).toBe(0);
    expect((await tokenRow(t.db, token.tokenId)).activationPasswordHash).toBe(before.activationPasswordHash);
    // Each refusal is audited like any other refused input.
    const refused = keyless[0]!;
    expect(await auditEventAt(t.db, refused.ok ? undefined : refused.auditEventId)).toMatchObject({ action: "token.reset_activation", outcome: "invalid", customerId, details: { stage: "validate", fields: ["requestKey"] } });

    // A key that is not one the form could have made is refused the same way.
    expect(await post("not-a-key")).toMatchObject({ ok: false, code: "invalid_input" });

    const key = randomUUID();
    const keyed = await Promise.all(Array.from({ length: 20 }, () => post(key)));
    expect(keyed.filter((r) => r.ok)).toHaveLength(1);
    for (const r of keyed) if (!r.ok) expect(r.code).toBe("conflict");
    expect(await letters()).toBe(1);
  });
});
