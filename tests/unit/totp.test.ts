import { describe, it, expect } from "vitest";
import {
  STAFF_TOTP,
  hotp,
  otpauthUri,
  timeStep,
  totpAt,
  verifyTotp,
  type TotpAlgorithm,
  type TotpParams,
} from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { base32Decode, base32Encode } from "@/lib/otp/base32";

const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from("12345678901234567890", "ascii"),
  sha256: Buffer.from("12345678901234567890123456789012", "ascii"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234", "ascii"),
};

// RFC 6238 Appendix B.
const RFC6238: Array<[number, string, string, string]> = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("RFC 6238 Appendix B test vectors (8 digits, 30 s)", () => {
  it("has the seed lengths the RFC uses", () => {
    expect(SEEDS.sha1).toHaveLength(20);
    expect(SEEDS.sha256).toHaveLength(32);
    expect(SEEDS.sha512).toHaveLength(64);
  });

  for (const [seconds, sha1, sha256, sha512] of RFC6238) {
    const expected: Record<TotpAlgorithm, string> = { sha1, sha256, sha512 };
    for (const algorithm of ["sha1", "sha256", "sha512"] as const) {
      it(`T=${seconds} ${algorithm} → ${expected[algorithm]}`, () => {
        const params: TotpParams = { digits: 8, stepSeconds: 30, algorithm };
        expect(totpAt(SEEDS[algorithm], new Date(seconds * 1000), params)).toBe(expected[algorithm]);
      });
    }
  }
});

describe("RFC 4226 Appendix D HOTP test vectors (6 digits)", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  expected.forEach((code, counter) => {
    it(`counter ${counter} → ${code}`, () => {
      expect(hotp(SEEDS.sha1, counter, 6)).toBe(code);
      expect(hotp(SEEDS.sha1, counter, 6, "sha1")).toBe(code);
    });
  });
});

describe("timeStep and offsets", () => {
  it("floors seconds into steps", () => {
    expect(timeStep(new Date(0), 30)).toBe(0);
    expect(timeStep(new Date(29_999), 30)).toBe(0);
    expect(timeStep(new Date(30_000), 30)).toBe(1);
    expect(timeStep(new Date(59_000), 30)).toBe(1);
    expect(timeStep(new Date(119_999), 60)).toBe(1);
    expect(timeStep(new Date(120_000), 60)).toBe(2);
  });

  it("totpAt with offsetSteps equals the code of a shifted step", () => {
    const at = new Date(1111111111 * 1000);
    const params: TotpParams = { digits: 8, stepSeconds: 30, algorithm: "sha1" };
    expect(totpAt(SEEDS.sha1, at, params, 2)).toBe(totpAt(SEEDS.sha1, new Date(at.getTime() + 60_000), params));
    expect(totpAt(SEEDS.sha1, at, params, -1)).toBe(hotp(SEEDS.sha1, timeStep(at, 30) - 1, 8));
  });
});

describe("TOTP parameter presets", () => {
  it("customer tokens: 8 digits, 60-second step, SHA-1", () => {
    expect(TOKEN_TOTP).toEqual({ digits: 8, stepSeconds: 60, algorithm: "sha1" });
  });

  it("staff authenticators: 6 digits, 30-second step, SHA-1", () => {
    expect(STAFF_TOTP).toEqual({ digits: 6, stepSeconds: 30, algorithm: "sha1" });
  });

  it("a TOKEN_TOTP code stays the same for a whole minute and changes with the next one", () => {
    const secret = SEEDS.sha1;
    const start = new Date("2026-11-22T05:05:00Z");
    const code = totpAt(secret, start, TOKEN_TOTP);
    expect(code).toMatch(/^\d{8}$/);
    expect(totpAt(secret, new Date(start.getTime() + 30_000), TOKEN_TOTP)).toBe(code);
    expect(totpAt(secret, new Date(start.getTime() + 59_999), TOKEN_TOTP)).toBe(code);
    expect(code).toBe(hotp(secret, Math.floor(start.getTime() / 60_000), 8));
    expect(totpAt(secret, new Date(start.getTime() + 60_000), TOKEN_TOTP)).not.toBe(code);
  });
});

describe("verifyTotp", () => {
  const secret = SEEDS.sha1;
  const at = new Date("2026-11-22T05:05:00Z");
  const step = timeStep(at, TOKEN_TOTP.stepSeconds);
  const codeAt = (s: number) => hotp(secret, s, TOKEN_TOTP.digits, TOKEN_TOTP.algorithm);

  it("accepts the current code and reports its step", () => {
    expect(verifyTotp(secret, codeAt(step), at, TOKEN_TOTP, { window: 0 })).toEqual({ ok: true, step });
  });

  it("accepts codes within ±window steps", () => {
    for (const delta of [-2, -1, 0, 1, 2]) {
      expect(verifyTotp(secret, codeAt(step + delta), at, TOKEN_TOTP, { window: 2 })).toEqual({ ok: true, step: step + delta });
    }
  });

  it("refuses codes just outside the window", () => {
    expect(verifyTotp(secret, codeAt(step + 2), at, TOKEN_TOTP, { window: 1 })).toEqual({ ok: false, replay: false });
    expect(verifyTotp(secret, codeAt(step - 2), at, TOKEN_TOTP, { window: 1 })).toEqual({ ok: false, replay: false });
    expect(verifyTotp(secret, codeAt(step + 1), at, TOKEN_TOTP, { window: 0 })).toEqual({ ok: false, replay: false });
  });

  it("refuses a wrong code", () => {
    const good = codeAt(step);
    const wrong = String((Number(good) + 1) % 1e8).padStart(8, "0");
    expect(verifyTotp(secret, wrong, at, TOKEN_TOTP, { window: 1 }).ok).toBe(false);
  });

  it("refuses a replayed step and reports replay", () => {
    expect(verifyTotp(secret, codeAt(step), at, TOKEN_TOTP, { window: 1, lastUsedStep: step })).toEqual({ ok: false, replay: true });
    // An earlier step than the last used one is a replay too.
    expect(verifyTotp(secret, codeAt(step - 1), at, TOKEN_TOTP, { window: 1, lastUsedStep: step })).toEqual({ ok: false, replay: true });
  });

  it("accepts a later step than lastUsedStep", () => {
    expect(verifyTotp(secret, codeAt(step + 1), at, TOKEN_TOTP, { window: 1, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, codeAt(step), at, TOKEN_TOTP, { window: 1, lastUsedStep: step - 1 })).toEqual({ ok: true, step });
    expect(verifyTotp(secret, codeAt(step), at, TOKEN_TOTP, { window: 1, lastUsedStep: null })).toEqual({ ok: true, step });
  });

  it("honours offsetSteps (a token whose clock runs ahead or behind)", () => {
    const ahead = codeAt(step + 5);
    expect(verifyTotp(secret, ahead, at, TOKEN_TOTP, { window: 1 }).ok).toBe(false);
    expect(verifyTotp(secret, ahead, at, TOKEN_TOTP, { window: 1, offsetSteps: 5 })).toEqual({ ok: true, step: step + 5 });
    expect(verifyTotp(secret, codeAt(step + 6), at, TOKEN_TOTP, { window: 1, offsetSteps: 5 })).toEqual({ ok: true, step: step + 6 });
    expect(verifyTotp(secret, codeAt(step + 7), at, TOKEN_TOTP, { window: 1, offsetSteps: 5 }).ok).toBe(false);
    const behind = codeAt(step - 3);
    expect(verifyTotp(secret, behind, at, TOKEN_TOTP, { window: 0, offsetSteps: -3 })).toEqual({ ok: true, step: step - 3 });
    // With the offset applied, the nominal current code is now outside the window.
    expect(verifyTotp(secret, codeAt(step), at, TOKEN_TOTP, { window: 1, offsetSteps: -3 }).ok).toBe(false);
  });

  it("refuses non-digit and wrong-length codes without throwing", () => {
    const good = codeAt(step);
    const bad = [
      "",
      good.slice(0, 7),
      `${good}0`,
      good.slice(0, 6),
      `${good.slice(0, 7)}a`,
      ` ${good.slice(1)}`,
      `${good.slice(0, 4)} ${good.slice(4)}`,
      `${good}\n`,
      "１２３４５６７８",
      "-1234567",
    ];
    for (const code of bad) {
      expect(verifyTotp(secret, code, at, TOKEN_TOTP, { window: 2 })).toEqual({ ok: false, replay: false });
    }
  });

  it("checks the digit count of the params (6-digit staff codes)", () => {
    const staffAt = new Date(59_000);
    const code6 = totpAt(secret, staffAt, STAFF_TOTP);
    expect(code6).toBe("287082");
    expect(verifyTotp(secret, code6, staffAt, STAFF_TOTP, { window: 1 })).toEqual({ ok: true, step: 1 });
    expect(verifyTotp(secret, "94287082", staffAt, STAFF_TOTP, { window: 1 }).ok).toBe(false);
  });
});

describe("base32 (RFC 4648, unpadded)", () => {
  const vectors: Array<[string, string]> = [
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ];

  for (const [plain, encoded] of vectors) {
    it(`"${plain}" ↔ "${encoded}"`, () => {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    });
  }

  it("never emits padding", () => {
    for (let n = 0; n < 12; n++) expect(base32Encode(Buffer.alloc(n, 0xff))).not.toContain("=");
  });

  it("round-trips arbitrary bytes of every length", () => {
    for (let n = 0; n <= 64; n++) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n * 11 + 5) & 0xff));
      const encoded = base32Encode(data);
      expect(encoded).toMatch(/^[A-Z2-7]*$/);
      expect(encoded).toHaveLength(Math.ceil((n * 8) / 5));
      expect(base32Decode(encoded).equals(data)).toBe(true);
    }
  });

  it("encodes the RFC 6238 SHA-1 seed as authenticator apps expect", () => {
    expect(base32Encode(SEEDS.sha1)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  });

  it("decodes lower case, padding, spaces and hyphens", () => {
    expect(base32Decode("mzxw6ytboi").toString()).toBe("foobar");
    expect(base32Decode("MZXW6YTBOI======").toString()).toBe("foobar");
    expect(base32Decode("MZXW 6YTB-OI").toString()).toBe("foobar");
  });

  it("rejects characters outside the alphabet", () => {
    expect(() => base32Decode("MZXW0")).toThrow();
    expect(() => base32Decode("MZXW1")).toThrow();
    expect(() => base32Decode("MZ!W")).toThrow();
  });
});

describe("otpauthUri", () => {
  const secret = SEEDS.sha1;
  const uri = otpauthUri({ issuer: "TokenDesk 銀行", account: "taro yamada@example.jp", secret, params: TOKEN_TOTP });
  const url = new URL(uri);

  it("is an otpauth://totp URI", () => {
    expect(uri.startsWith("otpauth://totp/")).toBe(true);
    expect(url.protocol).toBe("otpauth:");
  });

  it("URL-encodes the issuer:account label", () => {
    const label = uri.slice("otpauth://totp/".length, uri.indexOf("?"));
    expect(label).toBe(encodeURIComponent("TokenDesk 銀行:taro yamada@example.jp"));
    expect(label).not.toMatch(/[ :@]/);
    expect(decodeURIComponent(label)).toBe("TokenDesk 銀行:taro yamada@example.jp");
  });

  it("carries secret, issuer, algorithm, digits and period", () => {
    const query = new URLSearchParams(uri.slice(uri.indexOf("?") + 1));
    expect(query.get("secret")).toBe(base32Encode(secret));
    expect(query.get("secret")).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(query.get("issuer")).toBe("TokenDesk 銀行");
    expect(query.get("algorithm")).toBe("SHA1");
    expect(query.get("digits")).toBe("8");
    expect(query.get("period")).toBe("60");
  });

  it("reflects the staff parameters", () => {
    const staff = new URLSearchParams(otpauthUri({ issuer: "TokenDesk", account: "a", secret, params: STAFF_TOTP }).split("?")[1]);
    expect(staff.get("digits")).toBe("6");
    expect(staff.get("period")).toBe("30");
  });
});
