import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db, Queryable } from "@/db/client";
import { appendAuditEvent } from "@/lib/audit/append";
import type { Permission } from "@/lib/auth/permissions";
import { createTranslator } from "@/lib/i18n/translate";
import { describeError } from "@/lib/server/report-error";
import { systemClock, type Clock } from "@/lib/time/clock";
import { admit, anonymousActor, outcomeOf, withClientRequestId, type Refusal } from "./admit";
import { lostRace } from "./conflict";
import type { DetailsOf, QueryEventType } from "@/lib/audit/vocabulary";
import { ActionError, type ActionResult, type Actor, type AuditFacts, type Principal, type RequestMeta } from "./types";

export interface QueryContext {
  /** The database, or the read's own transaction when the read is audited. */
  db: Queryable;
  now: Date;
  principal: Principal;
  meta: RequestMeta;
}

export interface QueryDefinition<S extends z.ZodType, R, N extends QueryEventType = QueryEventType> {
  /** noun.verb, also the audit event's action name for the read and for its refusals (a "query" event in lib/audit/vocabulary.ts). */
  name: N;
  permission: Permission;
  input: S;
  /**
   * An audited read says what its event records (never the raw search term or anything secret);
   * null records nothing for this call. Without it only refusals are recorded.
   */
  audit?: (input: z.output<S>, data: R) => (Omit<AuditFacts, "details"> & { details?: DetailsOf<N> }) | null;
  run(ctx: QueryContext, input: z.output<S>): Promise<R>;
}

export function defineQuery<S extends z.ZodType, R, const N extends QueryEventType>(definition: QueryDefinition<S, R, N>): QueryDefinition<S, R, N> {
  return definition;
}

/** A refusal exactly as an action's; `errorId` is set for internal errors so routes can answer it alone. */
export type QueryFailure = Extract<ActionResult<never>, { ok: false }> & { errorId?: string };
export type QueryResult<R> = { ok: true; data: R } | QueryFailure;

export interface QueryOptions {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  clock?: Clock;
}

/**
 * The one way data is read for a screen or a route: authenticate → permission → validate (the
 * same steps as executeAction) → run. Every refusal is audited in its own transaction; an audited
 * read runs in one transaction with its event, so nothing is shown that was not recorded.
 */
export async function runQuery<S extends z.ZodType, R>(query: QueryDefinition<S, R>, rawInput: unknown, options: QueryOptions): Promise<QueryResult<R>> {
  const { db, meta } = options;
  const now = (options.clock ?? systemClock).now();
  const t = createTranslator(meta.locale);
  const admission = await admit(db, query, rawInput, { actor: options.actor, meta, now });

  const refuse = async ({ code, message, facts, fieldErrors }: Refusal, errorId?: string): Promise<QueryFailure> => {
    const actor = admission.principal?.audit ?? anonymousActor(options.actor);
    try {
      const auditEventId = await db.transaction((tx) => appendAuditEvent(tx, { actor, action: query.name, ...withClientRequestId(facts, meta), outcome: outcomeOf(code) }, meta, now));
      return { ok: false, code, message, auditEventId, ...(fieldErrors ? { fieldErrors } : {}), ...(errorId ? { errorId } : {}) };
    } catch (error) {
      // The audit log refuses even the refusal: the caller gets an error id, never the database's words.
      const id = unexpected(query.name, error);
      return { ok: false, code: "internal_error", message: t("errors.internal", { errorId: id }), errorId: id };
    }
  };

  if (!admission.ok) return refuse(admission.refusal);
  const { principal, input } = admission;
  try {
    if (!query.audit) return { ok: true, data: await query.run({ db, now, principal, meta }, input) };
    const audit = query.audit;
    const data = await db.transaction(async (tx) => {
      const result = await query.run({ db: tx, now, principal, meta }, input);
      const facts = audit(input, result);
      if (facts) await appendAuditEvent(tx, { actor: principal.audit, action: query.name, ...withClientRequestId(facts, meta), outcome: "success" }, meta, now);
      return result;
    });
    return { ok: true, data };
  } catch (error) {
    if (error instanceof ActionError) {
      return refuse({ code: error.code, message: t(error.messageKey), facts: { ...error.facts, details: { stage: "run", errorCode: error.code, ...error.facts.details } } });
    }
    // An audited read writes its event; two such reads can still collide on the database's side.
    const sqlState = lostRace(error);
    if (sqlState) return refuse({ code: "conflict", message: t("errors.concurrentChange"), facts: { details: { stage: "run", errorCode: "conflict", sqlState } } });
    const errorId = unexpected(query.name, error);
    return refuse({ code: "internal_error", message: t("errors.internal", { errorId }), facts: { details: { stage: "run", errorId } } }, errorId);
  }
}

/** Logs what an operator's error id needs to be traced, never the failed query's parameters. */
function unexpected(name: string, error: unknown): string {
  const errorId = randomUUID();
  console.error(JSON.stringify({ level: "error", event: "query_error", query: name, errorId, ...describeError(error) }));
  return errorId;
}
