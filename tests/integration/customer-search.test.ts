import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCustomers } from "@/db/seed/demo-data";
import { executeAction } from "@/lib/actions/execute";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { searchCustomers, type SearchOutcome } from "@/lib/customers/search";
import { searchCustomersInput, type SearchCustomersInput } from "@/lib/customers/search-schema";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { importCustomers, plainCustomer } from "@/tests/fixtures/customers";
import { auditEventAt, createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const demo = demoCustomers(25);
const yamada = demo[0]!; // 山田 太郎, ヤマダ タロウ, 090-1234-5678
let yamadaId: string;
let operator: Member;

/** Twelve シケン customers to page and sort through. */
const paged = Array.from({ length: 12 }, (_, i) => plainCustomer(i + 1, `試験 ${i + 1}号`, `シケン ${"アイウエオカキクケコサシ"[i]}ミ`));

/** Callers as staff hear them: one-kanji surnames, names spelt in romaji, Hepburn's long vowels. */
const people = {
  hayashi: plainCustomer(101, "林 舞", "ハヤシ マイ"),
  mori: plainCustomer(102, "森　浩二", "モリ コウジ"),
  kobayashi: plainCustomer(103, "小林 優", "コバヤシ ユウ"),
  hayashida: plainCustomer(104, "林田 誠", "ハヤシダ マコト"),
  suzukiIchiro: plainCustomer(105, "鈴木 一郎", "スズキ イチロウ"),
  suzukiHanako: plainCustomer(106, "鈴木 花子", "ｽｽﾞｷ ﾊﾅｺ"),
  ohno: plainCustomer(107, "大野 真一", "オオノ シンイチ"),
  homma: plainCustomer(108, "本間 修", "ホンマ オサム"),
};

beforeAll(async () => {
  t = await createTestDb();
  yamadaId = (await importCustomers(t.db, clock, demo))[0]!;
  await importCustomers(t.db, clock, paged);
  await importCustomers(t.db, clock, Object.values(people));
  operator = await createSignedInStaff(t.db, clock, "operator.search", "operator");
});
afterAll(async () => t?.close());

async function search(input: SearchCustomersInput): Promise<SearchOutcome> {
  return searchCustomers(t.db, searchCustomersInput.parse(input));
}

async function contractsFound(input: SearchCustomersInput): Promise<string[]> {
  const outcome = await search(input);
  if (outcome.status !== "ok") throw new Error(`expected results, got ${outcome.status}`);
  return outcome.rows.map((r) => r.contractId);
}

describe("name search folds kana, width and spacing alike", () => {
  it.each([
    ["katakana with a full-width space", "ヤマダ　タロウ"],
    ["hiragana", "やまだ たろう"],
    ["half-width katakana", "ﾔﾏﾀﾞ ﾀﾛｳ"],
    ["part of the given name in hiragana", "たろう"],
    ["the family name's first two characters", "やま"],
    ["kanji without the space", "山田太郎"],
    ["part of the kanji name", "田太郎"],
  ])("%s: 「%s」 finds 山田 太郎", async (_label, query) => {
    expect(await contractsFound({ kind: "name", query })).toContain(yamada.contractId);
  });

  it("a name nobody has finds nothing, and says so with zero results", async () => {
    const outcome = await search({ kind: "name", query: "ンンンンン" });
    expect(outcome).toMatchObject({ status: "ok", total: 0, rows: [] });
  });

  it("treats LIKE wildcards in the query as plain characters", async () => {
    expect(await search({ kind: "name", query: "%%%" })).toMatchObject({ status: "ok", total: 0 });
  });
});

describe("a single kanji is a whole family or given name", () => {
  it("林 finds 林 舞, not 小林 or 林田", async () => {
    const found = await contractsFound({ kind: "name", query: "林" });
    expect(found).toContain(people.hayashi.contractId);
    expect(found).not.toContain(people.kobayashi.contractId);
    expect(found).not.toContain(people.hayashida.contractId);
  });
  it("森 finds 森 浩二 registered with a full-width space, and full-width 「 森 」 too", async () => {
    expect(await contractsFound({ kind: "name", query: "森" })).toContain(people.mori.contractId);
    expect(await contractsFound({ kind: "name", query: "　森　" })).toContain(people.mori.contractId);
  });
  it("誠 finds the given name of 林田 誠", async () => {
    expect(await contractsFound({ kind: "name", query: "誠" })).toContain(people.hayashida.contractId);
  });
});

describe("romaji finds the kana reading", () => {
  it.each([
    ["suzuki", [people.suzukiIchiro, people.suzukiHanako], []],
    ["Suzuki Ichiro", [people.suzukiIchiro], [people.suzukiHanako]],
    ["ichiro suzuki", [people.suzukiIchiro], [people.suzukiHanako]],
    ["ＳＵＺＵＫＩ　ｈａｎａｋｏ", [people.suzukiHanako], [people.suzukiIchiro]],
    ["Ohno Shinichi", [people.ohno], []],
    ["Ōno", [people.ohno], []],
    ["Homma", [people.homma], []],
    ["hayashi", [people.hayashi, people.hayashida], [people.kobayashi, people.mori]],
  ] as const)("「%s」", async (query, expected, notExpected) => {
    const found = await contractsFound({ kind: "name", query });
    for (const c of expected) expect(found, c.nameKanji).toContain(c.contractId);
    for (const c of notExpected) expect(found, c.nameKanji).not.toContain(c.contractId);
  });
  it("one romaji kana is too short, as one kana is", async () => {
    expect(await search({ kind: "name", query: "ki" })).toEqual({ status: "tooShort" });
  });
});

describe("digits in any width, with any hyphen", () => {
  it.each([
    ["full-width phone with full-width hyphens", { kind: "phone", query: "０９０－１２３４－５６７８" }],
    ["phone with the long-vowel mark an IME types for a hyphen", { kind: "phone", query: "090ー1234ー5678" }],
    ["phone with spaces and a minus sign", { kind: "phone", query: "090 1234−5678" }],
    ["contract ID in full-width digits with hyphens", { kind: "contract", query: "００１２－３４５－６７８" }],
  ] as const)("%s finds 山田 太郎", async (_label, input) => {
    expect(await contractsFound(input)).toEqual([yamada.contractId]);
  });
});

describe("every other search key", () => {
  const token = yamada.tokens[0]!;
  it.each([
    ["contract ID in full-width digits", { kind: "contract", query: "００１２３４５６７８" }],
    ["registered phone with hyphens", { kind: "phone", query: "090-1234-5678" }],
    ["registered e-mail in upper case", { kind: "email", query: "TARO.YAMADA@EXAMPLE.JP" }],
    ["service ID + user ID", { kind: "serviceUser", query: token.serviceId, userId: token.userId }],
    ["token serial", { kind: "serial", query: token.serial }],
  ] as const)("%s finds exactly 山田 太郎", async (_label, input) => {
    expect(await contractsFound(input)).toEqual([yamada.contractId]);
  });

  it("says when a value has the wrong form instead of searching", async () => {
    expect(await search({ kind: "contract", query: "12345" })).toEqual({ status: "badFormat", field: "query" });
    expect(await search({ kind: "serviceUser", query: token.serviceId, userId: "99" })).toEqual({ status: "badFormat", field: "userId" });
    expect(await search({ kind: "email", query: "not-an-address" })).toEqual({ status: "badFormat", field: "query" });
  });
});

describe("the list masks personal data", () => {
  it("shows phone and e-mail masked and never the raw values", async () => {
    const outcome = await search({ kind: "contract", query: yamada.contractId });
    expect(outcome.status).toBe("ok");
    if (outcome.status !== "ok") return;
    expect(outcome.rows[0]).toMatchObject({ nameKanji: "山田 太郎", phoneMasked: "090-****-5678", emailMasked: "t***@example.jp" });
    const json = JSON.stringify(outcome);
    expect(json).not.toContain("09012345678");
    expect(json).not.toContain("taro.yamada");
    expect(json).not.toContain(yamada.birthDate);
    for (const key of ["phone", "birthDate", "accountNumber", "address"]) expect(Object.keys(outcome.rows[0]!)).not.toContain(key);
  });
});

describe("empty and too-broad queries", () => {
  it("an empty query says so", async () => {
    expect(await search({ kind: "name", query: "   " })).toEqual({ status: "empty" });
  });
  it("a one-character name is too short to search", async () => {
    expect(await search({ kind: "name", query: "や" })).toEqual({ status: "tooShort" });
  });
  it("more matches than the limit asks the operator to narrow it down", async () => {
    const params = searchCustomersInput.parse({ kind: "name", query: "しけん" });
    expect(await searchCustomers(t.db, params, { maxMatches: 5 })).toEqual({ status: "tooBroad", limit: 5 });
  });
});

describe("server-side paging and sorting", () => {
  it("returns one page at a time with the total", async () => {
    const first = await search({ kind: "name", query: "しけん", pageSize: 10 });
    const second = await search({ kind: "name", query: "しけん", pageSize: 10, page: 1 });
    expect(first).toMatchObject({ status: "ok", total: 12, page: 0 });
    expect(second).toMatchObject({ status: "ok", total: 12, page: 1 });
    if (first.status !== "ok" || second.status !== "ok") return;
    expect(first.rows).toHaveLength(10);
    expect(second.rows).toHaveLength(2);
    const all = [...first.rows, ...second.rows].map((r) => r.contractId);
    expect(new Set(all).size).toBe(12);
  });

  it("sorts by contract ID descending across pages, and by kana name", async () => {
    const contracts = paged.map((c) => c.contractId).sort();
    expect(await contractsFound({ kind: "name", query: "しけん", sort: "contractId", dir: "desc", pageSize: 10 })).toEqual(contracts.reverse().slice(0, 10));
    const byKana = await contractsFound({ kind: "name", query: "しけん", sort: "nameKana", dir: "asc", pageSize: 20 });
    expect(byKana[0]).toBe(paged[0]!.contractId); // シケン アミ
    expect(byKana.at(-1)).toBe(paged[11]!.contractId); // シケン シミ
  });

  it("a page past the end falls back to the last page", async () => {
    expect(await search({ kind: "name", query: "しけん", pageSize: 10, page: 9 })).toMatchObject({ status: "ok", page: 1 });
  });
});

describe("opening a customer", () => {
  it("is audited as customer.view and shows identity masked until the caller is verified", async () => {
    const result = await executeAction(viewCustomer, { customerId: yamadaId }, staffOptions(t.db, clock, operator));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event).toMatchObject({ action: "customer.view", outcome: "success", customerId: yamadaId, actorId: operator.staffId, details: { verified: false } });
    const view = result.data;
    expect(view.verified).toBe(false);
    expect(view.identity).toMatchObject({ nameKanji: "山田 太郎", phone: "090-****-5678", birthDate: "••••", accountNumber: "***567" });
    expect(view.emails.map((e) => e.address)).toEqual(["t***@example.jp"]);
    expect(view.tokens[0]).toMatchObject({ serial: yamada.tokens[0]!.serial, status: "active", renewal: "notYet", current: true });
    expect(view.history.lines.map((h) => h.action)).toContain("demo.import_customer");
  });

  it("an unknown customer is not found, and the refusal is audited", async () => {
    const result = await executeAction(viewCustomer, { customerId: "00000000-0000-4000-8000-000000000000" }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: false, code: "not_found" });
  });
});
