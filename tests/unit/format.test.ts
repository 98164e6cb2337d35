import { describe, it, expect } from "vitest";
import { formatJst, formatJstDate } from "@/lib/time/format";

describe("formatJst", () => {
  it("shows UTC instants in Japan time (UTC+9)", () => {
    expect(formatJst(new Date("2026-11-22T05:05:00Z"))).toBe("2026/11/22 14:05");
  });

  it("accepts ISO strings, with or without an offset", () => {
    expect(formatJst("2026-11-22T05:05:00Z")).toBe("2026/11/22 14:05");
    expect(formatJst("2026-11-22T14:05:00+09:00")).toBe("2026/11/22 14:05");
  });

  it("rolls over to the next day at 15:00 UTC (midnight JST)", () => {
    expect(formatJst(new Date("2026-11-22T14:59:00Z"))).toBe("2026/11/22 23:59");
    expect(formatJst(new Date("2026-11-22T15:00:00Z"))).toBe("2026/11/23 00:00");
    expect(formatJst(new Date("2026-11-22T15:01:00Z"))).toBe("2026/11/23 00:01");
  });

  it("crosses month and year boundaries", () => {
    expect(formatJst(new Date("2026-12-31T15:00:00Z"))).toBe("2027/01/01 00:00");
    expect(formatJst(new Date("2026-02-28T16:30:00Z"))).toBe("2026/03/01 01:30");
  });

  it("pads month, day, hour and minute to two digits and drops seconds", () => {
    expect(formatJst(new Date("2026-01-01T00:01:59Z"))).toBe("2026/01/01 09:01");
  });

  it("shows an em dash for missing values", () => {
    expect(formatJst(null)).toBe("—");
    expect(formatJst(undefined)).toBe("—");
  });
});

describe("formatJstDate", () => {
  it("shows a plain date as it is, whatever the server's zone", () => {
    expect(formatJstDate("1985-04-12")).toBe("1985/04/12");
    expect(formatJstDate("2000-01-01")).toBe("2000/01/01");
  });

  it("shows an instant's date in Japan time", () => {
    expect(formatJstDate(new Date("2026-11-22T05:05:00Z"))).toBe("2026/11/22");
    expect(formatJstDate(new Date("2026-11-22T14:59:59Z"))).toBe("2026/11/22");
    expect(formatJstDate(new Date("2026-11-22T15:00:00Z"))).toBe("2026/11/23");
    expect(formatJstDate("2026-12-31T20:00:00Z")).toBe("2027/01/01");
  });

  it("shows an em dash for missing values", () => {
    expect(formatJstDate(null)).toBe("—");
    expect(formatJstDate(undefined)).toBe("—");
  });
});
