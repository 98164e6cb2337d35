import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { tokens } from "@/db/schema";
import type { ActionAudit } from "@/lib/actions/types";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { uuidField } from "@/lib/validation/identifiers";
import { lockDeskToken } from "./lock-desk-token";
import { TOKEN_LIFETIME_MS } from "./policy";

export const renewTokenAtDeskInput = z.strictObject({ customerId: uuidField, tokenId: uuidField, ...deskChangeFields });
export type RenewTokenAtDeskInput = z.output<typeof renewTokenAtDeskInput>;

/**
 * 有効期限更新 on the caller's behalf, within the renewal window before expiry (the same window the
 * app's own renewal has): the expiry moves one lifetime on from the old one, so renewing early
 * loses no days. The phone keeps its token; no new password is needed.
 */
export async function renewTokenAtDesk(tx: Tx, input: RenewTokenAtDeskInput, now: Date): Promise<{ data: { tokenId: string; serial: string; expiresAt: Date; notices: number }; audit: ActionAudit<"token.renew"> }> {
  const token = await lockDeskToken(tx, input.customerId, input.tokenId, "renew", now);
  const expiresAt = new Date(token.expiresAt.getTime() + TOKEN_LIFETIME_MS);
  await tx.update(tokens).set({ expiresAt, updatedAt: now }).where(eq(tokens.id, token.id));
  const notices = await enqueueNotices(tx, { customerId: input.customerId, kind: "token_renewed", facts: { expiresAt }, now });
  return {
    data: { tokenId: token.id, serial: token.serial, expiresAt, notices: notices.length },
    audit: { customerId: input.customerId, tokenId: token.id, details: { serial: token.serial, before: { expiresAt: token.expiresAt }, after: { expiresAt }, notices: notices.length } },
  };
}
