import { verifyCallerByPhoneInput } from "@/lib/verification/schemas";
import { verifyOnPhone } from "@/lib/verification/verify";
import { defineAction } from "../types";

/**
 * Caller verification on the phone: the operator types what the caller says and the portal
 * compares it with the record — it never shows the stored answer first, nor which answer was
 * wrong. Blocked customers (3 failures in 24 h, by phone or at the counter, by anyone) cannot be
 * verified until a supervisor clears the block.
 */
export const verifyCallerByPhone = defineAction({
  name: "verification.phone", permission: "customer.verify_phone", input: verifyCallerByPhoneInput, assurance: "none", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now, principal }, input) => verifyOnPhone(tx, principal, input, now),
});
