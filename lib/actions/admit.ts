import type { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeyPrefix } from "@/lib/auth/api-keys";
import type { AuditInput } from "@/lib/audit/append";
import { can, type Permission } from "@/lib/auth/permissions";
import { resolvePrincipal } from "@/lib/auth/principal";
import { createTranslator } from "@/lib/i18n/translate";
import { fieldErrorsOf, zodErrorMap, type FieldErrors } from "@/lib/i18n/zod";
import type { ActionErrorCode, Actor, AuditFacts, Principal, RequestMeta } from "./types";

/** Why a caller was turned away before anything ran, and what to record about it. */
export interface Refusal {
  code: ActionErrorCode;
  message: string;
  facts: AuditFacts;
  fieldErrors?: FieldErrors;
}

export type Admission<I> = { ok: true; principal: Principal; input: I } | { ok: false; principal: Principal | null; refusal: Refusal };

/**
 * The steps every action and every query take first, in this order: who is asking (session, API
 * key or CLI), may their role do this, and is the input well-formed. Nothing has run yet when it
 * refuses, so the caller records the refusal in its own transaction.
 */
export async function admit<S extends z.ZodType>(
  db: Db,
  gate: { permission: Permission; input: S },
  rawInput: unknown,
  options: { actor: Actor; meta: RequestMeta; now: Date },
): Promise<Admission<z.output<S>>> {
  const { meta } = options;
  const t = createTranslator(meta.locale);
  const principal = await resolvePrincipal(db, options.actor, options.now, meta);
  if (!principal) return { ok: false, principal, refusal: { code: "unauthenticated", message: t("errors.unauthenticated"), facts: { details: { stage: "authenticate" } } } };
  if (!can(principal.role, gate.permission)) {
    return { ok: false, principal, refusal: { code: "forbidden", message: t("errors.forbidden"), facts: { details: { stage: "permission", permission: gate.permission } } } };
  }
  const parsed = gate.input.safeParse(rawInput, { error: zodErrorMap(meta.locale) });
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error, meta.locale);
    return { ok: false, principal, refusal: { code: "invalid_input", message: t("errors.invalidInput"), facts: { details: { stage: "validate", fields: Object.keys(fieldErrors) } }, fieldErrors } };
  }
  return { ok: true, principal, input: parsed.data as z.output<S> };
}

export function outcomeOf(code: ActionErrorCode): AuditInput["outcome"] {
  if (code === "unauthenticated" || code === "forbidden" || code === "verification_required") return "denied";
  if (code === "invalid_input") return "invalid";
  if (code === "internal_error") return "error";
  return "failed";
}

export function anonymousActor(actor: Actor): AuditInput["actor"] {
  if (actor.type === "anonymous") return { type: "anonymous", id: null, role: null };
  // Never the key itself: at most its public prefix.
  if (actor.type === "api_client") return { type: "anonymous", id: apiKeyPrefix(actor.apiKey), role: null };
  return { type: "anonymous", id: actor.type === "staff" ? actor.staffId : actor.name, role: null };
}

/** The caller's own request id goes into the details, never in place of the server's request id. */
export function withClientRequestId(facts: AuditFacts, meta: RequestMeta): AuditFacts {
  return meta.clientRequestId ? { ...facts, details: { ...facts.details, clientRequestId: meta.clientRequestId } } : facts;
}
