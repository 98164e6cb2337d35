import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLines, csvTable } from "@/lib/csv";

describe("CSV for spreadsheets", () => {
  it("starts with a BOM, ends lines in CRLF and reads back cell for cell", () => {
    const rows = [["普通", 1], ['引用符 "あり"', 2], ["改行\nあり", 3], ["カンマ,あり", null], [" 前後に空白 ", 0]];
    const csv = csvTable(["日付", "件数"], rows);
    expect(csv.startsWith("\uFEFF日付,件数\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const back = parse(csv, { bom: true }) as string[][];
    expect(back).toEqual([["日付", "件数"], ...rows.map(([text, n]) => [text, n === null ? "" : String(n)])]);
  });

  it("neutralises every cell a spreadsheet would run as a formula, even one that goes on after a line break", () => {
    const cells = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=1+1\n=2+2"];
    const back = parse(csvLines(cells.map((c) => [c, -5])), {}) as string[][];
    expect(back.map((r) => r[0])).toEqual(cells.map((c) => `'${c}`));
    // Numbers are numbers, not formulas: a negative count stays a number.
    expect(back.every((r) => r[1] === "-5")).toBe(true);
  });

  it("writes nothing for no rows", () => {
    expect(csvLines([])).toBe("");
  });
});
