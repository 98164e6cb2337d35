import type { z } from "zod";
import type { Tx } from "@/db/client";
import { actionRequests } from "@/db/schema";
import { ActionError, type Principal } from "./types";

/**
 * A desk change is an action whose input takes a request key — its schema spreads
 * deskChangeFields (lib/validation/call-notes.ts): a fix made on a customer's call — run by a
 * staff member, whose only way in is a desk form (every such form sends its key). The back
 * office's CLI (a system actor) and the token-service API (API clients) post no forms: they may
 * run the same actions without a key, as before.
 */
export function isDeskChange(schema: z.ZodType, principal: Principal): boolean {
  if (!principal.staff) return false;
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return typeof shape === "object" && shape !== null && "requestKey" in shape;
}

/**
 * A desk change without its key would run as often as it is posted (a replayed or scripted post
 * has no form to remount): it is refused before anything runs. The schema has already checked
 * that a key, when given, is a UUID.
 */
export function lacksRequestKey(schema: z.ZodType, principal: Principal, input: unknown): boolean {
  if (!isDeskChange(schema, principal)) return false;
  const key = typeof input === "object" && input !== null ? (input as { requestKey?: unknown }).requestKey : undefined;
  return typeof key !== "string";
}

/**
 * Claims a form submission's request key inside the action's transaction. A second arrival of the
 * same key waits for the first (the primary key's lock) and then finds it taken: it is refused as
 * already done, and changes nothing. If the first rolled back, the key is free again.
 */
export async function claimRequestKey(tx: Tx, input: unknown, action: string, now: Date): Promise<void> {
  const key = typeof input === "object" && input !== null ? (input as { requestKey?: unknown }).requestKey : undefined;
  if (typeof key !== "string") return;
  const claimed = await tx.insert(actionRequests).values({ key, action, createdAt: now }).onConflictDoNothing().returning({ key: actionRequests.key });
  if (claimed.length === 0) throw new ActionError("conflict", "errors.alreadySubmitted", undefined, { details: { repeated: true } });
}
