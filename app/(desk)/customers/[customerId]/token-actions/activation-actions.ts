"use server";

import { revalidatePath } from "next/cache";
import { submitForm, type FormState } from "@/lib/actions/web";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { renewTokenAtDeskAction } from "@/lib/actions/tokens/renew-token-at-desk";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import type { IssuedToken } from "@/lib/tokens/issue-at-desk";
import type { ResetActivationPasswordResult } from "@/lib/tokens/reset-activation";

/*
 * The token panel's forms for a new activation password (reset, new token) and renewal. A counter
 * slip comes back in the result this once, for the form to show and print; nothing here logs or
 * keeps it, and a reload cannot bring it back.
 */

export type ResetActivationState = FormState<ResetActivationPasswordResult>;
export type RenewTokenState = FormState<{ tokenId: string; serial: string; expiresAt: Date; notices: number }>;
export type IssueTokenState = FormState<IssuedToken>;

function refresh(form: FormData) {
  revalidatePath(`/customers/${String(form.get("customerId"))}`);
}

export async function resetActivationFormAction(_prev: ResetActivationState, form: FormData): Promise<ResetActivationState> {
  const result = await submitForm(resetActivationPasswordAction, form);
  if (result?.ok) refresh(form);
  return result;
}

export async function renewTokenFormAction(_prev: RenewTokenState, form: FormData): Promise<RenewTokenState> {
  const result = await submitForm(renewTokenAtDeskAction, form);
  if (result?.ok) refresh(form);
  return result;
}

export async function issueTokenFormAction(_prev: IssueTokenState, form: FormData): Promise<IssueTokenState> {
  const result = await submitForm(issueTokenAction, form);
  if (result?.ok) refresh(form);
  return result;
}
