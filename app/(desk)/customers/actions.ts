"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { runAsCurrentStaff, type FormState } from "@/lib/actions/web";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { clearVerificationBlock } from "@/lib/actions/verification/clear-verification-block";
import type { VerificationOutcome } from "@/lib/actions/verification/record";
import { searchCustomers, type SearchOutcome } from "@/lib/customers/search";
import { customerSearchInput } from "@/lib/customers/search-schema";

export type SearchActionResult = SearchOutcome | { status: "forbidden" } | { status: "invalid" };

/**
 * Search is a POST (server action), so names, phones and e-mails never reach a URL or an access
 * log. Results are masked; the search itself is not audited (opening a customer is).
 */
export async function searchCustomersAction(input: unknown): Promise<SearchActionResult> {
  const state = await getSessionState();
  if (!state.staff || !can(state.staff.role, "customer.search")) return { status: "forbidden" };
  const parsed = customerSearchInput.safeParse(input);
  if (!parsed.success) return { status: "invalid" };
  return searchCustomers(await getDb(), parsed.data);
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

export type VerifyState = FormState<VerificationOutcome>;

export async function verifyByPhoneAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const customerId = field(form, "customerId");
  const result = await runAsCurrentStaff(verifyCallerByPhone, {
    customerId,
    name: field(form, "name"),
    birthDate: field(form, "birthDate"),
    phone: field(form, "phone"),
    branchCode: field(form, "branchCode"),
    accountNumber: field(form, "accountNumber"),
    ...(field(form, "otp") ? { otp: field(form, "otp") } : {}),
  });
  revalidatePath(`/customers/${customerId}`);
  return result;
}

export async function verifyInPersonAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const customerId = field(form, "customerId");
  const result = await runAsCurrentStaff(verifyCallerInPerson, {
    customerId,
    documentType: field(form, "documentType"),
    documentLast4: field(form, "documentLast4"),
    name: field(form, "name"),
    birthDate: field(form, "birthDate"),
    photoMatches: field(form, "photoMatches"),
  });
  revalidatePath(`/customers/${customerId}`);
  return result;
}

export async function clearBlockAction(_prev: FormState<{ customerId: string }>, form: FormData): Promise<FormState<{ customerId: string }>> {
  const customerId = field(form, "customerId");
  const result = await runAsCurrentStaff(clearVerificationBlock, { customerId, reason: field(form, "reason") });
  if (result.ok) revalidatePath(`/customers/${customerId}`);
  return result;
}
