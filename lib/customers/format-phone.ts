/**
 * Japanese phone numbers in the grouping people read aloud and write down: 090-1234-5678,
 * 03-1234-5678, 045-123-4567, 0120-123-456. Records hold digits only; this is for display.
 * Anything that is not a plain domestic number (a masked value, a foreign number) is shown as it is.
 */

/** Area codes of two digits (Tokyo, Osaka); other ten-digit landlines are grouped 3-3-4. */
const TWO_DIGIT_AREAS = new Set(["03", "06"]);
/** Toll-free and navigation dial numbers: 0120-123-456, 0570-123-456, 0800-123-4567. */
const FOUR_DIGIT_PREFIXES = new Set(["0120", "0570", "0800", "0990"]);

export function formatPhoneJp(value: string | null | undefined): string {
  if (value == null || value === "") return "—";
  if (!/^0\d{9,10}$/.test(value)) return value;
  const d = value;
  const prefix4 = d.slice(0, 4);
  if (FOUR_DIGIT_PREFIXES.has(prefix4)) return `${prefix4}-${d.slice(4, 7)}-${d.slice(7)}`;
  if (d.length === 11) return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`; // 090 / 080 / 070 / 050
  if (TWO_DIGIT_AREAS.has(d.slice(0, 2))) return `${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}`;
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}
