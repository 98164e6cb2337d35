/** One recorded fact of an event, as the viewer shows it: a dotted path and a plain value. */
export interface DetailField {
  /** e.g. "after.role"; each segment is labelled from the catalogue's audit.fields. */
  path: string;
  value: string;
}

/**
 * An event's (already masked) details as labelled fields, never as JSON: nested objects become
 * dotted paths, lists are joined, and a list of records shows each record's fields in turn.
 */
export function detailFields(details: Record<string, unknown>, prefix = ""): DetailField[] {
  return Object.entries(details).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return detailFields(value as Record<string, unknown>, path);
    return [{ path, value: plain(value) }];
  });
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map((v) => (v !== null && typeof v === "object" ? record(v as Record<string, unknown>) : plain(v))).join(", ");
  return String(value);
}

/**
 * The same fields as one line of "path=value" joined by `separator` — what an export writes in
 * its details cell — built directly, since an export does this a million times; `omit` leaves out
 * one top-level field (the call memo, which an export writes in a column of its own).
 */
export function detailText(details: Record<string, unknown>, separator = "; ", omit?: string): string {
  let out = "";
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const key in value) {
      if (!prefix && key === omit) continue;
      const v = value[key];
      const path = prefix ? `${prefix}.${key}` : key;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) walk(v as Record<string, unknown>, path);
      else out += `${out ? separator : ""}${path}=${plain(v)}`;
    }
  };
  walk(details, "");
  return out;
}

/** A record inside a list, e.g. one claimed notice: "noticeId=… kind=…". */
function record(value: Record<string, unknown>): string {
  return detailText(value, " ");
}
