import type { AuditOutcome } from "@/db/schema/audit";
import type { StaffRole } from "@/lib/staff/roles";

/**
 * The audit log's vocabulary in one place: every event type with who emits it, the outcomes, the
 * subject kinds and what each event's details hold. Actions and queries are typed against it (an
 * action's name must be an "action" event here, its audit details this event's shape), the viewer
 * labels events from the catalogue's `actions` section keyed by the same names, and a unit test
 * checks the registry against `allActions` / `allQueries` both ways. A name nothing writes any more
 * stays as "retired": the log keeps its old events.
 */
export const auditEventTypes = {
  // Sign-in and sessions: written by lib/auth, outside the action pipeline.
  "auth.sign_in": "auth",
  "auth.sign_out": "auth",
  "auth.session_ended": "auth",
  "auth.locked": "auth",
  "auth.mfa_enrolment_started": "auth",
  "auth.mfa_enrolled": "auth",
  // Changes: lib/actions/**, through executeAction.
  "staff.create": "action",
  "staff.change_role": "action",
  "staff.disable": "action",
  "staff.enable": "action",
  "staff.unlock": "action",
  "staff.reset_mfa": "action",
  "demo.import_customer": "action",
  "customer.view": "action",
  "verification.phone": "action",
  "verification.in_person": "action",
  "verification.clear_block": "action",
  "token.issue": "action",
  "token.replace": "action",
  "token.exchange": "action",
  "token.emergency_code": "action",
  "approval.approve": "action",
  "approval.reject": "action",
  "token_service.verify_emergency": "action",
  "token.unlock": "action",
  "token.resync": "action",
  "token.suspend": "action",
  "token.resume": "action",
  "token.cancel": "action",
  "email.add": "action",
  "email.delete": "action",
  "token.reset_activation": "action",
  "token.renew": "action",
  "api_client.create": "action",
  "api_client.revoke": "action",
  "token_service.activate": "action",
  "token_service.verify": "action",
  "token_service.resync": "action",
  "token_service.renew": "action",
  "token_service.confirm_email": "action",
  "notice.claim": "action",
  "notice.mark_sent": "action",
  "notice.mark_failed": "action",
  "demo.mailbox_receive": "action",
  // The auditor's workspace: background chain verification and reviews.
  "audit.verify_start": "action",
  "audit.verify_finish": "action",
  "audit.review_events": "action",
  "audit.review_day": "action",
  "audit.reveal": "action",
  // Reads: through runQuery; refusals always recorded, successes where the query audits them.
  "customer.search": "query",
  "staff.list": "query",
  "desk.home": "query",
  "audit.integrity": "query",
  "audit.verification_run": "query",
  "audit.reviews": "query",
  "audit.overdue_reviews": "query",
  "audit.report": "query",
  "audit.explore": "query",
  "audit.event": "query",
  "audit.export": "query",
  "approval.queue": "query",
  "approval.inbox": "query",
  "demo.mailbox": "query",
  "demo.mailbox_letter": "query",
  "notice.stuck": "query",
  // No longer written, still in the log (events are never deleted): kept so they stay labelled and filterable.
  /** The audit page's synchronous chain check, replaced by the integrity page's background run (audit.verify_start). */
  "audit.verify": "retired",
  /** The auditor's plain list of the latest events, replaced by the explorer (audit.explore). */
  "audit.list": "retired",
} as const satisfies Record<string, AuditEmitter>;

export type AuditEmitter = "auth" | "action" | "query" | "retired";
export type AuditEventType = keyof typeof auditEventTypes;
type EmittedBy<E extends AuditEmitter> = { [K in AuditEventType]: (typeof auditEventTypes)[K] extends E ? K : never }[AuditEventType];
/** `test.*` names are reserved for test-only actions defined inside test files; they record free details. */
export type TestEventType = `test.${string}`;
export type ActionEventType = EmittedBy<"action"> | TestEventType;
export type QueryEventType = EmittedBy<"query">;
export type AuthEventType = EmittedBy<"auth">;

export type { AuditOutcome };
export { auditOutcomes } from "@/db/schema/audit";

/** What an event is about, recorded in its customer_id / token_id / target_staff_id columns. */
export const auditSubjectKinds = ["customer", "token", "staff", "api_client", "none"] as const;
export type AuditSubjectKind = (typeof auditSubjectKinds)[number];

type Change<T> = { before: T; after: T };
type Notice = { noticeId: string; kind: string; channel: string };
/** A desk change to one token: which token, its state before and after, and the notices it queued. */
type TokenChange<T> = Change<T> & { serial: string; notices: number };
/** How a new activation password reached the customer: a letter by post or a slip handed over at the counter. */
type Delivery = "letter" | "counter_slip";
/** A call of the token-service API: which token, accepted or refused and why, and the counters. */
type TokenServiceDetails = {
  serviceId: string;
  userId: string;
  result: "accepted" | "refused";
  reason?: string;
  appError?: unknown;
  lockedNow?: boolean;
  /** An activation that ended an exchange: the old token's serial, revoked by the same event. */
  retiredSerials?: string[];
  activationFailures?: number;
  otpFailures?: number;
  /** An accepted activation: the token's serial and the device the customer named. */
  serial?: string;
  deviceLabel?: string | null;
  /** An accepted resync: how many time steps the customer's clock is off. */
  clockOffsetSteps?: number;
  /** An accepted renewal: the expiry before and after. */
  before?: { expiresAt: unknown };
  after?: { expiresAt: unknown };
};
/** A caller verification: which identity facts matched and failed (fact names, never the answers), the failures so far. */
type VerificationDetails = {
  method: string;
  result: string;
  matched: string[];
  failed: string[];
  failures: number;
  blocked: boolean;
  /** At the counter: which identity document was shown. */
  documentType?: string;
};

/** What an export was narrowed by, as its event records it: the URL's filter keys, and a text filter only as "there was one". */
export type ExportFilter = { [K in "from" | "to" | "staff" | "role" | "action" | "outcome" | "contract" | "serial" | "channel" | "client"]?: string } & { text?: boolean };

/** The details a successful (or committed-refusal) event of each type records. */
export interface AuditDetails {
  /** A wrong code that was a replay of one already used is said so (`replay`). */
  "auth.sign_in": { reason?: string; loginId?: string; lockedUntil?: unknown; failedSignIns?: number; replay?: boolean };
  "auth.sign_out": { reason?: string; sessionStartedAt?: unknown };
  "auth.session_ended": { reason?: string; sessionStartedAt?: unknown };
  "auth.locked": { failedSignIns: number; lockedUntil: unknown };
  "auth.mfa_enrolment_started": { reason?: string; failedSignIns?: number };
  "auth.mfa_enrolled": Record<string, never>;
  "staff.create": { after: { loginId: string; displayName: string; role: StaffRole; isDemo: boolean } };
  "staff.change_role": Change<{ role: StaffRole }> & { endedSessions: number };
  "staff.disable": Change<{ disabled: boolean }> & { endedSessions: number };
  "staff.enable": Change<{ disabled: boolean }>;
  "staff.unlock": Change<{ failedSignIns: number; lockedUntil: Date | null }>;
  "staff.reset_mfa": Change<{ mfaEnrolled: boolean }> & { endedSessions: number };
  "demo.import_customer": { contractId: string; emails: number; tokens: { serial: string; status: string }[] };
  "customer.view": { verified: boolean };
  "verification.phone": VerificationDetails;
  "verification.in_person": VerificationDetails;
  "verification.clear_block": Change<{ blockedAt: string | null }>;
  /** The back office's replacement also names the token it revoked (the event's token is the new one). */
  "token.issue": {
    serviceId: string; userId: string; serial: string; activationDeadline: unknown; expiresAt: unknown; status: "pending_activation"; delivery?: Delivery; notices?: number;
    replacedTokenId?: string; replacedSerial?: string; replaceReason?: string;
  };
  "token.replace": TokenChange<{ status: string }> & { replaceReason: string; riskFlags: string[] } & (
    | { outcome: "replaced"; newTokenId: string; newSerial: string; delivery: Delivery }
    | { outcome: "requested"; requestId: string; expiresAt: unknown }
  );
  "token.exchange": TokenChange<{ status: string; otpFailures: number }> & { result: "accepted" | "refused"; reason?: string; newTokenId?: string; newSerial?: string; delivery?: Delivery };
  "token.emergency_code": { requestId: string; expiresAt: unknown; riskFlags: string[] };
  /** A replacement's: the event's token is the old one (serial), the new one is newTokenId / newSerial. */
  "approval.approve": { requestId: string; kind: string; requestedBy: string; notices: number; serial?: string; newTokenId?: string; newSerial?: string; delivery?: Delivery; codeExpiresAt?: unknown };
  "approval.reject": { requestId: string; kind: string; requestedBy: string; notices: number };
  "token_service.verify_emergency": TokenServiceDetails;
  "token.unlock": TokenChange<{ status: string; otpFailures: number }>;
  "token.resync": TokenChange<{ status: string; clockOffsetSteps: number; otpFailures: number }> & { result: "accepted" | "refused"; reason?: string; lockedNow?: boolean };
  "token.suspend": TokenChange<{ status: string }>;
  "token.resume": TokenChange<{ status: string }>;
  "token.cancel": TokenChange<{ status: string }> & { newTokenFrom: unknown; withdrawnRequestId?: string };
  "email.add": { emailId: string; maskedAddress: string; confirmBy: unknown; notices: number };
  "email.delete": { emailId: string; maskedAddress: string; remaining: number; notices: number };
  "token.reset_activation": TokenChange<{ status: string; activationFailures: number }> & { delivery: Delivery; activationDeadline: unknown };
  "token.renew": TokenChange<{ expiresAt: unknown }>;
  "api_client.create": { clientId: string; name: string; keyPrefix: string; rateLimitPerMinute: number };
  "api_client.revoke": { clientId: string; name: string; keyPrefix: string };
  "token_service.activate": TokenServiceDetails;
  "token_service.verify": TokenServiceDetails;
  "token_service.resync": TokenServiceDetails;
  "token_service.renew": TokenServiceDetails;
  "token_service.confirm_email": { result: "accepted" | "refused"; reason?: string; emailId?: string; maskedAddress?: string; failures?: number; lockedNow?: boolean };
  "notice.claim": { claimed: (Notice & { attempt: number })[]; stuck: string[] };
  "notice.mark_sent": Notice & { attempt: number; result: string };
  "notice.mark_failed": Notice & { attempt: number; result: string; errorCode: string };
  "demo.mailbox_receive": Notice;
  "customer.search": { kind: string; hits: number };
  "staff.list": Record<string, never>;
  "desk.home": Record<string, never>;
  "audit.verify_start": { runId: string; total: number; interrupted?: string[] };
  "audit.verify_finish": {
    runId: string;
    result: "ok" | "failed" | "error";
    checked?: number;
    lastSeq?: number;
    firstBadSeq?: number;
    problem?: string;
    checkpoints?: number;
    pending?: number;
    errorId?: string;
  };
  "audit.review_events": { reviewId: string; events: number; eventIds: number[] };
  "audit.review_day": { reviewId: string; day: string; action?: string; outcome?: string; highRiskOnly: boolean; events: number; skippedOwn: number; expectedEvents?: number };
  "audit.integrity": Record<string, never>;
  "audit.verification_run": Record<string, never>;
  "audit.reviews": Record<string, never>;
  "audit.overdue_reviews": Record<string, never>;
  "audit.report": { from: string; to: string };
  "audit.reveal": { eventId: number; field: string };
  "audit.explore": Record<string, never>;
  "audit.event": Record<string, never>;
  "approval.queue": { hits: number };
  "approval.inbox": Record<string, never>;
  "demo.mailbox": Record<string, never>;
  "demo.mailbox_letter": Record<string, never>;
  "notice.stuck": Record<string, never>;
  /** The filter (a text filter only as `text: true`), the columns written, the format and how many rows matched. */
  "audit.export": { filter: ExportFilter; columns: string[]; format: string; rows: number };
}

/** The details shape of one event type (free-form only for test-only actions). */
export type DetailsOf<N extends string> = N extends keyof AuditDetails ? AuditDetails[N] : Record<string, unknown>;

/**
 * What the pipeline itself records on a refusal, whatever the event: the stage that refused and
 * why (never the input's values).
 */
export interface RefusalDetails {
  stage: "authenticate" | "permission" | "validate" | "verify" | "run";
  permission?: string;
  fields?: string[];
  required?: string;
  errorCode?: string;
  errorId?: string;
  sqlState?: string;
  clientRequestId?: string;
  /** Facts a refusal names beside the event's own (lib/actions ActionError facts). */
  blocked?: boolean;
  live?: number;
  repeated?: boolean;
  why?: string;
  status?: string;
  newTokenFrom?: unknown;
}
