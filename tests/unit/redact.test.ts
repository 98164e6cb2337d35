import { describe, it, expect } from "vitest";
import { REDACTED, maskAuditDetails, maskEmail, maskIp, maskPhone, redactSecrets } from "@/lib/audit/redact";

const SECRET_KEYS = [
  "password",
  "activationPassword",
  "newPassword",
  "initialPassword",
  "totpSecret",
  "secretBase32",
  "otp",
  "otp1",
  "otp2",
  "code",
  "passwordHash",
  "sessionToken",
  "apiKey",
];

const KEPT = {
  tokenId: "55555555-5555-4555-8555-555555555555",
  otpFailures: 3,
  serial: "TD12345678",
  errorCode: "E0421",
  failedSignIns: 2,
  reason: "お客様からの依頼",
};

describe("redactSecrets", () => {
  for (const key of SECRET_KEYS) {
    it(`removes the value of "${key}" at the top level`, () => {
      const out = redactSecrets({ [key]: "s3cr3t-value", keep: 1 }) as Record<string, unknown>;
      expect(out[key]).toBe(REDACTED);
      expect(out.keep).toBe(1);
      expect(JSON.stringify(out)).not.toContain("s3cr3t-value");
    });
  }

  it("removes secret values at any nesting depth", () => {
    const input = { a: { b: { c: { d: { newPassword: "deep-secret", depth: 4 } } } } };
    const out = redactSecrets(input);
    expect(out.a.b.c.d.newPassword).toBe(REDACTED);
    expect(out.a.b.c.d.depth).toBe(4);
  });

  it("removes secret values inside arrays (and arrays of arrays)", () => {
    const input = {
      tokens: [
        { serial: "A1", secretBase32: "JBSWY3DPEHPK3PXP" },
        { serial: "A2", secretBase32: "KRSXG5CTMVRXEZLU" },
      ],
      attempts: [[{ otp1: "123456", otp2: "654321" }]],
    };
    const out = redactSecrets(input);
    expect(out.tokens).toEqual([
      { serial: "A1", secretBase32: REDACTED },
      { serial: "A2", secretBase32: REDACTED },
    ]);
    expect(out.attempts).toEqual([[{ otp1: REDACTED, otp2: REDACTED }]]);
    const text = JSON.stringify(out);
    for (const secret of ["JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU", "123456", "654321"]) expect(text).not.toContain(secret);
  });

  it("redacts a secret key even when its value is an object or array", () => {
    const out = redactSecrets({ password: { plain: "x", again: ["y"] }, code: ["1", "2"] }) as Record<string, unknown>;
    expect(out.password).toBe(REDACTED);
    expect(out.code).toBe(REDACTED);
  });

  it("keeps non-secret fields that merely look similar", () => {
    expect(redactSecrets({ ...KEPT })).toEqual(KEPT);
    expect(redactSecrets({ nested: [{ ...KEPT }] })).toEqual({ nested: [KEPT] });
  });

  it("redacts and keeps side by side in a realistic details object", () => {
    const details = {
      stage: "verify",
      tokenId: KEPT.tokenId,
      otp: "12345678",
      before: { otpFailures: 2, status: "active" },
      after: { otpFailures: 3, status: "locked" },
      staff: { loginId: "sato", initialPassword: "Init-Pass-1", passwordHash: "$argon2id$v=19$..." },
    };
    expect(redactSecrets(details)).toEqual({
      stage: "verify",
      tokenId: KEPT.tokenId,
      otp: REDACTED,
      before: { otpFailures: 2, status: "active" },
      after: { otpFailures: 3, status: "locked" },
      staff: { loginId: "sato", initialPassword: REDACTED, passwordHash: REDACTED },
    });
  });

  it("does not mutate its input", () => {
    const input = { password: "p", nested: { apiKey: "k" } };
    redactSecrets(input);
    expect(input).toEqual({ password: "p", nested: { apiKey: "k" } });
  });

  it("leaves primitives, null and Dates alone", () => {
    const at = new Date("2026-11-22T05:05:00Z");
    expect(redactSecrets("password")).toBe("password");
    expect(redactSecrets(7)).toBe(7);
    expect(redactSecrets(null)).toBe(null);
    expect(redactSecrets(undefined)).toBe(undefined);
    expect(redactSecrets({ lockedUntil: at }).lockedUntil).toBe(at);
  });
});

describe("maskPhone", () => {
  it("shows the first three and last four digits", () => {
    expect(maskPhone("09012345678")).toBe("090-****-5678");
  });

  it("ignores separators in the input", () => {
    expect(maskPhone("090-1234-5678")).toBe("090-****-5678");
    expect(maskPhone("03 1234 5678")).toBe("031-****-5678");
  });

  it("hides very short numbers completely", () => {
    expect(maskPhone("1234567")).toBe("****");
    expect(maskPhone("")).toBe("****");
  });

  it("never contains the middle digits", () => {
    expect(maskPhone("09012345678")).not.toContain("1234");
  });
});

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("taro.yamada@example.jp")).toBe("t***@example.jp");
  });

  it("does not reveal the length of the local part", () => {
    expect(maskEmail("a@example.jp")).toBe("a***@example.jp");
    expect(maskEmail("abcdefghijk@example.jp")).toBe("a***@example.jp");
  });

  it("masks values without a usable local part", () => {
    expect(maskEmail("@example.jp")).toBe("***");
    expect(maskEmail("not-an-email")).toBe("***");
  });
});

describe("masking for the explorer and its exports", () => {
  it("keeps an address's network and hides its host", () => {
    expect(maskIp("198.51.100.23")).toBe("198.51.100.*");
    expect(maskIp("2001:db8:85a3::8a2e:370:7334")).toBe("2001:db8:*");
    expect(maskIp("::1")).toBe("::*");
    expect(maskIp("10.0.1")).toBe("*");
    expect(maskIp("localhost")).toBe("*");
  });

  it("masks personal values at any depth and leaves the stored record untouched", () => {
    const stored = { result: "ok", memo: "折り返し 090-1234-5678", after: { phone: "09012345678", email: "taro@example.jp" }, sent: [{ recipient: "hanako@example.jp", kind: "mail" }], n: 3 };
    const copy = structuredClone(stored);
    expect(maskAuditDetails(stored)).toEqual({ result: "ok", memo: "•••• (18)", after: { phone: "090-****-5678", email: "t***@example.jp" }, sent: [{ recipient: "h***@example.jp", kind: "mail" }], n: 3 });
    expect(stored).toEqual(copy);
    const plain = { result: "ok", before: { role: "operator" }, list: [1, 2] };
    expect(maskAuditDetails(plain)).toEqual(plain);
  });
});
