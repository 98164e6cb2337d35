import { resetMfa } from "@/lib/staff/accounts";
import { resetStaffMfaInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";

/** Clears the authenticator; the staff member enrols a new one at their next sign-in. */
export const resetStaffMfa = defineAction({
  name: "staff.reset_mfa", permission: "staff.reset_mfa", input: resetStaffMfaInput, assurance: "none", subject: { kind: "staff", id: (input) => input.staffId },
  run: ({ tx, principal, now }, input) => resetMfa(tx, principal, input, now),
});
