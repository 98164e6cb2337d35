import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tokens, type Token } from "@/db/schema";

/**
 * The live token for a service ID + user ID, row-locked until the transaction ends so that two
 * concurrent calls cannot both use one code or both miss a failure.
 */
export async function loadLiveTokenForUpdate(tx: Tx, serviceId: string, userId: string): Promise<Token | null> {
  const [row] = await tx
    .select()
    .from(tokens)
    .where(and(eq(tokens.serviceId, serviceId), eq(tokens.userId, userId), ne(tokens.status, "revoked")))
    .limit(1)
    .for("update");
  return row ?? null;
}

/** Marks an active-looking token expired when its date has passed; true if it is expired. */
export async function expireIfDue(tx: Tx, token: Token, now: Date): Promise<boolean> {
  if (token.status === "expired") return true;
  if (token.expiresAt > now) return false;
  await tx.update(tokens).set({ status: "expired", updatedAt: now }).where(eq(tokens.id, token.id));
  return true;
}
