import { accountMatches, birthDateMatches, nameMatches, phoneMatches } from "@/lib/verification/compare";
import { checkCallerOtp } from "@/lib/tokens/caller-otp";
import { verifyCallerByPhoneInput } from "@/lib/verification/schemas";
import { ActionError, defineAction } from "../types";
import { lockCustomer } from "./load-customer";
import { attemptAuditFacts, recordAttempt } from "./record";

/**
 * Caller verification on the phone: the operator types what the caller says and the portal
 * compares it with the record — it never shows the stored answer first. Blocked customers
 * (3 failures in 24 h, by anyone) can only be verified in person or cleared by a supervisor.
 */
export const verifyCallerByPhone = defineAction({
  name: "verification.phone",
  permission: "customer.verify_phone",
  input: verifyCallerByPhoneInput,
  assurance: "none",
  async run({ tx, now, principal }, input) {
    const customer = await lockCustomer(tx, input.customerId);
    if (customer.verificationBlockedAt) {
      throw new ActionError("conflict", "verification.errors.phoneBlocked", undefined, { customerId: customer.id, details: { blocked: true } });
    }
    const checks: Array<[string, boolean]> = [
      ["name", nameMatches(input.name, customer)],
      ["birthDate", birthDateMatches(input.birthDate, customer)],
      ["phone", phoneMatches(input.phone, customer)],
      ["account", accountMatches(input.branchCode, input.accountNumber, customer)],
    ];
    if (input.otp) {
      const otp = await checkCallerOtp(tx, customer.id, input.otp, now);
      // Without an active token there is nothing to check the code against: a mistake, not a failed fact.
      if (otp === "no_active_token") {
        throw new ActionError("invalid_input", "verification.errors.otpNoToken", { otp: "verification.errors.otpNoToken" }, { customerId: customer.id });
      }
      checks.push(["otp", otp === "match"]);
    }
    const outcome = await recordAttempt(tx, { customer, staffId: principal.staff!.id, method: "phone", checks, now });
    return { data: outcome, audit: attemptAuditFacts(customer.id, outcome, { failures: outcome.failures, blocked: outcome.blocked }) };
  },
});
