import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { uuidField } from "@/lib/validation/identifiers";
import { loadCustomer, loadCustomerView } from "@/lib/customers/view";
import { ActionError, defineAction } from "../types";
import { deskTokenActions, type DeskTokenAction } from "@/lib/tokens/desk-rules";

export const viewCustomerInput = z.object({
  customerId: uuidField,
  /** Which page of the call history, and the newest event its first page was made from (see lib/customers/history.ts). */
  historyPage: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  historyAsOf: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

/**
 * Opening a customer: a read that shows personal data, so it goes through the pipeline to be
 * permission-checked and audited ("customer.view"). It changes nothing.
 */
export const viewCustomer = defineAction({
  name: "customer.view", permission: "customer.view", input: viewCustomerInput, assurance: "none", subject: { kind: "customer", id: (input) => input.customerId },
  async run({ tx, now, principal }, input) {
    // Verification binds a person: without a staff member there is nobody to have verified the caller.
    if (!principal.staff) throw new ActionError("forbidden", "errors.forbidden");
    const customer = await loadCustomer(tx, input.customerId);
    if (!customer) throw new ActionError("not_found", "customers.errors.notFound");
    const view = await loadCustomerView(tx, customer, principal.staff.id, now, { page: input.historyPage, asOf: input.historyAsOf });
    // What this staff member may do next, so the page offers only the forms their role allows.
    const may = {
      verifyPhone: can(principal.role, "customer.verify_phone"),
      verifyInPerson: can(principal.role, "customer.verify_in_person"),
      clearBlock: can(principal.role, "customer.clear_verification_block"),
      issueToken: can(principal.role, "token.issue"),
      addEmail: can(principal.role, "email.add"),
      deleteEmail: can(principal.role, "email.delete"),
      emergencyCode: can(principal.role, "token.emergency_code"),
      tokens: Object.fromEntries(deskTokenActions.map((a) => [a, can(principal.role, `token.${a}`)])) as Record<DeskTokenAction, boolean>,
    };
    return { data: { ...view, may }, audit: { customerId: customer.id, verificationId: view.verification?.id ?? null, details: { verified: view.verified } } };
  },
});
