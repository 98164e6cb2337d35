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
import { searchCustomersInput, searchKinds, type CustomerSearchParams, type SearchKind } from "@/lib/customers/search-schema";

export type SearchActionResult = QueryResult<SearchOutcome>;

export interface SearchState {
  /** What the form asked, to show it again (the kind only if it is one). */
  asked: { kind: SearchKind; query: string; userId: string };
  /** The search as the query read it, for sorting and paging it; null when the form was malformed. */
  params: CustomerSearchParams | null;
  outcome: SearchActionResult;
}

const searchFields = ["kind", "query", "userId", "sort", "dir", "page", "pageSize"] as const;

/**
 * Search is a POST (server action), so names, phones and e-mails never reach a URL or an access
 * log. It is the search form's own action, so it works before the page's scripts have loaded, or
 * without them: the browser posts the form and the page comes back with the results. Results are
 * masked; the search is audited by kind and hit count (lib/customers/queries.ts).
 */
export async function searchCustomersAction(_prev: SearchState | null, form: FormData): Promise<SearchState> {
  const input = Object.fromEntries(searchFields.flatMap((name) => {
    const value = form.get(name);
    return typeof value === "string" ? [[name, value]] : [];
  }));
  const outcome = await queryAsCurrentStaff(searchCustomersQuery, input);
  const parsed = searchCustomersInput.safeParse(input);
  const kind = (searchKinds as readonly unknown[]).includes(input.kind) ? (input.kind as SearchKind) : "name";
  const asked = { kind, query: String(input.query ?? "").slice(0, 100), userId: String(input.userId ?? "").slice(0, 30) };
  return { asked, params: parsed.success ? parsed.data : null, outcome };
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
