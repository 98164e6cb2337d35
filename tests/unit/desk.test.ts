import { describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { staffRoles } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { searchCondition } from "@/lib/customers/search";
import { renewalState } from "@/lib/customers/tokens";
import { accountMatches, birthDateMatches, nameMatches, normaliseBirthDate, phoneMatches } from "@/lib/verification/compare";
import { DAY } from "@/lib/time/clock";

const record = { nameKana: "ヤマダ タロウ", nameKanji: "山田 太郎", birthDate: "1980-04-15", phone: "09012345678", branchCode: "101", accountNumber: "0034567" };

describe("comparing what the caller says with the record", () => {
  it.each(["やまだ たろう", "ﾔﾏﾀﾞﾀﾛｳ", "ヤマダ　タロウ", "山田太郎", "山田　太郎"])("name 「%s」 matches", (answer) => {
    expect(nameMatches(answer, record)).toBe(true);
  });
  it.each(["やまだ", "ヤマダ ハナコ", "", "   "])("name 「%s」 does not match", (answer) => {
    expect(nameMatches(answer, record)).toBe(false);
  });
  it.each(["1980-04-15", "1980/4/15", "19800415", "１９８０／０４／１５", "1980年4月15日"])("birth date %s matches", (answer) => {
    expect(birthDateMatches(answer, record)).toBe(true);
  });
  it("rejects impossible or other dates", () => {
    expect(normaliseBirthDate("1980-02-30")).toBeNull();
    expect(normaliseBirthDate("昭和55年")).toBeNull();
    expect(birthDateMatches("1980-04-16", record)).toBe(false);
  });
  it("phone and account compare digits, whatever the width and separators", () => {
    expect(phoneMatches("０９０-１２３４-５６７８", record)).toBe(true);
    expect(phoneMatches("0901234567", record)).toBe(false);
    expect(accountMatches("１０１", "34567", record)).toBe(true);
    expect(accountMatches("102", "0034567", record)).toBe(false);
  });
});

describe("search conditions", () => {
  const dialect = new PgDialect();
  const sqlOf = (input: Parameters<typeof searchCondition>[0]) => {
    const c = searchCondition(input);
    if (!c.ok) throw new Error("no condition");
    return dialect.sqlToQuery(c.where);
  };
  it("two characters search from the start of the name; three or more anywhere in it", () => {
    expect(sqlOf({ kind: "name", query: "やま", userId: "" }).params).toEqual(["ヤマ%"]);
    expect(sqlOf({ kind: "name", query: "ﾀﾛｳ", userId: "" }).params).toEqual(["%タロウ%"]);
  });
  it("kanji queries search the kanji name, kana queries the folded kana key", () => {
    expect(sqlOf({ kind: "name", query: "山田 太", userId: "" })).toMatchObject({ params: ["%山田太%"], sql: expect.stringContaining("translate(") });
    expect(sqlOf({ kind: "name", query: "やまだ", userId: "" }).sql).toContain('"name_search"');
  });
});

describe("renewal window", () => {
  const now = new Date("2026-11-22T00:00:00Z");
  it("opens 180 days before expiry", () => {
    expect(renewalState({ status: "active", expiresAt: new Date(now.getTime() + 181 * DAY) }, now)).toBe("notYet");
    expect(renewalState({ status: "active", expiresAt: new Date(now.getTime() + 180 * DAY) }, now)).toBe("open");
    expect(renewalState({ status: "active", expiresAt: new Date(now.getTime() - DAY) }, now)).toBe("expired");
    expect(renewalState({ status: "revoked", expiresAt: new Date(now.getTime() + 10 * DAY) }, now)).toBe("notApplicable");
  });
});

describe("desk permissions", () => {
  it("lets operators, tellers and supervisors search, view and verify by phone; nobody else", () => {
    for (const role of staffRoles) {
      const desk = ["operator", "teller", "supervisor"].includes(role);
      for (const p of ["customer.search", "customer.view", "customer.verify_phone"] as const) expect(can(role, p), `${role} ${p}`).toBe(desk);
    }
  });
  it("verification in person is the teller's; clearing a block is the supervisor's", () => {
    expect(staffRoles.filter((r) => can(r, "customer.verify_in_person"))).toEqual(["teller"]);
    expect(staffRoles.filter((r) => can(r, "customer.clear_verification_block"))).toEqual(["supervisor"]);
  });
});
