import type { z } from "zod";
import { getDb } from "@/db/client";
import { getRequestMeta, getSessionState } from "@/lib/auth/guard";
import { getLocale } from "@/lib/i18n/server";
import { createTranslator } from "@/lib/i18n/translate";
import { reportUnexpected } from "@/lib/server/report-error";
import { executeAction } from "./execute";
import type { ActionDefinition, ActionResult } from "./types";

/** What a form's server action returns: the typed result without internals. */
export type FormState<R = unknown> = ActionResult<R> | null;

/** Runs an action for the signed-in staff member of this request (server actions and route handlers). */
export async function runAsCurrentStaff<S extends z.ZodType, R>(action: ActionDefinition<S, R>, input: unknown): Promise<ActionResult<R>> {
  try {
    const [state, meta, db] = await Promise.all([getSessionState(), getRequestMeta(), getDb()]);
    const actor = state.staff ? { type: "staff" as const, staffId: state.staff.id, sessionId: state.staff.sessionId } : { type: "anonymous" as const };
    return await executeAction(action, input, { db, actor, meta });
  } catch (error) {
    // The pipeline answers everything but an unreachable database (it cannot even audit then):
    // the form gets the generic message and an id, the log gets the rest.
    const errorId = reportUnexpected("action_unavailable", error, { action: action.name });
    const t = createTranslator(await getLocale().catch(() => "ja" as const));
    return { ok: false, code: "internal_error", message: t("errors.internal", { errorId }) };
  }
}
