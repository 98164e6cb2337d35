"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { auditReadRefusal } from "@/lib/actions/read-refusal";
import { runAsCurrentStaff, type FormState } from "@/lib/actions/web";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { clearVerificationBlock } from "@/lib/actions/verification/clear-verification-block";
import type { VerificationOutcome } from "@/lib/verification/record";
import { searchCustomers, type SearchOutcome } from "@/lib/customers/search";
import { searchCustomersInput } from "@/lib/customers/search-schema";

export type SearchActionResult = SearchOutcome | { status: "forbidden" } | { status: "invalid" };

/**
 * Search is a POST (server action), so names, phones and e-mails never reach a URL or an access
 * log. Results are masked; the search itself is not audited (opening a customer is).
 */
export async function searchCustomersAction(input: unknown): Promise<SearchActionResult> {
  const state = await getSessionState();
  if (!state.staff || !can(state.staff.role, "customer.search")) {
    await auditReadRefusal("customer.search");
    return { status: "forbidden" };
  }
  const parsed = searchCustomersInput.safeParse(input);
  if (!parsed.success) return { status: "invalid" };
  return searchCustomers(await getDb(), parsed.data);
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/** The named text fields of a form for an action's input; optional ones left empty are left out. */
function fields(form: FormData, required: readonly string[], optional: readonly string[] = []): Record<string, string | undefined> {
  const input: Record<string, string | undefined> = Object.fromEntries(required.map((name) => [name, field(form, name)]));
  for (const name of optional) if (field(form, name)) input[name] = field(form, name);
  return input;
}

export type VerifyState = FormState<VerificationOutcome>;

export async function verifyByPhoneAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const customerId = field(form, "customerId");
  const result = await runAsCurrentStaff(verifyCallerByPhone, fields(form, ["customerId", "name", "birthDate", "phone", "branchCode", "accountNumber"], ["otp"]));
  revalidatePath(`/customers/${customerId}`);
  return result;
}

export async function verifyInPersonAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const customerId = field(form, "customerId");
  const result = await runAsCurrentStaff(verifyCallerInPerson, fields(form, ["customerId", "documentType", "documentLast4", "name", "birthDate", "photoMatches"]));
  revalidatePath(`/customers/${customerId}`);
  return result;
}

export async function clearBlockAction(_prev: FormState<{ customerId: string }>, form: FormData): Promise<FormState<{ customerId: string }>> {
  const customerId = field(form, "customerId");
  const result = await runAsCurrentStaff(clearVerificationBlock, fields(form, ["customerId", "reason"]));
  if (result.ok) revalidatePath(`/customers/${customerId}`);
  return result;
}
