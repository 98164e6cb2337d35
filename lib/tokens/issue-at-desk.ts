import { and, eq, gt, notInArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tokens } from "@/db/schema";
import { ActionError } from "@/lib/actions/types";
import { formatJst } from "@/lib/time/format";
import { lockCustomer } from "@/lib/verification/lock-customer";
import { deliverActivationPassword, type ActivationDelivery } from "./activation-delivery";
import { serviceAwaitingApproval } from "./awaiting-approval";
import { newTokenFrom } from "./desk-rules";
import { issueToken, type IssueTokenInput } from "./issue";

export interface IssuedToken {
  ok: true;
  tokenId: string;
  serviceId: string;
  userId: string;
  serial: string;
  activationDeadline: Date;
  expiresAt: Date;
  /** Only for the back office's CLI (no caller, no delivery): it prints the password once. */
  activationPassword?: string;
  /** How the password reached the customer; null when the CLI printed it. */
  delivery: ActivationDelivery | null;
  notices: number;
  /** The counter slip (base64 PDF), once; null otherwise. */
  slipPdf: string | null;
}

/**
 * Issues a token (トークン発行) under the desk's rules, the customer row locked so that two
 * issuances for one customer run one after the other:
 * - after a cancellation (利用解除), only from the next day in JST (for everyone: the bank needs the
 *   night to take the old registration down);
 * - not while a token of the customer's for the same service awaits a supervisor's decision on its
 *   replacement (four eyes: nobody issues beside it; the approval itself issues the new one);
 * - not while the customer has a live token for the same service, for everyone, the back office's
 *   CLI included (a replacement revokes the old one first; an exchange keeps it until the new one
 *   is activated).
 * `method` is how the staff member verified the caller (null: the CLI, which verifies nobody).
 */
export async function issueTokenForCustomer(
  tx: Tx,
  input: IssueTokenInput,
  by: { method: "phone" | "in_person" | null; staffName: string; change?: "issue" | "replace" | "exchange" },
  now: Date,
): Promise<IssuedToken> {
  const change = by.change ?? "issue";
  await lockCustomer(tx, input.customerId);
  const cancelled = await tx
    .select({ revokedAt: tokens.revokedAt })
    .from(tokens)
    .where(and(eq(tokens.customerId, input.customerId), eq(tokens.revokeReason, "cancelled")));
  const from = newTokenFrom(cancelled.flatMap((t) => (t.revokedAt ? [t.revokedAt] : [])), now);
  if (from) throw new ActionError("conflict", "activationDesk.errors.nextDay", undefined, { details: { newTokenFrom: from } }, { from: formatJst(from) });
  const held = await serviceAwaitingApproval(tx, input.customerId, input.serviceId, now);
  if (held) throw new ActionError("conflict", "tokenActions.why.awaitingApproval", undefined, { details: { serial: held.serial, why: "awaitingApproval" } });
  // An exchange issues the new token beside the old one on purpose: the old keeps working until the new is activated.
  if (change !== "exchange") {
    const [live] = await tx
      .select({ serial: tokens.serial })
      .from(tokens)
      .where(and(eq(tokens.customerId, input.customerId), eq(tokens.serviceId, input.serviceId), notInArray(tokens.status, ["revoked", "expired"]), gt(tokens.expiresAt, now)))
      .limit(1);
    if (live) throw new ActionError("conflict", "activationDesk.errors.liveToken", undefined, { details: { serial: live.serial } });
  }

  const issued = await issueToken(tx, input, now);
  if (!issued.ok) {
    const key = issued.reason === "unknown_customer" ? "tokenIssue.errors.unknownCustomer" : "tokenIssue.errors.userIdInUse";
    throw new ActionError(issued.reason === "unknown_customer" ? "not_found" : "conflict", key, undefined, { customerId: input.customerId });
  }
  const { activationPassword, ...token } = issued;
  if (!by.method) return { ...token, activationPassword, delivery: null, notices: 0, slipPdf: null };
  const delivered = await deliverActivationPassword(tx, { customerId: input.customerId, method: by.method, change: change === "replace" ? "replace" : "issue", staffName: by.staffName, now, token: { ...token, activationPassword } });
  return { ...token, ...delivered };
}
