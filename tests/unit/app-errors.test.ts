import { describe, expect, it } from "vitest";
import { appErrorKeys, appErrors, knownAppErrorCodes, lookupAppError, NO_CODE } from "@/lib/tokens/app-errors";
import { catalogues, lookup } from "@/lib/i18n/translate";

/**
 * Every code in the error table of the bank's app manual (4.3 エラー表示一覧), spelled out as the
 * manual lists them: set-up, renewal, password correction and the others.
 */
const manualCodes = [
  // 初期設定／トークン追加
  "A911", "A916", "S0A1", "S0B1", "S0C1", "S0B4", "S0B5", "S0G1",
  "A000", "A001", "A002", "A006", "A007", "A008", "A009", "A010",
  "S0C4", "S0F1",
  // 有効期限の更新
  "A300", "A301", "A302", "A303", "A306", "A307", "A308", "A309", "A310",
  "S3B3", "S3B5", "S3E4", "S3D3", "S3D4",
  // パスワード補正
  "A400", "A401", "A403", "S4E3",
  // その他
  "A914", "A9EX", "A998", "A999",
];

describe("the app error catalogue", () => {
  it("explains every code of the app manual's error table", () => {
    const missing = manualCodes.filter((code) => !lookupAppError(code));
    expect(missing).toEqual([]);
    for (const code of manualCodes) expect(knownAppErrorCodes()).toContain(code);
  });

  it("offers the desk's fix the manual and the desk rules call for", () => {
    const offer = (code: string) => {
      const found = lookupAppError(code);
      return found && { offer: found.entry.offer, otherwise: found.entry.otherwise ?? null };
    };
    expect(offer("S0C4")).toEqual({ offer: "reset_activation", otherwise: null });
    expect(lookupAppError("S0C1")?.entry).toMatchObject({ offer: "reset_activation", offerWhenRepeated: true });
    for (const code of ["A911", "S0G1", "S0A1", "S0B1", "A916", "S3D3", "S3D4", "A9EX", "A999", "A000", "A310", "A403"]) expect(offer(code)?.offer).toBeNull();
    for (const code of ["S0B4", "A998", "A914"]) expect(offer(code)?.offer).toBe("replace");
    for (const code of ["S0B5", "S3B5"]) expect(offer(code)?.offer).toBe("resume");
    for (const code of ["S0F1", "S3E4"]) expect(offer(code)?.offer).toBe("resync");
    expect(offer("S3B3")?.offer).toBe("reset_activation");
    expect(offer("S4E3")).toEqual({ offer: "renew", otherwise: "issue" });
    expect(offer(NO_CODE)).toEqual({ offer: "resync", otherwise: "replace" });
  });

  it("reads the network codes as ranges, and nothing past their ends", () => {
    for (const code of ["A003", "A005", "A304", "A305", "A402"]) expect(lookupAppError(code)?.entry.key).toBe("network");
    for (const code of ["A011", "A299", "A311", "A404", "A0100"]) expect(lookupAppError(code)).toBeNull();
  });

  it("takes a code as an operator types it, and says nothing for an unknown or empty one", () => {
    for (const typed of ["s0c4", " S0C4 ", "Ｓ０Ｃ４", "S0-C4"]) expect(lookupAppError(typed)).toMatchObject({ code: "S0C4", entry: { key: "activationLocked" } });
    expect(lookupAppError("なし")?.entry.key).toBe("otpRejected");
    expect(lookupAppError("ZZZZ")).toBeNull();
    expect(lookupAppError("   ")).toBeNull();
  });

  it("has its words in Japanese and English for every entry, and no code in two entries", () => {
    const keys = new Set(appErrors.map((e) => e.key));
    expect([...keys, "otpRejected"].sort()).toEqual([...appErrorKeys].sort());
    for (const locale of ["ja", "en"] as const) {
      for (const key of appErrorKeys) {
        for (const part of ["title", "say", "check"]) expect(lookup(catalogues[locale], `triage.codes.${key}.${part}`), `${locale} ${key}.${part}`).toMatch(/\S/);
      }
    }
    const codes = appErrors.flatMap((e) => e.codes);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
