/** Keys whose values must never be stored in an audit event, whatever an action passes. */
const SECRET_KEY = /(password|passcode|secret|seed|cookie|session.?token|api.?key)|(otp\d?|code)$|hash$/i;
/** Names that end like a secret but hold a classification, not a credential. */
const SAFE_KEY = /^(error|reason|result|branch|postal)Code$/;

export const REDACTED = "[REDACTED]";

/** Belt and braces: actions choose what to record; this strips anything secret-looking they missed. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) && !SAFE_KEY.test(k) ? REDACTED : redactSecrets(v)]),
    ) as T;
  }
  return value;
}

/** 090-****-5678 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 8) return "****";
  return `${digits.slice(0, 3)}-****-${digits.slice(-4)}`;
}

/** t***@example.jp */
export function maskEmail(address: string): string {
  const at = address.indexOf("@");
  if (at < 1) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
