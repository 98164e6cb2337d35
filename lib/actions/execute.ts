import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { appendAuditEvent, type AuditInput } from "@/lib/audit/append";
import { createTranslator } from "@/lib/i18n/translate";
import type { FieldErrors } from "@/lib/i18n/zod";
import { systemClock, type Clock } from "@/lib/time/clock";
import { isUuid } from "@/lib/validation/identifiers";
import { liveVerification } from "@/lib/verification/live";
import { ActionError, type ActionDefinition, type ActionErrorCode, type ActionResult, type Actor, type AuditFacts, type Principal, type RequestMeta } from "./types";
import { describeError } from "@/lib/server/report-error";
import { admit, anonymousActor, outcomeOf, withClientRequestId } from "./admit";
import { lostRace } from "./conflict";
import { claimRequestKey, lacksRequestKey } from "./idempotency";
import { callNotesOf } from "@/lib/validation/call-notes";
import type { AuditSubjectKind } from "@/lib/audit/vocabulary";

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

  const admission = await admit(db, action, rawInput, { actor: options.actor, meta, now });
  const refuse = async (code: ActionErrorCode, message: string, facts: AuditFacts, fieldErrors?: FieldErrors): Promise<ActionResult<R>> => {
    let auditEventId: number;
    try {
      auditEventId = await recordOutcome(db, admission.principal?.audit ?? anonymousActor(options.actor), action.name, outcomeOf(code), facts, meta, now);
    } catch (error) {
      // The audit log refuses even the refusal: nothing was changed, and the caller gets the
      // failure as what it is — an error id to quote, never the database's own words.
      const errorId = randomUUID();
      logUnexpected(action.name, errorId, error);
      return { ok: false, code: "internal_error", message: t("errors.internal", { errorId }) };
    }
    return { ok: false, code, message, auditEventId, ...(fieldErrors ? { fieldErrors } : {}) };
  };

  if (!admission.ok) {
    const { code, message, facts, fieldErrors } = admission.refusal;
    return refuse(code, message, facts, fieldErrors);
  }
  const { principal, input } = admission;
  // What the action declares it acts on, recorded on every event it writes from here on.
  const subject = subjectFacts(action.subject.kind, action.subject.id?.(input) ?? null);
  // The staff member's reason, ticket and call memo, on every event from here on.
  const notes = callNotesOf(input);
  const noted = (facts: AuditFacts): AuditFacts => ({ ...notes, ...facts, details: { ...notes.details, ...facts.details } });

  // A desk change runs once per form: without the form's request key it does not run at all.
  if (lacksRequestKey(action.input, principal, input)) {
    return refuse("invalid_input", t("errors.requestKeyMissing"), noted({ ...subject, details: { stage: "validate", fields: ["requestKey"] } }));
  }

  let verificationId: string | null = null;
  // Caller verification is about a customer on the phone or at the counter: it binds staff. The
  // CLI's system actor and API clients (authenticated by key + the customer's own secrets) have none.
  if (action.assurance !== "none" && principal.staff) {
    // defineAction guarantees a customer subject here; a malformed id simply finds nothing.
    const customerId = subject.customerId;
    const live = isUuid(customerId) ? await liveVerification(db, principal.staff.id, customerId, action.assurance, now) : null;
    verificationId = live?.id ?? null;
    if (!verificationId) {
      return refuse("verification_required", t("errors.verificationRequired"), noted({ ...subject, details: { stage: "verify", required: action.assurance } }));
    }
  }

  try {
    const before = action.before ? await action.before({ db, now, principal }, input) : undefined;
    return await db.transaction(async (tx) => {
      await claimRequestKey(tx, input, action.name, now);
      const { data, audit } = await action.run({ tx, now, principal, meta, before }, input);
      const { outcome = "success", ...facts } = audit;
      const auditEventId = await appendAuditEvent(tx, toAuditInput(principal, action.name, outcome, withClientRequestId(noted({ ...subject, verificationId, ...facts }), meta)), meta, now);
      return { ok: true as const, data, auditEventId };
    });
  } catch (error) {
    if (error instanceof ActionError) {
      const fieldErrors = error.fieldErrorKeys
        ? Object.fromEntries(Object.entries(error.fieldErrorKeys).map(([field, key]) => [field, [t(key)]]))
        : undefined;
      return refuse(error.code, t(error.messageKey, error.params), noted({ ...subject, verificationId, ...error.facts, details: { stage: "run", errorCode: error.code, ...error.facts.details } }), fieldErrors);
    }
    const sqlState = lostRace(error);
    if (sqlState) return refuse("conflict", t("errors.concurrentChange"), noted({ ...subject, verificationId, details: { stage: "run", errorCode: "conflict", sqlState } }));
    const errorId = randomUUID();
    logUnexpected(action.name, errorId, error);
    return refuse("internal_error", t("errors.internal", { errorId }), noted({ ...subject, verificationId, details: { stage: "run", errorId } }));
  }
}

/** The audit column a subject kind is recorded in (API clients and "none" have none: details say). */
function subjectFacts(kind: AuditSubjectKind, id: string | null): Pick<AuditFacts, "customerId" | "tokenId" | "targetStaffId"> {
  if (id === null) return {};
  if (kind === "customer") return { customerId: id };
  if (kind === "token") return { tokenId: id };
  if (kind === "staff") return { targetStaffId: id };
  return {};
}

function toAuditInput(principal: Principal, action: string, outcome: AuditInput["outcome"], facts: AuditFacts): AuditInput {
  return { actor: principal.audit, action, ...facts, outcome };
}

async function recordOutcome(db: Db, actor: AuditInput["actor"], action: string, outcome: AuditInput["outcome"], facts: AuditFacts, meta: RequestMeta, now: Date): Promise<number> {
  return db.transaction((tx) => appendAuditEvent(tx, { actor, action, ...withClientRequestId(facts, meta), outcome }, meta, now));
}

/** Logs what an operator's error id needs to be traced, never the failed query's parameters. */
function logUnexpected(action: string, errorId: string, error: unknown): void {
  console.error(JSON.stringify({ level: "error", event: "action_error", action, errorId, ...describeError(error) }));
}
