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
  it.each([
    ["service ID", SERVICE_ID, ["10112890"], ["1011289", "101128900"]],
    ["user ID", USER_ID, ["999800000001"], ["99980000000"]],
    ["serial", SERIAL, ["12345678"], ["1234567"]],
    ["contract ID", CONTRACT_ID, ["1234567890"], ["123456789"]],
    ["token code", OTP_CODE, ["12345678"], ["123456"]],
    ["activation password", ACTIVATION_PASSWORD, ["1234", "12345678"], ["123", "123456789", "12a4"]],
    ["phone", PHONE, ["09012345678", "0312345678"], ["9012345678", "090123456789"]],
  ] as const)("%s takes exactly its digits", (_label, pattern, good, bad) => {
    for (const value of good) expect(pattern.test(value), value).toBe(true);
    for (const value of bad) expect(pattern.test(value), value).toBe(false);
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
