import { describe, it, expect } from "vitest";
import { z } from "zod";
import { ja } from "@/lib/i18n/messages/ja";
import { en } from "@/lib/i18n/messages/en";
import { catalogues, createTranslator, interpolate, isMessageKey, lookup, type MessageKey } from "@/lib/i18n/translate";
import { defaultLocale, locales, toLocale } from "@/lib/i18n/locales";
import { fieldErrorsOf, zodErrorMap } from "@/lib/i18n/zod";

/** Every leaf as [dotted path, value]; non-string, non-object leaves are reported as such. */
function leaves(node: unknown, prefix = ""): Array<[string, unknown]> {
  if (node !== null && typeof node === "object" && !Array.isArray(node)) {
    return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, node]];
}

const jaLeaves = new Map(leaves(ja));
const enLeaves = new Map(leaves(en));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("are non-trivial", () => {
    expect(jaLeaves.size).toBeGreaterThan(50);
  });

  it("every ja key exists in en", () => {
    const missing = [...jaLeaves.keys()].filter((k) => !enLeaves.has(k));
    expect(missing).toEqual([]);
  });

  it("every en key exists in ja", () => {
    const extra = [...enLeaves.keys()].filter((k) => !jaLeaves.has(k));
    expect(extra).toEqual([]);
  });

  it("every leaf is a non-empty string in both languages", () => {
    for (const [name, map] of [["ja", jaLeaves], ["en", enLeaves]] as const) {
      for (const [key, value] of map) {
        expect(typeof value, `${name}:${key}`).toBe("string");
        expect((value as string).trim(), `${name}:${key}`).not.toBe("");
      }
    }
  });

  it("uses the same {placeholders} for a key in both languages", () => {
    for (const [key, value] of jaLeaves) {
      expect(placeholders(enLeaves.get(key) as string), key).toEqual(placeholders(value as string));
    }
  });

  it("exposes both catalogues by locale", () => {
    expect(catalogues.ja).toBe(ja);
    expect(catalogues.en).toBe(en);
    expect([...locales].sort()).toEqual(["en", "ja"]);
  });
});

describe("locales", () => {
  it("defaults to Japanese for anything but en", () => {
    expect(defaultLocale).toBe("ja");
    expect(toLocale("en")).toBe("en");
    expect(toLocale("ja")).toBe("ja");
    expect(toLocale("fr")).toBe("ja");
    expect(toLocale(null)).toBe("ja");
    expect(toLocale(undefined)).toBe("ja");
  });
});

describe("createTranslator", () => {
  const tJa = createTranslator("ja");
  const tEn = createTranslator("en");

  it("looks up dotted keys in the locale's catalogue", () => {
    expect(tJa("nav.home")).toBe(ja.nav.home);
    expect(tEn("nav.home")).toBe(en.nav.home);
    expect(tEn("nav.home")).not.toBe(tJa("nav.home"));
    expect(tEn("signIn.ended.idle")).toBe(en.signIn.ended.idle);
  });

  it("interpolates {vars}, strings and numbers, every occurrence", () => {
    expect(tJa("validation.tooShort", { min: 12 })).toBe("12文字以上で入力してください。");
    expect(tEn("validation.tooShort", { min: 12 })).toBe("Enter at least 12 characters.");
    expect(tEn("home.welcome", { name: "Sato" })).toBe("Welcome, Sato.");
    expect(interpolate("{a}-{b}-{a}", { a: "x", b: 2 })).toBe("x-2-x");
  });

  it("leaves unknown placeholders and placeholder-free templates alone", () => {
    expect(tEn("validation.tooShort")).toBe("Enter at least {min} characters.");
    expect(tEn("validation.tooShort", { max: 3 })).toBe("Enter at least {min} characters.");
    expect(interpolate("no vars", { a: 1 })).toBe("no vars");
  });

  it("returns the key itself for unknown keys", () => {
    expect(tJa("nope.missing" as MessageKey)).toBe("nope.missing");
    expect(tEn("nav" as MessageKey)).toBe("nav"); // a branch, not a leaf
    expect(tEn("nav.home.deeper" as MessageKey)).toBe("nav.home.deeper");
  });

  it("lookup and isMessageKey only accept leaves", () => {
    expect(lookup(en, "nav.home")).toBe("Home");
    expect(lookup(en, "nav")).toBeUndefined();
    expect(lookup(en, "nav.nope")).toBeUndefined();
    // Audit action names contain dots themselves; they still resolve to their labels.
    expect(lookup(catalogues.ja, "actions.auth.sign_in")).toBe("サインイン");
    expect(lookup(catalogues.en, "actions.staff.reset_mfa")).toBeDefined();
    expect(lookup(catalogues.ja, "actions.auth.nope")).toBeUndefined();
    expect(isMessageKey("validation.loginIdFormat")).toBe(true);
    expect(isMessageKey("validation")).toBe(false);
    expect(isMessageKey("Invalid input")).toBe(false);
  });
});

describe("zodErrorMap", () => {
  const schema = z.object({
    loginId: z.string().min(3),
    displayName: z.string(),
    profile: z.object({ age: z.number().min(18) }),
  });
  const input = { loginId: "ab", profile: { age: 5 } };

  it("gives Japanese messages for ja", () => {
    const result = schema.safeParse(input, { error: zodErrorMap("ja") });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!, "ja")).toEqual({
      loginId: ["3文字以上で入力してください。"],
      displayName: ["入力してください。"],
      "profile.age": ["18以上の値を入力してください。"],
    });
  });

  it("gives English messages for en", () => {
    const result = schema.safeParse(input, { error: zodErrorMap("en") });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!, "en")).toEqual({
      loginId: ["Enter at least 3 characters."],
      displayName: ["Required."],
      "profile.age": ["Enter 18 or more."],
    });
  });

  it("maps other issue codes", () => {
    const other = z.object({ role: z.enum(["admin", "auditor"]), n: z.string(), s: z.string().max(2), email: z.email() }).strict();
    const result = other.safeParse({ role: "root", n: 5, s: "abc", email: "x", extra: 1 }, { error: zodErrorMap("en") });
    expect(fieldErrorsOf(result.error!, "en")).toEqual({
      role: ["Choose one of the options."],
      n: ["Wrong format."],
      s: ["Enter at most 2 characters."],
      email: ["Wrong format."],
      _form: ["Contains an unknown field."],
    });
  });

  it("translates a catalogue key carried by the issue itself", () => {
    const map = zodErrorMap("en");
    const issue = { code: "custom", message: "validation.loginIdFormat", input: "X", path: ["loginId"] } as unknown as Parameters<typeof map>[0];
    expect(map(issue)).toBe(en.validation.loginIdFormat);
    expect(zodErrorMap("ja")(issue)).toBe(ja.validation.loginIdFormat);
  });

  it("translates a catalogue key given as a schema's error message", () => {
    const keyed = z.object({ loginId: z.string().regex(/^[a-z]+$/, { error: "validation.loginIdFormat" }) });
    for (const locale of ["ja", "en"] as const) {
      const result = keyed.safeParse({ loginId: "Bad!" }, { error: zodErrorMap(locale) });
      expect(result.success).toBe(false);
      expect(fieldErrorsOf(result.error!, locale), locale).toEqual({ loginId: [catalogues[locale].validation.loginIdFormat] });
    }
  });
});

describe("fieldErrorsOf", () => {
  it("groups messages by dotted field path and keeps their order", () => {
    const schema = z.object({
      a: z.string().min(5).regex(/^\d+$/),
      list: z.array(z.object({ b: z.string() })),
      ok: z.string(),
    });
    const result = schema.safeParse({ a: "xy", list: [{ b: "ok" }, { b: 1 }], ok: "fine" }, { error: zodErrorMap("en") });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!, "en")).toEqual({
      a: ["Enter at least 5 characters.", "Wrong format."],
      "list.1.b": ["Wrong format."],
    });
  });

  it("puts a refinement on the whole object under _form", () => {
    const schema = z
      .object({ from: z.number(), to: z.number() })
      .refine((v) => v.from <= v.to, { error: "validation.invalid" });
    const result = schema.safeParse({ from: 2, to: 1 }, { error: zodErrorMap("en") });
    expect(Object.keys(fieldErrorsOf(result.error!, "en"))).toEqual(["_form"]);
  });

  it("puts an issue without a path under _form", () => {
    const result = z.string().safeParse(1, { error: zodErrorMap("en") });
    expect(fieldErrorsOf(result.error!, "en")).toEqual({ _form: ["Wrong format."] });
  });
});

describe("words an export writes unchecked", () => {
  it("never begin like a spreadsheet formula, in either language, nor do their keys", () => {
    for (const catalogue of Object.values(catalogues)) {
      const node = catalogue as unknown as Record<string, Record<string, unknown>>;
      const audit = node.audit as Record<string, Record<string, string>>;
      const explorer = node.auditExplorer as Record<string, Record<string, string>>;
      for (const words of [node.roles, node.actions, audit.outcomes, audit.actorTypes, explorer.channels] as Array<Record<string, string>>) {
        for (const [key, word] of Object.entries(words)) {
          expect(key).not.toMatch(/^[=+\-@\t\r]/);
          expect(word).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
    }
  });
});
