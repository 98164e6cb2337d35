import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { notFound, redirect, unstable_rethrow } from "next/navigation";
import { getDb } from "@/db/client";
import { getRequestMeta, getSessionState } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/permissions";
import { getLocale } from "@/lib/i18n/server";
import { createTranslator } from "@/lib/i18n/translate";
import { reportUnexpected } from "@/lib/server/report-error";
import { executeAction } from "./execute";
import { formInput, keptValues, type FormValues } from "./form";
import { runQuery, type QueryDefinition, type QueryFailure, type QueryResult } from "./query";
import type { ActionDefinition, ActionResult, Actor } from "./types";

/**
 * What a form's server action returns: the typed result, what the operator typed when the form
 * is to keep it (never a secret), and a fresh id per submission so the form remounts with it.
 */
export type FormState<R = unknown> = (ActionResult<R> & { values?: FormValues; attempt?: string }) | null;

export interface SubmitOptions<R> {
  /** Fields cleared after every submission (passwords, codes); those that look secret always are. */
  secret?: readonly string[];
  /** When the form keeps what was typed; by default when the action refused. */
  keep?: (result: ActionResult<R>) => boolean;
}

/** The one form adapter: the action's own schema reads the form, the action runs, a failed form gets its values back. */
export async function submitForm<S extends z.ZodType, R>(action: ActionDefinition<S, R>, form: FormData, options: SubmitOptions<R> = {}): Promise<FormState<R>> {
  const result = await runAsCurrentStaff(action, formInput(action.input, form));
  const keep = options.keep ? options.keep(result) : !result.ok;
  return { ...result, attempt: randomUUID(), ...(keep ? { values: keptValues(action.input, form, options.secret) } : {}) };
}

/** The signed-in staff member of this request as the pipeline's actor, with the database and request facts. */
async function currentCaller() {
  const [state, meta, db] = await Promise.all([getSessionState(), getRequestMeta(), getDb()]);
  const actor: Actor = state.staff ? { type: "staff", staffId: state.staff.id, sessionId: state.staff.sessionId } : { type: "anonymous" };
  return { db, actor, meta };
}

/**
 * The pipeline answers everything but an unreachable database (it cannot even audit then): the
 * caller gets the generic message and an id, the log gets the rest.
 */
async function unavailable(event: string, name: string, error: unknown): Promise<QueryFailure> {
  const errorId = reportUnexpected(event, error, { action: name });
  const t = createTranslator(await getLocale().catch(() => "ja" as const));
  return { ok: false, code: "internal_error", message: t("errors.internal", { errorId }), errorId };
}

/** Runs an action for the signed-in staff member of this request (server actions and route handlers). */
export async function runAsCurrentStaff<S extends z.ZodType, R>(action: ActionDefinition<S, R>, input: unknown): Promise<ActionResult<R>> {
  try {
    return await executeAction(action, input, await currentCaller());
  } catch (error) {
    // Next's own signals (a dynamic page bailing out of prerendering, redirect, notFound) pass on.
    unstable_rethrow(error);
    return unavailable("action_unavailable", action.name, error);
  }
}

/** Runs a query for the signed-in staff member of this request (pages, server actions, route handlers). */
export async function queryAsCurrentStaff<S extends z.ZodType, R>(query: QueryDefinition<S, R>, input: unknown): Promise<QueryResult<R>> {
  try {
    return await runQuery(query, input, await currentCaller());
  } catch (error) {
    // Next's own signals (a dynamic page bailing out of prerendering, redirect, notFound) pass on.
    unstable_rethrow(error);
    return unavailable("query_unavailable", query.name, error);
  }
}

/**
 * What a page does with a refused read or action: off to sign-in (saying why the session ended)
 * or to the forbidden page; a malformed or unknown id is a 404. Anything else is for the page to
 * show: its message carries the error id.
 */
export async function forPage<R>(result: QueryResult<R> | ActionResult<R>, need: Permission): Promise<{ ok: true; data: R } | { ok: false; message: string }> {
  if (result.ok) return result;
  if (result.code === "unauthenticated") {
    const state = await getSessionState().catch(() => ({ staff: null, reason: "none" as const }));
    redirect(state.staff || state.reason === "none" ? "/signin" : `/signin?ended=${state.reason}`);
  }
  // The forbidden page names the roles that hold the permission that was missing.
  if (result.code === "forbidden") redirect(`/forbidden?need=${encodeURIComponent(need)}`);
  if (result.code === "not_found" || result.code === "invalid_input") notFound();
  return { ok: false, message: result.message };
}

/** A page's read: the query's data, or the redirect / 404 / message a refusal calls for. */
export async function pageQuery<S extends z.ZodType, R>(query: QueryDefinition<S, R>, input: unknown = {}) {
  return forPage(await queryAsCurrentStaff(query, input), query.permission);
}
