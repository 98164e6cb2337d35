import { birthDateMatches, nameMatches } from "@/lib/verification/compare";
import { verifyCallerInPersonInput } from "@/lib/verification/schemas";
import { defineAction } from "../types";
import { lockCustomer } from "./load-customer";
import { attemptAuditFacts, recordAttempt } from "./record";

/**
 * Verification at the counter: the teller reads name and birth date off the identity document
 * (compared with the record), notes its type and the last 4 digits of its number (checked for
 * form, never stored) and confirms the photo is the person in front of them. A pass clears a block.
 */
export const verifyCallerInPerson = defineAction({
  name: "verification.in_person",
  permission: "customer.verify_in_person",
  input: verifyCallerInPersonInput,
  assurance: "none",
  async run({ tx, now, principal }, input) {
    const customer = await lockCustomer(tx, input.customerId);
    const wasBlocked = customer.verificationBlockedAt !== null;
    const checks: Array<[string, boolean]> = [
      ["document", true],
      ["name", nameMatches(input.name, customer)],
      ["birthDate", birthDateMatches(input.birthDate, customer)],
      ["photo", input.photoMatches === "yes"],
    ];
    const outcome = await recordAttempt(tx, { customer, staffId: principal.staff!.id, method: "in_person", checks, documentType: input.documentType, now });
    return { data: outcome, audit: attemptAuditFacts(customer.id, outcome, { documentType: input.documentType, blockCleared: wasBlocked && !outcome.blocked }) };
  },
});
