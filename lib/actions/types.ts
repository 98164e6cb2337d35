import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import type { ApiClient, Staff } from "@/db/schema";
import type { AuditActor, AuditContext } from "@/lib/audit/append";
import type { ActorRole, Permission } from "@/lib/auth/permissions";
import type { FieldErrors } from "@/lib/i18n/zod";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey } from "@/lib/i18n/translate";
import type { ActionEventType, AuditSubjectKind, DetailsOf } from "@/lib/audit/vocabulary";

/** Who asks. A staff actor's role is re-read from the database on every call, never trusted. */
export type Actor =
  | { type: "staff"; staffId: string; sessionId: string | null }
  | { type: "system"; name: string }
  /** A system calling the token-service API with its key (null: no key was sent). */
  | { type: "api_client"; apiKey: string | null }
  /** No valid session: always refused, but the attempt is still recorded. */
  | { type: "anonymous" };

export interface RequestMeta extends AuditContext {
  locale: Locale;
  /** The caller's own x-request-id (validated), recorded in the audit details for correlation. */
  clientRequestId?: string | null;
}

/** How sure we must be of the caller (the customer) before the action may run. */
export type Assurance = "none" | "verified" | "verified_in_person";

export interface Principal {
  audit: AuditActor;
  role: ActorRole;
  staff: Staff | null;
  /** Set for api_client principals. */
  apiClient?: ApiClient;
}

export interface RunContext {
  tx: Tx;
  now: Date;
  principal: Principal;
  meta: RequestMeta;
  /** What the action's `before` step returned (undefined without one). */
  before?: unknown;
}

/** The database outside any transaction: each statement commits on its own. */
export interface BeforeContext {
  db: Db;
  now: Date;
  principal: Principal;
}

/** What the event records about the change: the objects it touched and masked before/after. */
export interface AuditFacts {
  customerId?: string | null;
  tokenId?: string | null;
  targetStaffId?: string | null;
  verificationId?: string | null;
  reason?: string | null;
  ticket?: string | null;
  details?: Record<string, unknown>;
  /**
   * An action whose outcome is a recorded refusal that must still commit (a failed caller
   * verification counts towards the block, a wrong OTP towards the lock) says so here; the caller
   * gets ok with the refusal in its data. The default is "success".
   */
  outcome?: "success" | "failed";
}

/** What a successful run records: the event's own detail shape from the audit vocabulary. */
export type ActionAudit<N extends ActionEventType> = Omit<AuditFacts, "details"> & { details?: DetailsOf<N> };

/**
 * What an action acts on. `id` reads it from the validated input; without one the action's run
 * finds it (a new record, or a token looked up by service and user ID) and reports it in its audit
 * facts. The pipeline checks caller verification against a customer subject and records the
 * subject on every event of the action, refusals included.
 */
export interface ActionSubject<I> {
  kind: AuditSubjectKind;
  id?: (input: I) => string | null;
}

export interface ActionDefinition<S extends z.ZodType, R, N extends ActionEventType = ActionEventType> {
  /** verb-noun, also the audit event's action name, e.g. "staff.create" (an "action" event in lib/audit/vocabulary.ts). */
  name: N;
  permission: Permission;
  input: S;
  assurance: Assurance;
  subject: ActionSubject<z.output<S>>;
  /**
   * Runs after validation, before the action's transaction, with statements that commit on their
   * own: for work whose row locks must not be held for a whole transaction (rate counters shared by
   * every call of a client). Its result reaches `run` as ctx.before. It must change nothing that
   * needs an audit event of its own.
   */
  before?(ctx: BeforeContext, input: z.output<S>): Promise<unknown>;
  run(ctx: RunContext, input: z.output<S>): Promise<{ data: R; audit: ActionAudit<N> }>;
}

export function defineAction<S extends z.ZodType, R, const N extends ActionEventType>(definition: ActionDefinition<S, R, N>): ActionDefinition<S, R, N> {
  // Caller verification is about one customer: an action that needs it must name that customer.
  if (definition.assurance !== "none" && (definition.subject.kind !== "customer" || !definition.subject.id)) {
    throw new Error(`${definition.name}: assurance "${definition.assurance}" needs a customer subject read from the input`);
  }
  return definition;
}

export type ActionErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "verification_required"
  | "not_found"
  | "conflict"
  | "internal_error";

/**
 * A refusal the action's rules make (not a bug): the transaction rolls back and the caller gets
 * the code and a catalogue message. `facts` say what to record about the refusal.
 */
export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    readonly messageKey: MessageKey,
    readonly fieldErrorKeys?: Record<string, MessageKey>,
    readonly facts: AuditFacts = {},
    /** Values the message names (a date, a count): never a secret, the message is shown and logged nowhere else. */
    readonly params?: Record<string, string | number>,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = "ActionError";
  }
}

export type ActionResult<R> =
  | { ok: true; data: R; auditEventId: number }
  | { ok: false; code: ActionErrorCode; message: string; fieldErrors?: FieldErrors; auditEventId?: number };
