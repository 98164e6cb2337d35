import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { appendAuditEvent, type AuditInput } from "@/lib/audit/append";
import { apiKeyPrefix } from "@/lib/auth/api-keys";
import { can } from "@/lib/auth/permissions";
import { resolvePrincipal } from "@/lib/auth/principal";
import { createTranslator } from "@/lib/i18n/translate";
import { fieldErrorsOf, zodErrorMap, type FieldErrors } from "@/lib/i18n/zod";
import { systemClock, type Clock } from "@/lib/time/clock";
import { isUuid } from "@/lib/validation/identifiers";
import { liveVerification } from "@/lib/verification/live";
import { ActionError, type ActionDefinition, type ActionErrorCode, type ActionResult, type Actor, type AuditFacts, type Principal, type RequestMeta } from "./types";
import { describeError } from "@/lib/server/report-error";

export interface ExecuteOptions {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  clock?: Clock;
}

/**
 * The one way data changes: authenticate → permission → validate → caller verification →
 * one transaction holding the change and its audit event. Every refusal and error is audited in
 * its own transaction, and nothing fails open.
 */
export async function executeAction<S extends z.ZodType, R>(
  action: ActionDefinition<S, R>,
  rawInput: unknown,
  options: ExecuteOptions,
): Promise<ActionResult<R>> {
  const { db, meta } = options;
  const now = (options.clock ?? systemClock).now();
  const t = createTranslator(meta.locale);

  const principal = await resolvePrincipal(db, options.actor, now, meta);
  const refuse = async (code: ActionErrorCode, message: string, facts: AuditFacts, fieldErrors?: FieldErrors): Promise<ActionResult<R>> => {
    let auditSeq: number;
    try {
      auditSeq = await recordOutcome(db, principal?.audit ?? anonymousActor(options.actor), action.name, outcomeOf(code), facts, meta, now);
    } catch (error) {
      // The audit log refuses even the refusal: nothing was changed, and the caller gets the
      // failure as what it is — an error id to quote, never the database's own words.
      const errorId = randomUUID();
      logUnexpected(action.name, errorId, error);
      return { ok: false, code: "internal_error", message: t("errors.internal", { errorId }) };
    }
    return { ok: false, code, message, auditSeq, ...(fieldErrors ? { fieldErrors } : {}) };
  };

  if (!principal) return refuse("unauthenticated", t("errors.unauthenticated"), { details: { stage: "authenticate" } });
  if (!can(principal.role, action.permission)) {
    return refuse("forbidden", t("errors.forbidden"), { details: { stage: "permission", permission: action.permission } });
  }

  const parsed = action.input.safeParse(rawInput, { error: zodErrorMap(meta.locale) });
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error, meta.locale);
    return refuse("invalid_input", t("errors.invalidInput"), { details: { stage: "validate", fields: Object.keys(fieldErrors) } }, fieldErrors);
  }
  const input = parsed.data as z.output<S>;

  let verificationId: string | null = null;
  // Caller verification is about a customer on the phone or at the counter: it binds staff. The
  // CLI's system actor and API clients (authenticated by key + the customer's own secrets) have none.
  if (action.assurance !== "none" && principal.staff) {
    const customerId = (input as { customerId?: unknown }).customerId;
    // Bound to this staff member and this customer; a malformed id simply finds nothing.
    const live = isUuid(customerId) && principal.staff ? await liveVerification(db, principal.staff.id, customerId, action.assurance, now) : null;
    verificationId = live?.id ?? null;
    if (!verificationId) {
      return refuse("verification_required", t("errors.verificationRequired"), {
        customerId: typeof customerId === "string" ? customerId : null,
        details: { stage: "verify", required: action.assurance },
      });
    }
  }
  if (action.secondPerson) {
    // Four-eyes approvals arrive with their own capability; until then such actions cannot run.
    return refuse("approval_required", t("errors.approvalRequired"), { details: { stage: "approval" } });
  }

  try {
    return await db.transaction(async (tx) => {
      const { data, audit } = await action.run({ tx, now, principal, meta }, input);
      const { outcome = "success", ...facts } = audit;
      const auditSeq = await appendAuditEvent(tx, toAuditInput(principal, action.name, outcome, withClientRequestId({ verificationId, ...facts }, meta)), meta, now);
      return { ok: true as const, data, auditSeq };
    });
  } catch (error) {
    if (error instanceof ActionError) {
      const fieldErrors = error.fieldErrorKeys
        ? Object.fromEntries(Object.entries(error.fieldErrorKeys).map(([field, key]) => [field, [t(key)]]))
        : undefined;
      return refuse(error.code, t(error.messageKey), { verificationId, ...error.facts, details: { stage: "run", errorCode: error.code, ...error.facts.details } }, fieldErrors);
    }
    const errorId = randomUUID();
    logUnexpected(action.name, errorId, error);
    return refuse("internal_error", t("errors.internal", { errorId }), { verificationId, details: { stage: "run", errorId } });
  }
}

function outcomeOf(code: ActionErrorCode): AuditInput["outcome"] {
  if (code === "unauthenticated" || code === "forbidden" || code === "verification_required" || code === "approval_required") return "denied";
  if (code === "invalid_input") return "invalid";
  if (code === "internal_error") return "error";
  return "failed";
}

function anonymousActor(actor: Actor): AuditInput["actor"] {
  if (actor.type === "anonymous") return { type: "anonymous", id: null, role: null };
  // Never the key itself: at most its public prefix.
  if (actor.type === "api_client") return { type: "anonymous", id: apiKeyPrefix(actor.apiKey), role: null };
  return { type: "anonymous", id: actor.type === "staff" ? actor.staffId : actor.name, role: null };
}

function toAuditInput(principal: Principal, action: string, outcome: AuditInput["outcome"], facts: AuditFacts): AuditInput {
  return { actor: principal.audit, action, ...facts, outcome };
}

async function recordOutcome(db: Db, actor: AuditInput["actor"], action: string, outcome: AuditInput["outcome"], facts: AuditFacts, meta: RequestMeta, now: Date): Promise<number> {
  return db.transaction((tx) => appendAuditEvent(tx, { actor, action, ...withClientRequestId(facts, meta), outcome }, meta, now));
}

/** The caller's own request id goes into the details, never in place of the server's request id. */
function withClientRequestId(facts: AuditFacts, meta: RequestMeta): AuditFacts {
  return meta.clientRequestId ? { ...facts, details: { ...facts.details, clientRequestId: meta.clientRequestId } } : facts;
}

/** Logs what an operator's error id needs to be traced, never the failed query's parameters. */
function logUnexpected(action: string, errorId: string, error: unknown): void {
  console.error(JSON.stringify({ level: "error", event: "action_error", action, errorId, ...describeError(error) }));
}
