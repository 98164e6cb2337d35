import { z } from "zod";
import { userIdField, uuidField } from "@/lib/validation/identifiers";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { reasonField } from "@/lib/validation/text";
import { callerVerificationMethod } from "@/lib/tokens/activation-delivery";
import { issueTokenForCustomer } from "@/lib/tokens/issue-at-desk";
import { serviceIds } from "@/lib/tokens/policy";
import { replaceReasons } from "@/lib/tokens/replace-reasons";
import { linkReplacement, retireForBackOffice } from "@/lib/tokens/replace";
import { ActionError, defineAction } from "../types";

export const issueTokenInput = z.strictObject({
  customerId: uuidField,
  serviceId: z.enum(serviceIds),
  userId: userIdField.optional(),
  ...deskChangeFields,
  // The bank's back office (the CLI) states none; a staff member at the desk must (checked in run).
  reason: reasonField.optional(),
  /**
   * The back office's replacement (npm run token:issue -- --replace --reason lost): the customer's
   * live token it revokes in the same transaction. The desk replaces through token.replace, where
   * a phone check needs a supervisor's approval: staff may not use this.
   */
  replacesTokenId: uuidField.optional(),
  replaceReason: z.enum(replaceReasons).optional(),
});

/**
 * トークン発行: a new app token for a customer, pending activation. At the desk the activation
 * password goes by letter (phone verification) or on a counter slip (in person), and the app
 * download notice to the registered e-mails; the back office's CLI gets it in the result this once,
 * to print. It is never stored or recorded in clear.
 */
export const issueTokenAction = defineAction({
  name: "token.issue", permission: "token.issue", input: issueTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  async run({ tx, now, principal }, input) {
    if (principal.staff && !input.reason) throw new ActionError("invalid_input", "errors.invalidInput", { reason: "validation.required" });
    let replaced: { replacedTokenId: string; replacedSerial: string; replaceReason: string } | null = null;
    if (input.replacesTokenId || input.replaceReason) {
      if (principal.staff) throw new ActionError("forbidden", "errors.forbidden");
      if (!input.replacesTokenId || !input.replaceReason) throw new ActionError("invalid_input", "errors.invalidInput", { replaceReason: "validation.required" });
      const old = await retireForBackOffice(tx, input.customerId, input.replacesTokenId, input.replaceReason, now);
      replaced = { replacedTokenId: old.id, replacedSerial: old.serial, replaceReason: input.replaceReason };
    }
    const method = await callerVerificationMethod(tx, principal, input.customerId, now);
    const issued = await issueTokenForCustomer(tx, { customerId: input.customerId, serviceId: input.serviceId, userId: input.userId }, { method, staffName: principal.staff?.displayName ?? "" }, now);
    // Recorded field by field: never the activation password or the slip.
    const recorded = { serviceId: issued.serviceId, userId: issued.userId, serial: issued.serial, activationDeadline: issued.activationDeadline, expiresAt: issued.expiresAt };
    // The old token's revocation is part of this one change: the event names it, so both tokens' histories tell it.
    if (replaced) await linkReplacement(tx, replaced.replacedTokenId, issued.tokenId);
    return {
      data: issued,
      audit: {
        customerId: input.customerId,
        tokenId: issued.tokenId,
        details: { ...recorded, status: "pending_activation", ...(issued.delivery ? { delivery: issued.delivery, notices: issued.notices } : {}), ...(replaced ?? {}) },
      },
    };
  },
});
