import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { CsvLineReader, crlfLineEnds, csvLines, csvTable } from "@/lib/csv";

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

/** The same bytes in chunks of 1 to 9 bytes, differently cut on every run. */
function* chunked(bytes: Buffer, runs: number): Generator<Buffer[]> {
  let seed = 3;
  for (let run = 0; run < runs; run++) {
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const size = 1 + (seed % 9);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    yield chunks;
  }
}

const tricky = [["a", 'b "q"\nc'], ["改行\r\nCRLF", "x"], ["", '""'], ["last", "\n"], ['{"k": "v, w"}', ",,"], ["one", "two"]];

describe("CSV as COPY writes it, read in chunks", () => {
  it("gets CRLF between rows however the bytes arrive, and keeps line breaks inside quoted cells", () => {
    const lf = Buffer.from(`${Papa.unparse(tricky, { newline: "\n" })}\n`);
    const crlf = `${Papa.unparse(tricky, { newline: "\r\n" })}\r\n`;
    for (const chunks of chunked(lf, 200)) {
      const convert = crlfLineEnds();
      expect(Buffer.concat([...chunks.map((c) => convert.write(c)), convert.end()]).toString()).toBe(crlf);
    }
  });

  it("finds each line and its last field, and a last line without a line break", () => {
    const text = Buffer.from(Papa.unparse(tricky, { newline: "\n" }));
    for (const chunks of chunked(text, 200)) {
      const lines: Array<[string, string]> = [];
      const reader = new CsvLineReader((buffer, start, lastField, end) => lines.push([buffer.toString("utf8", start, end), buffer.toString("utf8", lastField, end)]));
      for (const chunk of chunks) reader.write(chunk);
      reader.end();
      expect(lines.map(([line]) => Papa.parse<string[]>(line).data[0])).toEqual(tricky);
      expect(lines.map(([, last]) => Papa.parse<string[]>(last).data[0]![0])).toEqual(tricky.map((row) => row[1]));
    }
  });
});
