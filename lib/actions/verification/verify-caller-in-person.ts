import { verifyCallerInPersonInput } from "@/lib/verification/schemas";
import { verifyInPerson } from "@/lib/verification/verify";
import { defineAction } from "../types";

/**
 * Verification at the counter: the teller reads name and birth date off the identity document
 * (compared with the record), notes its type and the last 4 digits of its number (checked for
 * form, never stored) and confirms the photo is the person in front of them. Failures count
 * towards the same block as on the phone, and a blocked customer is refused here too.
 */
export const verifyCallerInPerson = defineAction({
  name: "verification.in_person", permission: "customer.verify_in_person", input: verifyCallerInPersonInput, assurance: "none", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now, principal }, input) => verifyInPerson(tx, principal, input, now),
});
