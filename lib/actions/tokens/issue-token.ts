import { z } from "zod";
import { userIdField, uuidField } from "@/lib/validation/identifiers";
import { issueToken } from "@/lib/tokens/issue";
import { serviceIds } from "@/lib/tokens/policy";
import { ActionError, defineAction } from "../types";

export const issueTokenInput = z.strictObject({
  customerId: uuidField,
  serviceId: z.enum(serviceIds),
  userId: userIdField.optional(),
});

/**
 * トークン発行: a new app token for a customer, pending activation. The activation password is in
 * the result this once (for the counter or the letter) and never stored or recorded in clear.
 */
export const issueTokenAction = defineAction({
  name: "token.issue", permission: "token.issue", input: issueTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  async run({ tx, now }, input) {
    const issued = await issueToken(tx, input, now);
    if (!issued.ok) {
      const key = issued.reason === "unknown_customer" ? "tokenIssue.errors.unknownCustomer" : "tokenIssue.errors.userIdInUse";
      throw new ActionError(issued.reason === "unknown_customer" ? "not_found" : "conflict", key, undefined, { customerId: input.customerId });
    }
    // Recorded field by field: never the activation password.
    const recorded = { serviceId: issued.serviceId, userId: issued.userId, serial: issued.serial, activationDeadline: issued.activationDeadline, expiresAt: issued.expiresAt };
    return {
      data: issued,
      audit: { customerId: input.customerId, tokenId: issued.tokenId, details: { ...recorded, status: "pending_activation" } },
    };
  },
});
