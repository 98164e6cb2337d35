import { stringify } from "csv-stringify/sync";

/** Cells a spreadsheet would run as a formula (CSV injection): =, +, -, @, tab, CR at the start. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that would start a formula gets a leading apostrophe; numbers stay numbers. */
export function neutraliseCell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A report table as CSV for Excel in Japan: UTF-8 with a BOM (so kanji open correctly), CRLF
 * line ends (RFC 4180), quoted where needed by csv-stringify, formula cells neutralised.
 */
export function reportCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return `\uFEFF${stringify([header.map(neutraliseCell), ...rows.map((row) => row.map(neutraliseCell))], { record_delimiter: "\r\n" })}`;
}
