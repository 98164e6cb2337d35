import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/i18n/zod";
import { z } from "zod";
import {
  ACTIVATION_PASSWORD,
  CONTRACT_ID,
  isUuid,
  OTP_CODE,
  PHONE,
  SERIAL,
  SERVICE_ID,
  serviceIdField,
  typedDigits,
  typedDigitsField,
  USER_ID,
  uuidField,
} from "@/lib/validation/identifiers";

describe("identifier formats", () => {
  it("each numeric format takes exactly its digits", () => {
    expect(SERVICE_ID.test("10112890")).toBe(true);
    expect(SERVICE_ID.test("1011289")).toBe(false);
    expect(USER_ID.test("999800000001")).toBe(true);
    expect(USER_ID.test("99980000000")).toBe(false);
    expect(SERIAL.test("12345678")).toBe(true);
    expect(CONTRACT_ID.test("1234567890")).toBe(true);
    expect(CONTRACT_ID.test("123456789")).toBe(false);
    expect(OTP_CODE.test("12345678")).toBe(true);
    expect(OTP_CODE.test("123456")).toBe(false);
    for (const ok of ["1234", "12345678"]) expect(ACTIVATION_PASSWORD.test(ok)).toBe(true);
    for (const bad of ["123", "123456789", "12a4"]) expect(ACTIVATION_PASSWORD.test(bad)).toBe(false);
    expect(PHONE.test("09012345678")).toBe(true);
    expect(PHONE.test("0312345678")).toBe(true);
    expect(PHONE.test("9012345678")).toBe(false);
  });

  it("UUIDs: the canonical form only, any case", () => {
    expect(isUuid("00000000-0000-4000-8000-000000000000")).toBe(true);
    expect(isUuid("0000000-0000-4000-8000-000000000000")).toBe(false);
    expect(isUuid(42)).toBe(false);
  });

  it("what an operator types is folded to bare digits before the format is checked", () => {
    expect(typedDigits("０９０-１２３４-５６７８", PHONE)).toBe("09012345678");
    expect(typedDigits("090-1234", PHONE)).toBeNull();
    const schema = z.object({ phone: typedDigitsField(PHONE, "verification.validation.phone") });
    expect(schema.parse({ phone: "090 1234 5678" })).toEqual({ phone: "09012345678" });
  });

  it("a control character is refused as such, before any format check", () => {
    const schema = z.object({ serviceId: serviceIdField, customerId: uuidField });
    const parsed = schema.safeParse({ serviceId: "1011\u00002890", customerId: "00000000-0000-4000-8000-00000000000\u0000" });
    expect(parsed.success).toBe(false);
    const errors = fieldErrorsOf(parsed.error!, "en");
    expect(errors.serviceId?.[0]).toMatch(/not allowed/);
    expect(errors.customerId?.[0]).toMatch(/not allowed/);
  });
});
