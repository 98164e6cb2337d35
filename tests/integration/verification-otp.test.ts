import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { customers, identityVerifications } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { MINUTE, fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { allAuditEvents, createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { issue, tokenRow } from "@/tests/fixtures/tokens";

/** The caller reads the current code from their app; the desk checks it against their token. */
let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
let key: string;
let operator: Member;
let customerId: string;
let tokenId: string;
let secret: Buffer;
const spoken: string[] = [];

// createCustomer's fixed identity (helpers/tokens.ts), as the caller states it.
const answers = () => ({ customerId, name: "シケン タロウ", birthDate: "1980/04/01", branchCode: "001" });

beforeAll(async () => {
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking");
  operator = await createSignedInStaff(t.db, clock, "operator.otp", "operator");
  const issued = await issue(t.db, clock);
  const activated = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, key));
  if (!activated.ok || !activated.data.ok) throw new Error("activation failed");
  ({ customerId, tokenId } = issued);
  secret = base32Decode(activated.data.secretBase32);
  spoken.push(issued.activationPassword, activated.data.secretBase32);
});
afterAll(async () => t?.close());

async function phoneWith(otp: string | undefined, customer = customerId) {
  const [c] = await t.db.select().from(customers).where(eq(customers.id, customer));
  const input = { ...answers(), customerId: customer, phone: c!.phone, accountNumber: c!.accountNumber, ...(otp === undefined ? {} : { otp }) };
  return executeAction(verifyCallerByPhone, input, staffOptions(t.db, clock, operator));
}

function currentCode(): string {
  const code = totpAt(secret, clock.now(), TOKEN_TOTP);
  spoken.push(code);
  return code;
}

describe("the caller's one-time password in phone verification", () => {
  it("a right code adds the OTP fact to the passed verification and is spent: internet banking refuses it as a replay", async () => {
    const code = currentCode();
    const result = await phoneWith(code.replace(/(\d{4})(\d{4})/, "$1 $2"));
    expect(result).toMatchObject({ ok: true, data: { result: "passed" } });
    const [row] = await t.db.select().from(identityVerifications).where(eq(identityVerifications.id, result.ok ? result.data.verificationId : ""));
    expect(row!.matchedFacts).toContain("otp");

    const replay = await executeAction(verifyOtpAction, { serviceId: "10112890", userId: (await tokenRow(t.db, tokenId)).userId, otp: code }, apiOptions(t.db, clock, key));
    expect(replay).toMatchObject({ ok: true, data: { ok: false, reason: "replay" } });
  });

  it("a wrong code fails the verification (counted against the caller) but never against the token", async () => {
    clock.advance(2 * MINUTE);
    const right = currentCode();
    const wrong = right.slice(0, 7) + String((Number(right[7]) + 1) % 10);
    const before = await tokenRow(t.db, tokenId);
    const result = await phoneWith(wrong);
    expect(result).toMatchObject({ ok: true, data: { result: "failed", failures: 1 } });
    const after = await tokenRow(t.db, tokenId);
    expect(after.otpFailures).toBe(before.otpFailures);
    expect(after.status).toBe("active");
    const [row] = await t.db.select().from(identityVerifications).where(eq(identityVerifications.id, result.ok ? result.data.verificationId : ""));
    expect(row!.failedFacts).toEqual(["otp"]);
  });

  it("a code that is not 8 digits is a field error, and a customer without an active token cannot be checked by OTP", async () => {
    expect(await phoneWith("1234")).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { otp: ["ワンタイムパスワードは8桁の数字で入力してください。"] } });
    const noToken = await createCustomer(t.db, clock);
    const before = (await t.db.select().from(identityVerifications)).length;
    const result = await phoneWith("12345678", noToken);
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { otp: [expect.stringContaining("利用中のトークンがない")] } });
    expect((await t.db.select().from(identityVerifications)).length).toBe(before);
  });

  it("no code, activation password or secret reaches the audit log", async () => {
    const text = JSON.stringify(await allAuditEvents(t.db));
    for (const secretText of spoken) expect(text).not.toContain(secretText);
  });
});
