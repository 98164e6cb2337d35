const dateTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parts(d: Date): Record<string, string> {
  return Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]));
}

/** 2026/11/22 14:05 in Japan time, whatever the server's zone — the desk's one date format. */
export function formatJst(value: Date | string | null | undefined): string {
  if (value == null) return "—";
  const p = parts(new Date(value));
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}

/** 2026/11/22 in Japan time. Plain dates ("1985-04-12") are shown as they are. */
export function formatJstDate(value: Date | string | null | undefined): string {
  if (value == null) return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.replaceAll("-", "/");
  const p = parts(new Date(value));
  return `${p.year}/${p.month}/${p.day}`;
}
