import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { tokens } from "@/db/schema";
import type { ActionAudit, Principal } from "@/lib/actions/types";
import { hashPassword } from "@/lib/auth/password";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { uuidField } from "@/lib/validation/identifiers";
import { callerVerificationMethod, deliverActivationPassword, type ActivationDelivery } from "./activation-delivery";
import { randomDigits } from "./issue";
import { lockDeskToken } from "./lock-desk-token";
import { ACTIVATION_DEADLINE_MS, ACTIVATION_PASSWORD_DIGITS } from "./policy";

export const resetActivationPasswordInput = z.strictObject({ customerId: uuidField, tokenId: uuidField, ...deskChangeFields });
export type ResetActivationPasswordInput = z.output<typeof resetActivationPasswordInput>;

export interface ResetActivationPasswordResult {
  tokenId: string;
  serial: string;
  delivery: ActivationDelivery;
  activationDeadline: Date;
  notices: number;
  /** The counter slip (base64 PDF) for the teller to print once; null when a letter goes by post. */
  slipPdf: string | null;
}

/**
 * 利用開始パスワード再発行: for a token not yet bound to a phone — locked by wrong activation
 * passwords (S0C4), past its deadline, or forgotten — a new random activation password and
 * deadline, the failure count cleared, back to waiting for activation. The password leaves only
 * in the letter or the counter slip (lib/tokens/activation-delivery.ts).
 */
export async function resetActivationPassword(tx: Tx, principal: Principal, input: ResetActivationPasswordInput, now: Date): Promise<{ data: ResetActivationPasswordResult; audit: ActionAudit<"token.reset_activation"> }> {
  const method = (await callerVerificationMethod(tx, principal, input.customerId, now)) ?? "phone";
  // Hashed before the row lock is taken: argon2id is the slow part, and the lock waits for nobody.
  const activationPassword = randomDigits(ACTIVATION_PASSWORD_DIGITS);
  const activationPasswordHash = await hashPassword(activationPassword);
  const activationDeadline = new Date(now.getTime() + ACTIVATION_DEADLINE_MS);

  const token = await lockDeskToken(tx, input.customerId, input.tokenId, "reset_activation", now);
  await tx
    .update(tokens)
    .set({ status: "pending_activation", activationPasswordHash, activationDeadline, activationFailures: 0, updatedAt: now })
    .where(eq(tokens.id, token.id));
  const delivered = await deliverActivationPassword(tx, {
    customerId: input.customerId, method, change: "reset", staffName: principal.staff?.displayName ?? "", now,
    token: { serviceId: token.serviceId, userId: token.userId, activationPassword, activationDeadline },
  });
  return {
    data: { tokenId: token.id, serial: token.serial, delivery: delivered.delivery, activationDeadline, notices: delivered.notices, slipPdf: delivered.slipPdf },
    // Field by field: never the password, its hash or the slip.
    audit: {
      customerId: input.customerId,
      tokenId: token.id,
      details: {
        serial: token.serial,
        before: { status: token.status, activationFailures: token.activationFailures },
        after: { status: "pending_activation", activationFailures: 0 },
        delivery: delivered.delivery,
        activationDeadline,
        notices: delivered.notices,
      },
    },
  };
}
