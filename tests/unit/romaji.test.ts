import { describe, expect, it } from "vitest";
import { demoCustomers } from "@/db/seed/demo-data";
import { familyNames, givenNames } from "@/db/seed/names";
import { DEFAULT_DEMO_CUSTOMERS } from "@/db/seed/seed";
import { foldForSearch } from "@/lib/customers/fold";
import { isRomaji, romajiVariants } from "@/lib/customers/romaji";

const matches = (query: string, kana: string) => romajiVariants(query).words.every((variants) => variants.some((v) => foldForSearch(kana).includes(v)));

describe("romaji name queries", () => {
  it("every demo name's romaji finds its own kana reading (long vowels and ン dropped by Hepburn included)", () => {
    const misses = [...familyNames, ...givenNames].filter(([, kana, romaji]) => !matches(romaji, kana)).map(([kanji, , romaji]) => `${kanji} ${romaji}`);
    expect(misses).toEqual([]);
  });

  it.each([
    ["Suzuki Ichiro", "スズキ イチロウ"],
    ["Ichiro Suzuki", "スズキ イチロウ"],
    ["OHNO", "オオノ"],
    ["Satoh", "サトウ"],
    ["Kondo Taro", "コンドウ タロウ"],
    ["Taro Kondo", "コンドウ タロウ"],
    ["Shinichi", "シンイチ"],
    ["Homma", "ホンマ"],
    ["yuuki", "ユキ"],
  ])("「%s」 matches 「%s」", (query, kana) => {
    expect(matches(query, kana)).toBe(true);
  });

  it.each([
    ["suzuki", "ススキ"],
    ["Suzuki Hanako", "スズキ イチロウ"],
    ["hayashi", "コバヤシ"],
    ["Suzuki Ichiro", "スズキ タイチロウ"],
  ])("「%s」 does not match 「%s」", (query, kana) => {
    expect(matches(query, kana)).toBe(false);
  });

  it("keeps the spellings of one word few (each is one index probe)", () => {
    expect(romajiVariants("suzuki").words).toEqual([["スズキ", "スズウキ", "スウズキ", "スウズウキ"]]);
    for (const [, , romaji] of [...familyNames, ...givenNames]) expect(romajiVariants(romaji).words[0]!.length, romaji).toBeLessThanOrEqual(24);
  });

  it("tells romaji from kana, kanji, digits and mixed input", () => {
    expect(isRomaji("Suzuki Ichiro")).toBe(true);
    expect(isRomaji("ｓｕｚｕｋｉ")).toBe(true);
    for (const q of ["すずき", "鈴木", "090", "suzuki 一郎", ""]) expect(isRomaji(q), q).toBe(false);
  });

  it("the seeded demo data has customers these searches are for: a 林 or 森, and a 鈴木", () => {
    const families = new Set(demoCustomers(DEFAULT_DEMO_CUSTOMERS).map((c) => c.nameKanji.split(" ")[0]));
    expect(families.has("林") || families.has("森")).toBe(true);
    expect(families.has("鈴木")).toBe(true);
  });
});
