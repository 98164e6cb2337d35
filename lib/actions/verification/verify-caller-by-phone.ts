import { verifyCallerByPhoneInput } from "@/lib/verification/schemas";
import { verifyOnPhone } from "@/lib/verification/verify";
import { defineAction } from "../types";

/**
 * Caller verification on the phone: the operator types what the caller says and the portal
 * compares it with the record — it never shows the stored answer first. Blocked customers
 * (3 failures in 24 h, by anyone) can only be verified in person or cleared by a supervisor.
 */
export const verifyCallerByPhone = defineAction({
  name: "verification.phone", permission: "customer.verify_phone", input: verifyCallerByPhoneInput, assurance: "none", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now, principal }, input) => verifyOnPhone(tx, principal, input, now),
});
