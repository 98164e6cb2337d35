/**
 * Deterministic JSON: object keys sorted, no whitespace, Dates as ISO-8601 UTC with milliseconds,
 * undefined dropped. The audit hash is computed over this, so it must never change shape.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error("Non-finite number in audit data");
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  return JSON.stringify(value);
}
