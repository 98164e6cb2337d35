import { clearVerificationBlockInput } from "@/lib/verification/schemas";
import { clearBlock } from "@/lib/verification/verify";
import { defineAction } from "../types";

/** A supervisor lifts a customer's verification block (phone and counter), with a reason; earlier failures stop counting. */
export const clearVerificationBlock = defineAction({
  name: "verification.clear_block", permission: "customer.clear_verification_block", input: clearVerificationBlockInput, assurance: "none", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => clearBlock(tx, input, now),
});
