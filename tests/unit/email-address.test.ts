import { describe, expect, it } from "vitest";
import { normaliseEmail, sameAddress } from "@/lib/emails/address";
import { emailAddressField } from "@/lib/emails/schemas";
import { EMAIL_MAX_LENGTH, MAX_LIVE_EMAILS } from "@/lib/emails/policy";
import { ja } from "@/lib/i18n/messages/ja";
import { en } from "@/lib/i18n/messages/en";

describe("e-mail addresses the desk accepts", () => {
  it.each([
    ["taro@example.jp", "taro@example.jp"],
    ["Taro.Yamada@Example.CO.JP", "Taro.Yamada@example.co.jp"],
    ["  hanako+otp@mail.example.com ", "hanako+otp@mail.example.com"],
    // Typed through a Japanese IME: full-width letters and ＠ fold to ASCII.
    ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"],
    // Old carrier addresses that break RFC 5322 with their dots still receive mail.
    ["taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp"],
    ["o'brien_1-2@sub-domain.example.org", "o'brien_1-2@sub-domain.example.org"],
  ])("accepts %s as %s", (raw, stored) => {
    expect(normaliseEmail(raw)).toBe(stored);
    expect(emailAddressField.parse(raw)).toBe(stored);
  });

  it.each([
    "", "taro", "taro@", "@example.jp", "taro@example", "taro@@example.jp", "taro@ex ample.jp", "ta ro@example.jp", ".taro@example.jp",
    "taro@-example.jp", "taro@example-.jp", "taro@exa_mple.jp", "taro@example.j", "taro@example.123", "taro@[192.0.2.1]", '"taro"@example.jp',
    "太郎@example.jp", "taro@例え.jp", "taro@example..jp", "taro@.example.jp", `${"a".repeat(65)}@example.jp`,
  ])("refuses %j", (raw) => {
    expect(normaliseEmail(raw)).toBeNull();
    expect(emailAddressField.safeParse(raw).success).toBe(false);
  });

  it(`refuses anything longer than ${EMAIL_MAX_LENGTH} characters, and control characters`, () => {
    const long = `a@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(58)}.jp`;
    expect(long.length).toBe(EMAIL_MAX_LENGTH + 1);
    expect(normaliseEmail(long)).toBeNull();
    expect(normaliseEmail(long.slice(0, 2) + long.slice(3))).not.toBeNull();
    expect(emailAddressField.safeParse("taro@exa\u0000mple.jp").success).toBe(false);
    expect(emailAddressField.safeParse("taro\u202e@example.jp").success).toBe(false);
  });

  it("treats addresses differing only in case as the same registration", () => {
    expect(sameAddress("Taro@Example.jp", "taro@example.JP")).toBe(true);
    expect(sameAddress("taro@example.jp", "jiro@example.jp")).toBe(false);
  });

  it("names the policy's limit in the messages that state it", () => {
    for (const messages of [ja, en]) {
      expect(messages.emails.errors.limit).toContain(String(MAX_LIVE_EMAILS));
      expect(messages.emails.why.limit).toContain(String(MAX_LIVE_EMAILS));
    }
  });
});
