import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tokens, type Token } from "@/db/schema";
import { ActionError } from "@/lib/actions/types";
import { isAwaitingApproval } from "./awaiting-approval";
import { availability, effectiveStatus, type DeskTokenAction } from "./desk-rules";

/**
 * Locks one of the customer's tokens for a desk change and re-checks, under the lock, that its
 * state still allows the action: a button shown enabled a moment ago cannot change a token another
 * operator (or the customer's app) has since moved on, nor one a replacement request has since put
 * in a supervisor's hands. By id AND customer, so a token id from another customer's page finds nothing.
 */
export async function lockDeskToken(tx: Tx, customerId: string, tokenId: string, action: DeskTokenAction, now: Date): Promise<Token> {
  const [token] = await tx.select().from(tokens).where(and(eq(tokens.id, tokenId), eq(tokens.customerId, customerId))).for("update").limit(1);
  if (!token) throw new ActionError("not_found", "activationDesk.errors.tokenNotFound");
  const state = availability({ ...token, awaitingApproval: await isAwaitingApproval(tx, token.id, now) }, action, now);
  if (!state.allowed) throw new ActionError("conflict", `tokenActions.why.${state.why}`, undefined, { tokenId, details: { serial: token.serial, status: effectiveStatus(token, now), why: state.why } });
  return token;
}
