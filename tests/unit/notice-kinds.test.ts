import { describe, expect, it } from "vitest";
import { NOTICE_BODY_MAX } from "@/lib/notifications/policy";
import { kindCarriesSecret, kindGoesToAddressOnly, kindSendsPost, maskAddress, noticeKindKeys, renderNotice, type NoticeKind } from "@/lib/notifications/kinds";

/** Every kind's facts at once; `code` stands for any secret a change might have at hand. */
const facts = {
  at: new Date("2026-11-22T05:05:00Z"), customerName: "試験 太郎", maskedAddress: "t****@example.jp", removedAddress: "taro@example.jp",
  address: "hanako@example.jp", code: "48120937", confirmBy: new Date("2026-11-23T05:05:00Z"), validUntil: new Date("2026-11-23T05:05:00Z"),
  delivery: "letter",
};

describe("customer notice templates", () => {
  it.each(noticeKindKeys.map((kind) => ({ kind })))("$kind: Japanese first, English second, JST time, no link of any kind", ({ kind }) => {
    const { subject, body } = renderNotice(kind as NoticeKind, facts as never);
    expect(subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(subject).toMatch(/ \/ [A-Z]/);
    expect(body.indexOf("試験 太郎 様")).toBeLessThan(body.indexOf("Dear 試験 太郎"));
    expect(body).toContain("2026/11/22 14:05");
    expect(body.length).toBeLessThanOrEqual(NOTICE_BODY_MAX);
    // A notice never invites a sign-in: no URL, no scheme, no domain to type.
    for (const text of [subject, body]) {
      // (The customer's own masked address is a domain but not a destination.)
      const withoutAddresses = text.replace(/\S+@[\w.-]+/g, "");
      expect(withoutAddresses).not.toMatch(/https?:|www\.|:\/\/|\bhref\b|\.(com|jp|net|bank|co)\b/i);
    }
    // The removed address itself is not repeated in the body: the masked form is.
    expect(body).not.toContain("taro@example.jp");
    expect(body).not.toContain("hanako@example.jp");
  });

  it("puts no secret in any notice but the confirmation code's and the emergency code's own mails, each to one address", () => {
    expect(noticeKindKeys.filter((kind) => kindCarriesSecret(kind))).toEqual(["email_confirmation", "emergency_code"]);
    expect(noticeKindKeys.filter((kind) => kindGoesToAddressOnly(kind))).toEqual(["email_confirmation", "emergency_code"]);
    for (const kind of noticeKindKeys) {
      const { subject, body } = renderNotice(kind, facts as never);
      if (kindCarriesSecret(kind)) expect(body, kind).toContain(facts.code);
      else expect(`${subject}\n${body}`, kind).not.toContain(facts.code);
    }
    expect(kindSendsPost("email_confirmation")).toBe(false);
    expect(renderNotice("email_confirmation", facts).body).toContain("2026/11/23 14:05");
  });

  it("sends letters for the kinds that change how the customer signs in", () => {
    expect(kindSendsPost("activation_password_reset")).toBe(true);
    expect(kindSendsPost("email_removed")).toBe(true);
    expect(kindSendsPost("token_unlocked")).toBe(false);
  });

  it("masks an address to its first letter and domain", () => {
    expect(maskAddress("taro.yamada@example.jp")).toBe("t****@example.jp");
    expect(maskAddress("broken")).toBe("****");
  });
});
