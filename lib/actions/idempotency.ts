import type { Tx } from "@/db/client";
import { actionRequests } from "@/db/schema";
import { ActionError } from "./types";

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
