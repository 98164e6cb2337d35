import { describe, expect, it } from "vitest";
import { actorTypes, auditChannels, auditOutcomes } from "@/db/schema/audit";
import { readFileSync } from "node:fs";
import { allActions, allQueries } from "@/lib/actions/registry";
import { permissions } from "@/lib/auth/permissions";
import { formatPhoneJp } from "@/lib/customers/format-phone";
import { locales } from "@/lib/i18n/locales";
import { catalogues, createTranslator, lookup } from "@/lib/i18n/translate";
import { staffRoles } from "@/lib/staff/roles";
import { formatDuration } from "@/lib/time/duration";

describe("phone numbers in Japanese grouping", () => {
  it.each([
    ["09012345678", "090-1234-5678"],
    ["08098765432", "080-9876-5432"],
    ["05012345678", "050-1234-5678"],
    ["0312345678", "03-1234-5678"],
    ["0612345678", "06-1234-5678"],
    ["0451234567", "045-123-4567"],
    ["0120123456", "0120-123-456"],
    ["0570123456", "0570-123-456"],
  ])("%s → %s", (digits, shown) => {
    expect(formatPhoneJp(digits)).toBe(shown);
  });

  it("leaves masked, foreign or empty values as they are", () => {
    expect(formatPhoneJp("090-****-5678")).toBe("090-****-5678");
    expect(formatPhoneJp("+441234567890")).toBe("+441234567890");
    expect(formatPhoneJp("12345")).toBe("12345");
    expect(formatPhoneJp(null)).toBe("—");
  });
});

describe("amounts of time as people say them", () => {
  const ja = createTranslator("ja");
  const en = createTranslator("en");
  it.each([
    [552_000, "9分12秒", "9 min 12 s"],
    [600_000, "10分0秒", "10 min 0 s"],
    [59_999, "59秒", "59 s"],
    [61_500, "1分1秒", "1 min 1 s"],
    [-5, "0秒", "0 s"],
  ])("%d ms → %s / %s", (ms, inJapanese, inEnglish) => {
    expect(formatDuration(ms, ja)).toBe(inJapanese);
    expect(formatDuration(ms, en)).toBe(inEnglish);
  });

  it("the verification countdown reads 残り 9分12秒 / 9 min 12 s left", () => {
    expect(ja("verification.remaining", { time: formatDuration(552_000, ja) })).toBe("残り 9分12秒");
    expect(en("verification.remaining", { time: formatDuration(552_000, en) })).toBe("9 min 12 s left");
  });
});

describe("every value the screens show from an enum has a translation", () => {
  const keys = [
    ...actorTypes.map((v) => `audit.actorTypes.${v}`),
    ...auditChannels.map((v) => `audit.channels.${v}`),
    ...auditOutcomes.map((v) => `audit.outcomes.${v}`),
    ...staffRoles.map((v) => `roles.${v}`),
    ...[...allActions, ...allQueries].map((a) => `actions.${a.name}`),
    ...permissions.map((p) => `permissions.${p}`),
  ];
  it.each(locales)("%s", (locale) => {
    const missing = keys.filter((k) => typeof lookup(catalogues[locale], k) !== "string");
    expect(missing).toEqual([]);
  });
  it("API client is shown in Japanese as APIクライアント, not api_client", () => {
    expect(createTranslator("ja")("audit.actorTypes.api_client")).toBe("APIクライアント");
  });
});

describe("error pages", () => {
  it("never show the error's own message (it can hold SQL, paths or personal data), only its digest", () => {
    for (const file of ["app/error.tsx", "app/(desk)/error.tsx", "app/(admin)/error.tsx", "app/(audit)/error.tsx", "app/_components/error-notice.tsx"]) {
      const source = readFileSync(file, "utf8");
      expect(source, file).not.toMatch(/error\.(message|stack|cause)|\{error\}|String\(error\)/);
    }
    expect(readFileSync("app/_components/error-notice.tsx", "utf8")).toContain('t("errors.errorReference", { digest');
  });
});
