import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";
import { clearVerificationBlockInput } from "@/lib/verification/schemas";
import { ActionError, defineAction } from "../types";
import { lockCustomer } from "./load-customer";

/** A supervisor lifts a customer's phone-verification block, with a reason; earlier failures stop counting. */
export const clearVerificationBlock = defineAction({
  name: "verification.clear_block",
  permission: "customer.clear_verification_block",
  input: clearVerificationBlockInput,
  assurance: "none",
  async run({ tx, now }, input) {
    const customer = await lockCustomer(tx, input.customerId);
    if (!customer.verificationBlockedAt) throw new ActionError("conflict", "verification.errors.notBlocked", undefined, { customerId: customer.id });
    await tx.update(customers).set({ verificationBlockedAt: null, verificationClearedAt: now, updatedAt: now }).where(eq(customers.id, customer.id));
    return {
      data: { customerId: customer.id },
      audit: { customerId: customer.id, reason: input.reason, details: { before: { blockedAt: customer.verificationBlockedAt.toISOString() }, after: { blockedAt: null } } },
    };
  },
});
