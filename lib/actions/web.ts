import type { z } from "zod";
import { getDb } from "@/db/client";
import { getRequestMeta, getSessionState } from "@/lib/auth/guard";
import { executeAction } from "./execute";
import type { ActionDefinition, ActionResult } from "./types";

/** What a form's server action returns: the typed result without internals. */
export type FormState<R = unknown> = ActionResult<R> | null;

/** Runs an action for the signed-in staff member of this request (server actions and route handlers). */
export async function runAsCurrentStaff<S extends z.ZodType, R>(action: ActionDefinition<S, R>, input: unknown): Promise<ActionResult<R>> {
  const [state, meta, db] = await Promise.all([getSessionState(), getRequestMeta(), getDb()]);
  const actor = state.staff ? { type: "staff" as const, staffId: state.staff.id, sessionId: state.staff.sessionId } : { type: "anonymous" as const };
  return executeAction(action, input, { db, actor, meta });
}
