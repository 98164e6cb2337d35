"use server";

import { revalidatePath } from "next/cache";
import { queryAsCurrentStaff, submitForm, type FormState } from "@/lib/actions/web";
import type { ActionResult } from "@/lib/actions/types";
import type { QueryResult } from "@/lib/actions/query";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { clearVerificationBlock } from "@/lib/actions/verification/clear-verification-block";
import type { VerificationOutcome } from "@/lib/verification/record";
import type { SearchOutcome } from "@/lib/customers/search";
import { searchCustomersQuery } from "@/lib/customers/queries";

export type SearchActionResult = QueryResult<SearchOutcome>;

/**
 * Search is a POST (server action), so names, phones and e-mails never reach a URL or an access
 * log. Results are masked; the search is audited by kind and hit count (lib/customers/queries.ts).
 */
export async function searchCustomersAction(input: unknown): Promise<SearchActionResult> {
  return queryAsCurrentStaff(searchCustomersQuery, input);
}

export type VerifyState = FormState<VerificationOutcome>;

/** A failed verification keeps the answers for correction; the code the caller read out is asked again. */
const verifyOptions = { secret: ["otp"], keep: (r: ActionResult<VerificationOutcome>) => !r.ok || r.data.result !== "passed" } as const;

export async function verifyByPhoneAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const result = await submitForm(verifyCallerByPhone, form, verifyOptions);
  revalidatePath(`/customers/${String(form.get("customerId"))}`);
  return result;
}

export async function verifyInPersonAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const result = await submitForm(verifyCallerInPerson, form, verifyOptions);
  revalidatePath(`/customers/${String(form.get("customerId"))}`);
  return result;
}

export async function clearBlockAction(_prev: FormState<{ customerId: string }>, form: FormData): Promise<FormState<{ customerId: string }>> {
  const result = await submitForm(clearVerificationBlock, form);
  if (result?.ok) revalidatePath(`/customers/${String(form.get("customerId"))}`);
  return result;
}
