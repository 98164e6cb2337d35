import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import { customerNotices } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyPassword } from "@/lib/auth/password";
import { openLetter } from "@/lib/letters/sealed";
import { fixedClock } from "@/lib/time/clock";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";
import { issue, tokenRow } from "@/tests/fixtures/tokens";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let operator: Member;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
const caller = { name: "ヤマダ ハナコ", birthDate: "1985-02-03", phone: "09070009999", branchCode: "002", accountNumber: "3999999" };

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  operator = await createSignedInStaff(t.db, clock, "operator.race", "operator");
});
afterAll(async () => t?.close());

if (!onPostgres) console.log(`activation reset races skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("activation password reset races", () => {
  it("20 resets of one token at once: the token ends on exactly one letter's password, and each success wrote one letter; one form sent 20 times resets once", async () => {
    const customerId = await createCustomer(t.db, clock, { nameKanji: "山田 花子", nameKana: caller.name, birthDate: caller.birthDate, phone: caller.phone, branchCode: caller.branchCode, accountNumber: caller.accountNumber, emails: ["race@example.jp"] });
    const token = await issue(t.db, clock, customerId);
    const verified = await executeAction(verifyCallerByPhone, { customerId, ...caller }, staffOptions(t.db, clock, operator));
    expect(verified).toMatchObject({ ok: true, data: { result: "passed" } });
    const reset = (requestKey: string) => executeAction(resetActivationPasswordAction, { customerId, tokenId: token.tokenId, reason: "同時操作の確認", requestKey }, staffOptions(t.db, clock, operator));
    const letters = async () => t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, customerId), eq(customerNotices.channel, "post"), isNotNull(customerNotices.letterEnc)));

    const distinct = await Promise.all(Array.from({ length: 20 }, () => reset(randomUUID())));
    const succeeded = distinct.filter((r) => r.ok).length;
    // A loser is told so in words, never given an error page.
    for (const r of distinct) if (!r.ok) expect(r.code).toBe("conflict");
    const written = await letters();
    expect(written).toHaveLength(succeeded);
    const row = await tokenRow(t.db, token.tokenId);
    expect(row).toMatchObject({ status: "pending_activation", activationFailures: 0 });
    const matching = (await Promise.all(written.map((n) => verifyPassword(row.activationPasswordHash!, openLetter(n.letterEnc!).activationPassword)))).filter(Boolean);
    expect(matching).toHaveLength(1);
    recordFigure("activation-reset-race", "Activation reset: 20 concurrent resets (distinct forms) → letters written = successes", `${written.length} = ${succeeded}`);

    const key = randomUUID();
    const same = await Promise.all(Array.from({ length: 20 }, () => reset(key)));
    expect(same.filter((r) => r.ok)).toHaveLength(1);
    for (const r of same) if (!r.ok) expect(r.code).toBe("conflict");
    expect(await letters()).toHaveLength(succeeded + 1);
    recordFigure("activation-reset-same-form", "Activation reset: one form sent 20 times at once → resets", 1);
  });
});
