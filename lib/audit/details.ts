import type { MessageKey, Translate } from "@/lib/i18n/translate";
import { formatJst, formatJstDate } from "@/lib/time/format";
import { auditEventTypes, type AuditDetails, type AuditEventType, type RefusalDetails } from "./vocabulary";

/**
 * Reading an event's details as an auditor reads them. Every detail key of every event type has a
 * kind here — how its value is said (a word from the catalogue, a JST time, a staff member's name,
 * a serial with its link) — in a table keyed by event type and typed against the vocabulary
 * (lib/audit/vocabulary.ts): a key added, renamed or dropped there without this table fails to
 * compile, and tests/fixtures/db.ts reads every event an integration test wrote through
 * `unknownDetailKeys`, so an action writing a key the vocabulary lacks fails its tests. Labels
 * come from the catalogue's `audit.fields`, value words from the dictionaries below. Keys no
 * table knows (an old event's retired keys) still show, labelled as "other".
 */

/** Catalogue sections whose keys are a vocabulary's values: `{ words: "tokenStatus" }` says a status. */
export const valueWords = {
  tokenStatus: "customers.tokenStatus",
  verificationMethod: "verification.methods",
  verificationFact: "verification.facts",
  document: "verification.documents",
  delivery: "replacement.deliveries",
  replaceReason: "customers.revokeReasons",
  riskFlag: "replacement.risk",
  approvalKind: "approvals.kinds",
  noticeKind: "notices.kinds",
  noticeChannel: "notices.channels",
  noticeStatus: "notices.statuses",
  searchKind: "customers.search.kinds",
  role: "roles",
  permission: "permissions",
  action: "actions",
  why: "tokenActions.why",
  outcome: "audit.outcomes",
  explorerOutcome: "auditExplorer.outcomes",
  explorerChannel: "auditExplorer.channels",
  column: "auditExplorer.columns",
  stage: "auditDetails.stages",
  errorCode: "auditDetails.errorCodes",
  result: "auditDetails.results",
  reason: "auditDetails.reasons",
  replaceOutcome: "auditDetails.replaceOutcomes",
  assurance: "auditDetails.assurances",
  format: "auditDetails.formats",
  chainProblem: "audit.problems",
} as const;
export type Dictionary = keyof typeof valueWords;

/**
 * How one value is said. text: as recorded (a contract ID, a user ID); serial / contract: as
 * recorded, linked to the explorer's events of that token / customer; staff, client, request: a
 * name looked up by id; hidden: an internal id whose words another key holds (the serial beside a
 * token's id, the masked address beside an e-mail's id) — never shown.
 */
export type Scalar = "text" | "number" | "flag" | "time" | "date" | "serial" | "contract" | "staff" | "client" | "request" | "hidden" | "field" | { words: Dictionary };
export type Kind = Scalar | { list: Scalar } | { each: Shape } | { record: Shape };
export type Shape = { readonly [key: string]: Kind };

// The vocabulary's detail types, key by key: index signatures (free facts) have no keys of their own.
type Plain<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type KeysOf<T> = T extends unknown ? keyof Plain<T> : never;
type ValueAt<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type KindOf<V> = unknown extends V ? Kind : KnownKindOf<NonNullable<V>>;
type KnownKindOf<V> = V extends readonly (infer E)[]
    ? [E] extends [object]
      ? { each: ShapeOf<E> }
      : { list: Scalar }
    : V extends Date
      ? Scalar
      : V extends object
        ? { record: ShapeOf<V> }
        : Scalar;
/** One kind for every key of a details type, nested records and lists of records included — no more, no less. */
export type ShapeOf<T> = { [K in KeysOf<T>]-?: KindOf<ValueAt<T, K>> };

const w = (dictionary: Dictionary) => ({ words: dictionary }) as const;
const none = {} as const;
const tokenStatus = { record: { status: w("tokenStatus") } } as const;
const serviceCall = {
  serviceId: "text",
  userId: "text",
  result: w("result"),
  reason: w("reason"),
  appError: "text",
  lockedNow: "flag",
  retiredSerials: { list: "serial" },
  activationFailures: "number",
  otpFailures: "number",
  serial: "serial",
  deviceLabel: "text",
  clockOffsetSteps: "number",
  before: { record: { expiresAt: "time" } },
  after: { record: { expiresAt: "time" } },
} as const;
const verification = {
  method: w("verificationMethod"),
  result: w("result"),
  matched: { list: w("verificationFact") },
  failed: { list: w("verificationFact") },
  failures: "number",
  blocked: "flag",
  documentType: w("document"),
} as const;
const notice = { noticeId: "hidden", kind: w("noticeKind"), channel: w("noticeChannel") } as const;
const decision = { requestId: "request", kind: w("approvalKind"), requestedBy: "staff", notices: "number" } as const;
const staffChange = <S extends Shape>(fields: S) => ({ before: { record: fields }, after: { record: fields } }) as const;
const signedIn = { reason: w("reason"), sessionStartedAt: "time" } as const;

/** Every event type's details, key by key. */
export const detailShapes: { [K in AuditEventType]: K extends keyof AuditDetails ? ShapeOf<AuditDetails[K]> : Shape } = {
  "auth.sign_in": { reason: w("reason"), loginId: "text", lockedUntil: "time", failedSignIns: "number", replay: "flag" },
  "auth.sign_out": signedIn,
  "auth.session_ended": signedIn,
  "auth.locked": { failedSignIns: "number", lockedUntil: "time" },
  "auth.mfa_enrolment_started": { reason: w("reason"), failedSignIns: "number" },
  "auth.mfa_enrolled": none,
  "staff.create": { after: { record: { loginId: "text", displayName: "text", role: w("role"), isDemo: "flag" } } },
  "staff.change_role": { ...staffChange({ role: w("role") }), endedSessions: "number" },
  "staff.disable": { ...staffChange({ disabled: "flag" }), endedSessions: "number" },
  "staff.enable": staffChange({ disabled: "flag" }),
  "staff.unlock": staffChange({ failedSignIns: "number", lockedUntil: "time" }),
  "staff.reset_mfa": { ...staffChange({ mfaEnrolled: "flag" }), endedSessions: "number" },
  "demo.import_customer": { contractId: "contract", emails: "number", tokens: { each: { serial: "serial", status: w("tokenStatus") } } },
  "customer.view": { verified: "flag" },
  "verification.phone": verification,
  "verification.in_person": verification,
  "verification.clear_block": staffChange({ blockedAt: "time" }),
  "token.issue": {
    serviceId: "text",
    userId: "text",
    serial: "serial",
    activationDeadline: "time",
    expiresAt: "time",
    status: w("tokenStatus"),
    delivery: w("delivery"),
    notices: "number",
    replacedTokenId: "hidden",
    replacedSerial: "serial",
    replaceReason: w("replaceReason"),
  },
  "token.replace": {
    serial: "serial",
    notices: "number",
    before: tokenStatus,
    after: tokenStatus,
    replaceReason: w("replaceReason"),
    riskFlags: { list: w("riskFlag") },
    outcome: w("replaceOutcome"),
    newTokenId: "hidden",
    newSerial: "serial",
    delivery: w("delivery"),
    requestId: "request",
    expiresAt: "time",
  },
  "token.exchange": {
    serial: "serial",
    notices: "number",
    before: { record: { status: w("tokenStatus"), otpFailures: "number" } },
    after: { record: { status: w("tokenStatus"), otpFailures: "number" } },
    result: w("result"),
    reason: w("reason"),
    newTokenId: "hidden",
    newSerial: "serial",
    delivery: w("delivery"),
  },
  "token.emergency_code": { requestId: "request", expiresAt: "time", riskFlags: { list: w("riskFlag") } },
  "approval.approve": { ...decision, serial: "serial", newTokenId: "hidden", newSerial: "serial", delivery: w("delivery"), codeExpiresAt: "time" },
  "approval.reject": decision,
  "token_service.verify_emergency": serviceCall,
  "token.unlock": { serial: "serial", notices: "number", before: { record: { status: w("tokenStatus"), otpFailures: "number" } }, after: { record: { status: w("tokenStatus"), otpFailures: "number" } } },
  "token.resync": {
    serial: "serial",
    notices: "number",
    before: { record: { status: w("tokenStatus"), clockOffsetSteps: "number", otpFailures: "number" } },
    after: { record: { status: w("tokenStatus"), clockOffsetSteps: "number", otpFailures: "number" } },
    result: w("result"),
    reason: w("reason"),
    lockedNow: "flag",
  },
  "token.suspend": { serial: "serial", notices: "number", before: tokenStatus, after: tokenStatus },
  "token.resume": { serial: "serial", notices: "number", before: tokenStatus, after: tokenStatus },
  "token.cancel": { serial: "serial", notices: "number", before: tokenStatus, after: tokenStatus, newTokenFrom: "time", withdrawnRequestId: "request" },
  "email.add": { emailId: "hidden", maskedAddress: "text", confirmBy: "time", notices: "number" },
  "email.delete": { emailId: "hidden", maskedAddress: "text", remaining: "number", notices: "number" },
  "token.reset_activation": {
    serial: "serial",
    notices: "number",
    before: { record: { status: w("tokenStatus"), activationFailures: "number" } },
    after: { record: { status: w("tokenStatus"), activationFailures: "number" } },
    delivery: w("delivery"),
    activationDeadline: "time",
  },
  "token.renew": { serial: "serial", notices: "number", before: { record: { expiresAt: "time" } }, after: { record: { expiresAt: "time" } } },
  "api_client.create": { clientId: "hidden", name: "text", keyPrefix: "text", rateLimitPerMinute: "number" },
  "api_client.revoke": { clientId: "hidden", name: "text", keyPrefix: "text" },
  "token_service.activate": serviceCall,
  "token_service.verify": serviceCall,
  "token_service.resync": serviceCall,
  "token_service.renew": serviceCall,
  "token_service.confirm_email": { result: w("result"), reason: w("reason"), emailId: "hidden", maskedAddress: "text", failures: "number", lockedNow: "flag" },
  "notice.claim": { claimed: { each: { ...notice, attempt: "number" } }, stuck: { list: "hidden" } },
  "notice.mark_sent": { ...notice, attempt: "number", result: w("noticeStatus") },
  "notice.mark_failed": { ...notice, attempt: "number", result: w("noticeStatus"), errorCode: "text" },
  "demo.mailbox_receive": notice,
  "customer.search": { kind: w("searchKind"), hits: "number" },
  "staff.list": none,
  "desk.home": none,
  "audit.verify_start": { runId: "hidden", total: "number", interrupted: { list: "hidden" } },
  "audit.verify_finish": {
    runId: "hidden",
    result: w("result"),
    checked: "number",
    lastSeq: "number",
    firstBadSeq: "number",
    problem: w("chainProblem"),
    checkpoints: "number",
    pending: "number",
    errorId: "text",
  },
  "audit.review_events": { reviewId: "hidden", events: "number", eventIds: { list: "number" } },
  "audit.review_day": { reviewId: "hidden", day: "date", action: w("action"), outcome: w("outcome"), highRiskOnly: "flag", events: "number", skippedOwn: "number", expectedEvents: "number" },
  "audit.integrity": none,
  "audit.verification_run": none,
  "audit.reviews": none,
  "audit.overdue_reviews": none,
  "audit.report": { from: "date", to: "date" },
  "audit.reveal": { eventId: "number", field: "field" },
  "audit.explore": none,
  "audit.event": none,
  "approval.queue": { hits: "number" },
  "approval.inbox": none,
  "demo.mailbox": none,
  "demo.mailbox_letter": none,
  "notice.stuck": none,
  "audit.export": {
    filter: {
      record: {
        from: "date",
        to: "date",
        staff: "staff",
        role: w("role"),
        action: w("action"),
        outcome: w("explorerOutcome"),
        contract: "contract",
        serial: "serial",
        channel: w("explorerChannel"),
        client: "client",
        text: "flag",
      },
    },
    columns: { list: w("column") },
    format: w("format"),
    rows: "number",
  },
  // Retired: their events keep whatever they recorded, shown as "other" facts.
  "audit.verify": none,
  "audit.list": none,
};

/** What the pipeline records on any refusal, beside the event's own facts. */
export const refusalShape: ShapeOf<RefusalDetails> = {
  stage: w("stage"),
  permission: w("permission"),
  fields: { list: "field" },
  required: w("assurance"),
  errorCode: w("errorCode"),
  errorId: "text",
  sqlState: "text",
  clientRequestId: "text",
  blocked: "flag",
  live: "number",
  repeated: "flag",
  why: w("why"),
  status: w("tokenStatus"),
  newTokenFrom: "time",
};

/** On any event: the staff member's call memo (masked wherever the log is read) and the caller's own request id. */
const notesShape: Shape = { memo: "text", clientRequestId: "text" };

/** The keys an event of this type and outcome may hold, with their kinds. */
export function shapeOf(action: string, outcome: string): Shape {
  const own: Shape = action in auditEventTypes ? detailShapes[action as AuditEventType] : {};
  return outcome === "success" ? { ...notesShape, ...own } : { ...notesShape, ...refusalShape, ...own };
}

// ---------------------------------------------------------------------------------------------
// The read details: locale-free values, said in words by `sayValue` with the reader's translator.

/** One value, ready to be said in either language. */
export type Said =
  | { text: string }
  | { word: string; fallback: string }
  | { time: string }
  | { date: string }
  | { flag: boolean }
  | { list: Said[] }
  | { fields: DetailField[] }
  | { request: { kind: string; at: string } | null }
  | { staff: string | null };

export interface DetailField {
  /** The keys from the top of the details, e.g. ["after", "role"]. */
  path: string[];
  /** False for a key no shape knows (an old event's retired key): labelled as "other". */
  known: boolean;
  value: Said;
  /** Where the value leads in the auditor's workspace: the token's or customer's events, the request's event, the staff member's events. */
  href?: string;
}

/** Names for the ids details hold, resolved before reading (see `detailRefs`). */
export interface DetailNames {
  staffName(id: string): string | null;
  clientName(id: string): string | null;
  request(id: string): { kind: string; createdAt: string; eventId?: number | null } | null;
}
export const noNames: DetailNames = { staffName: () => null, clientName: () => null, request: () => null };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
/** A value maskAuditDetails replaced (personal data, which facts a verification failed): said as masked. */
const isMasked = (v: unknown) => typeof v === "string" && v.startsWith("••••");

function sayScalar(kind: Scalar, v: unknown, names: DetailNames): { value: Said; href?: string } {
  if (v === null || v === undefined) return { value: { text: "—" } };
  if (isMasked(v)) return { value: { text: String(v) } };
  if (typeof kind === "object") return { value: { word: `${valueWords[kind.words]}.${String(v)}`, fallback: String(v) } };
  switch (kind) {
    case "flag":
      return { value: typeof v === "boolean" ? { flag: v } : { text: String(v) } };
    case "time":
      return { value: typeof v === "string" || v instanceof Date || typeof v === "number" ? { time: new Date(v).toISOString() } : { text: String(v) } };
    case "date":
      return { value: { date: String(v) } };
    case "serial":
      return { value: { text: String(v) }, href: `/audit?serial=${encodeURIComponent(String(v))}` };
    case "contract":
      return { value: { text: String(v) }, href: `/audit?contract=${encodeURIComponent(String(v))}` };
    case "staff":
      return { value: { staff: names.staffName(String(v)) }, href: `/audit?staff=${encodeURIComponent(String(v))}` };
    case "client": {
      const name = names.clientName(String(v));
      return { value: name ? { text: name } : { word: "auditDetails.unknownClient", fallback: "—" }, href: `/audit?client=${encodeURIComponent(String(v))}` };
    }
    case "request": {
      const r = names.request(String(v));
      return { value: { request: r ? { kind: r.kind, at: r.createdAt } : null }, ...(r?.eventId ? { href: `/audit/events/${r.eventId}` } : {}) };
    }
    case "field":
      return { value: { word: String(v).startsWith("details.") ? `audit.fields.${String(v).slice(8)}` : `audit.fields.${String(v)}`, fallback: String(v) } };
    default:
      return { value: { text: typeof v === "object" ? JSON.stringify(v) : String(v) } };
  }
}

/** A value no shape describes, said as plainly as it can be: nested records as fields, lists joined. */
function sayUnknown(v: unknown, path: string[]): DetailField[] {
  if (isRecord(v)) return Object.entries(v).flatMap(([k, x]) => sayUnknown(x, [...path, k]));
  return [{ path, known: false, value: plainValue(v) }];
}
function plainValue(v: unknown): Said {
  if (v === null || v === undefined) return { text: "—" };
  if (typeof v === "boolean") return { flag: v };
  if (Array.isArray(v)) return { list: v.map((x) => (isRecord(x) ? { fields: sayUnknown(x, []).map((f) => ({ ...f, path: f.path })) } : plainValue(x))) };
  if (isRecord(v)) return { fields: sayUnknown(v, []) };
  return { text: String(v) };
}

function readWith(shape: Shape, details: Record<string, unknown>, names: DetailNames, prefix: string[], known: boolean): DetailField[] {
  const out: DetailField[] = [];
  for (const key in details) {
    const v = details[key];
    const path = [...prefix, key];
    const kind = known ? shape[key] : undefined;
    if (!kind) {
      out.push(...sayUnknown(v, path));
      continue;
    }
    if (kind === "hidden") continue;
    if (typeof kind === "object" && "record" in kind) {
      if (isRecord(v)) out.push(...readWith(kind.record, v, names, path, true));
      else out.push({ path, known: true, value: plainValue(v) });
    } else if (typeof kind === "object" && "each" in kind) {
      const items = Array.isArray(v) ? v : [v];
      out.push({ path, known: true, value: items.length ? { list: items.map((x) => (isRecord(x) ? { fields: readWith(kind.each, x, names, [], true) } : plainValue(x))) } : { text: "—" } });
    } else if (typeof kind === "object" && "list" in kind) {
      if (kind.list === "hidden") {
        out.push({ path, known: true, value: { text: String(Array.isArray(v) ? v.length : isMasked(v) ? v : 1) } });
        continue;
      }
      if (!Array.isArray(v)) {
        out.push({ path, known: true, ...sayScalar(kind.list, v, names) });
        continue;
      }
      const said = v.map((x) => sayScalar(kind.list, x, names));
      out.push({ path, known: true, value: said.length ? { list: said.map((s) => s.value) } : { text: "—" }, ...(said.length === 1 && said[0]!.href ? { href: said[0]!.href } : {}) });
    } else {
      out.push({ path, known: true, ...sayScalar(kind as Scalar, v, names) });
    }
  }
  return out;
}

/**
 * An event's details (already masked) as labelled fields in the vocabulary's words, in the order
 * recorded; internal ids whose words another key holds are left out, unknown keys kept as "other".
 */
export function readDetails(action: string, outcome: string, details: Record<string, unknown>, names: DetailNames = noNames): DetailField[] {
  return readWith(shapeOf(action, outcome), details, names, [], true);
}

/** The paths of keys an event holds that its type's shape does not know: what a strict read refuses. */
export function unknownDetailKeys(action: string, outcome: string, details: Record<string, unknown>): string[] {
  const walk = (shape: Shape, value: Record<string, unknown>, prefix: string): string[] =>
    Object.entries(value).flatMap(([key, v]) => {
      const kind = shape[key];
      const path = prefix ? `${prefix}.${key}` : key;
      if (!kind) return [path];
      if (typeof kind === "object" && "record" in kind && isRecord(v)) return walk(kind.record, v, path);
      if (typeof kind === "object" && "each" in kind && Array.isArray(v)) return v.flatMap((x, i) => (isRecord(x) ? walk(kind.each, x, `${path}[${i}]`) : []));
      return [];
    });
  return walk(shapeOf(action, outcome), details, "");
}

/** The ids in an event's details that need a name: staff members, API clients and approval requests. */
export function detailRefs(action: string, outcome: string, details: Record<string, unknown>, into: { staff: Set<string>; clients: Set<string>; requests: Set<string> }): void {
  const walk = (shape: Shape, value: Record<string, unknown>) => {
    for (const key in value) {
      const kind = shape[key];
      const v = value[key];
      if (!kind || v === null || v === undefined) continue;
      if (typeof kind === "object" && "record" in kind) {
        if (isRecord(v)) walk(kind.record, v);
      } else if (typeof kind === "object" && "each" in kind) {
        if (Array.isArray(v)) for (const x of v) if (isRecord(x)) walk(kind.each, x);
      } else {
        const scalar = typeof kind === "object" && "list" in kind ? kind.list : kind;
        const target = scalar === "staff" ? into.staff : scalar === "client" ? into.clients : scalar === "request" ? into.requests : null;
        if (target) for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string") target.add(x);
      }
    }
  };
  walk(shapeOf(action, outcome), details);
}

// ---------------------------------------------------------------------------------------------
// Saying it: the same words on the grid, the event page, the home page, the review and the exports.

const lookup = (t: Translate, key: string, fallback: string) => {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
};

/** A field's label: each key of its path from audit.fields, joined by " › "; a key no shape knows as "other (key)". */
export function fieldLabel(field: Pick<DetailField, "path" | "known">, t: Translate): string {
  const parts = field.path.map((key) => lookup(t, `audit.fields.${key}`, ""));
  if (!field.known && parts.some((p) => !p)) return t("auditDetails.other", { key: field.path.join(".") });
  return parts.join(" › ");
}

export function sayValue(value: Said, t: Translate): string {
  if ("text" in value) return value.text;
  if ("word" in value) return lookup(t, value.word, value.fallback);
  if ("time" in value) return formatJst(value.time);
  if ("date" in value) return /^\d{4}-\d{2}-\d{2}$/.test(value.date) ? formatJstDate(value.date) : value.date;
  if ("flag" in value) return t(value.flag ? "auditDetails.yes" : "auditDetails.no");
  if ("list" in value) return value.list.map((v) => sayValue(v, t)).join(t("auditDetails.listSeparator"));
  if ("fields" in value) return value.fields.map((f) => (f.path.length ? `${fieldLabel(f, t)} ${sayValue(f.value, t)}` : sayValue(f.value, t))).join(" ");
  if ("request" in value) return value.request ? t("auditDetails.request", { kind: lookup(t, `approvals.kinds.${value.request.kind}`, value.request.kind), at: formatJst(value.request.at) }) : t("auditDetails.unknownRequest");
  return value.staff ?? t("auditDetails.unknownStaff");
}

/** The fields in one line, "label: value; label: value" — an export's details cell, the grid's and the review's summary. */
export function detailLine(fields: DetailField[], t: Translate, separator = "; "): string {
  return fields.map((f) => `${fieldLabel(f, t)}: ${sayValue(f.value, t)}`).join(separator);
}
