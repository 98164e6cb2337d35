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

/**
 * Detail keys that hold personal data about a customer or a caller (a call memo is free text and
 * may name anyone): masked wherever the explorer shows or exports an event, revealable one value
 * at a time by an auditor who gives a reason (the audit.reveal action).
 */
const PERSONAL_DETAIL_KEY = /^(memo|phone|email|recipient|address|subject|body)$/i;
/**
 * Which identity facts a caller verification matched and failed: masked like personal data, so
 * no desk role (a supervisor exploring the log, a staff member's own history) learns which answer
 * was wrong — a caller told that changes just that one and tries again. Auditors reveal them.
 */
const VERIFICATION_FACT_KEY = /^(matched|failed)$/;

export function isPersonalDetailKey(key: string): boolean {
  return PERSONAL_DETAIL_KEY.test(key) || VERIFICATION_FACT_KEY.test(key);
}

/** A staff member's own event as their history shows it: the call memo is theirs, which facts failed is not. */
export function maskVerificationFacts(details: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key in details) {
    if (VERIFICATION_FACT_KEY.test(key) && details[key] !== null && details[key] !== undefined) (out ??= { ...details })[key] = "••••";
  }
  return out ?? details;
}

/** 192.0.2.*, 2001:db8:*: the network stays readable, the host does not. */
export function maskIp(ip: string): string {
  const colon = ip.indexOf(":");
  if (colon >= 0) {
    const second = ip.indexOf(":", colon + 1);
    return `${second < 0 ? ip : ip.slice(0, second)}:*`;
  }
  // Four dotted parts: keep the first three (an export masks a million of these, so no splitting).
  const last = ip.lastIndexOf(".");
  let dots = 0;
  for (let i = ip.indexOf("."); i >= 0; i = ip.indexOf(".", i + 1)) dots++;
  return dots === 3 ? `${ip.slice(0, last)}.*` : "*";
}

/** Free text: only its length shows. */
export function maskText(value: string): string {
  return `•••• (${[...value].length})`;
}

function maskPersonal(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value === null || value === undefined ? value : "••••";
  if (/phone/i.test(key)) return maskPhone(value);
  if (/email|recipient/i.test(key)) return maskEmail(value);
  return maskText(value);
}

/** A value with every personal value under it masked; copy-on-write, so what holds nothing personal comes back as it is. */
function masked(value: unknown, key: string): unknown {
  if (isPersonalDetailKey(key)) return maskPersonal(key, value);
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const m = masked(v, "");
      if (m !== v) (out ??= [...value])[i] = m;
    }
    return out ?? value;
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    let out: Record<string, unknown> | null = null;
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      const m = masked(v, k);
      if (m !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = m;
    }
    return out ?? value;
  }
  return value;
}

/** An event's details with every personal value masked (nested records and lists included). */
export function maskAuditDetails(details: Record<string, unknown>): Record<string, unknown> {
  // Most events hold nothing personal and come back as they are: an export masks a million.
  return masked(details, "") as Record<string, unknown>;
}

/** The masked fields of one event an auditor may reveal: "ip", "userAgent", "details.<path>". */
export function revealableFields(event: { ip: string | null; userAgent: string | null; details: Record<string, unknown> }): string[] {
  const out: string[] = [];
  if (event.ip) out.push("ip");
  if (event.userAgent) out.push("userAgent");
  const walk = (value: unknown, path: string) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (isPersonalDetailKey(k) && v !== null && v !== undefined) out.push(`details.${p}`);
      else walk(v, p);
    }
  };
  walk(event.details, "");
  return out;
}

/** The unmasked value of one revealable field, or null when the event has no such field. */
export function revealValue(event: { ip: string | null; userAgent: string | null; details: Record<string, unknown> }, field: string): string | null {
  if (!revealableFields(event).includes(field)) return null;
  if (field === "ip") return event.ip;
  if (field === "userAgent") return event.userAgent;
  let node: unknown = event.details;
  for (const part of field.slice("details.".length).split(".")) node = (node as Record<string, unknown>)[part];
  return typeof node === "string" ? node : JSON.stringify(node);
}
