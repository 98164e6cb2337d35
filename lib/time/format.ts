const jstFormat = (digits: "2-digit" | "numeric") =>
  new Intl.DateTimeFormat("ja-JP", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: digits,
    day: digits,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
const padded = jstFormat("2-digit");
const unpadded = jstFormat("numeric");

/**
 * The Japan-time fields of a moment (year, month, day, hour, minute), whatever the server's zone.
 * Month and day are zero-padded for the desk's 2026/01/05; a letter writes 2026年1月5日.
 */
export function jstParts(d: Date, pad = true): Record<string, string> {
  return Object.fromEntries((pad ? padded : unpadded).formatToParts(d).map((p) => [p.type, p.value]));
}

/** 2026/11/22 14:05 in Japan time, whatever the server's zone — the desk's one date format. */
export function formatJst(value: Date | string | null | undefined): string {
  if (value == null) return "—";
  const p = jstParts(new Date(value));
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}

/** 2026/11/22 in Japan time. Plain dates ("1985-04-12") are shown as they are. */
export function formatJstDate(value: Date | string | null | undefined): string {
  if (value == null) return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.replaceAll("-", "/");
  const p = jstParts(new Date(value));
  return `${p.year}/${p.month}/${p.day}`;
}

/**
 * 2026/11/22 14:05:09 in Japan time: the export's timestamps, to the second. Japan has no summer
 * time, so this is plain arithmetic (Intl's formatToParts costs more than the rest of an export row).
 */
export function formatJstSeconds(value: Date | string | null | undefined): string {
  if (value == null) return "—";
  const iso = new Date(new Date(value).getTime() + 9 * 3_600_000).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}
