import Papa from "papaparse";

/**
 * CSV for Excel in Japan, written by papaparse: UTF-8 with a BOM (so kanji open correctly), CRLF
 * line ends (RFC 4180), quoted where needed, and text cells a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start) prefixed with an apostrophe. papaparse writes about twice as
 * many rows a second as csv-stringify, which decides whether a large audit export keeps up with
 * the database.
 */
export const CSV_BOM = "\uFEFF";

/**
 * The formula test on the whole value: papaparse's own default (`^[=+\-@\t\r].*$`) misses a
 * formula followed by a line break, because `.` stops at the break and `$` is the end of the value.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | null | undefined;

/** Rows as CSV lines, each ending in CRLF (or `newline`); no rows, no text. */
export function csvLines(rows: CsvCell[][], newline = "\r\n"): string {
  if (!rows.length) return "";
  return `${Papa.unparse(rows, { escapeFormulae: FORMULA_START, newline, header: false })}${newline}`;
}

/** A whole table with its header, BOM first. */
export function csvTable(header: string[], rows: CsvCell[][]): string {
  return `${CSV_BOM}${csvLines([header, ...rows])}`;
}

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** Takes one whole line: the buffer, where the line starts and ends, where its last field starts. */
export type LineHandler = (buffer: Buffer, start: number, lastField: number, end: number) => void;
/** Text in, text out, chunk by chunk; `end` gives what the last, unfinished line became. */
export interface ChunkRewriter {
  write(chunk: Buffer): Buffer;
  end(): Buffer;
}

/**
 * The lines of CSV text arriving in chunks, as PostgreSQL's COPY writes it: LF line ends, and a
 * line break or delimiter inside a quoted cell part of the cell (COPY may be told another quote and
 * delimiter, as the JSON Lines export does). For each whole line, `line` is given the buffer, where
 * the line starts and ends (before its LF) and where its last field starts. A line cut by a chunk's
 * end is kept until the rest arrives.
 */
export class CsvLineReader {
  private rest: Buffer | null = null;

  constructor(
    private readonly line: LineHandler,
    private readonly marks: { quote: number; delimiter: number } = { quote: QUOTE, delimiter: COMMA },
  ) {}

  write(chunk: Buffer): void {
    const buffer = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    let lastField = 0;
    let at = 0;
    let quoted = false;
    // The next quote, delimiter and line feed at or after `at`; -1 when the buffer has none left.
    const { quote: quoteMark, delimiter } = this.marks;
    let quote = buffer.indexOf(quoteMark);
    let comma = buffer.indexOf(delimiter);
    let lf = buffer.indexOf(LF);
    for (;;) {
      if (quote >= 0 && quote < at) quote = buffer.indexOf(quoteMark, at);
      if (quoted) {
        if (quote < 0) break;
        quoted = false;
        at = quote + 1;
        continue;
      }
      if (lf >= 0 && lf < at) lf = buffer.indexOf(LF, at);
      if (lf < 0) break;
      if (comma >= 0 && comma < at) comma = buffer.indexOf(delimiter, at);
      if (quote >= 0 && quote < lf && (comma < 0 || quote < comma)) {
        quoted = true;
        at = quote + 1;
      } else if (comma >= 0 && comma < lf) {
        lastField = at = comma + 1;
      } else {
        this.line(buffer, start, lastField, lf);
        start = lastField = at = lf + 1;
      }
    }
    this.rest = start < buffer.length ? buffer.subarray(start) : null;
  }

  /** The last line, when the text did not end with a line break. */
  end(): void {
    if (this.rest) this.write(Buffer.from([LF]));
  }
}

/**
 * CSV text read line by line as it arrives and written anew: `line` takes each whole line, `take`
 * gives what the lines read so far became.
 */
export function csvLineRewriter(line: LineHandler, take: () => Buffer, marks?: { quote: number; delimiter: number }): ChunkRewriter {
  const reader = new CsvLineReader(line, marks);
  return {
    write(chunk) {
      reader.write(chunk);
      return take();
    },
    end() {
      reader.end();
      return take();
    },
  };
}

const CRLF = Buffer.from("\r\n");

/**
 * COPY's CSV with CRLF line ends, as papaparse writes them and as RFC 4180 asks; a line break
 * inside a quoted cell stays as the cell had it.
 */
export function crlfLineEnds(): ChunkRewriter {
  let parts: Buffer[] = [];
  return csvLineRewriter(
    (buffer, start, _, end) => parts.push(buffer.subarray(start, end), CRLF),
    () => {
      const out = Buffer.concat(parts);
      parts = [];
      return out;
    },
  );
}
